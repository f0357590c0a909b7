"""``/dashboard/rules`` (admin and CX lead): the automation rules, a YAML editor that
validates through the rules engine before it saves, and a dry run of a rule over the last N
days that shows what it would have done and writes nothing.

Rules from files (``SUARA_RULES_DIR``) are listed but edited in their files; the editor
stores rules in the database (:meth:`~suara.actions.ActionsService.save_rule`). A rule that
does not validate is shown with the engine's message, which names the rule, the field and
the problem.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import quote

import yaml
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from suara.accounts import Page, SignedIn
from suara.actions.engine import Outcome
from suara.actions.rules import CompiledRule
from suara.app import Suara
from suara.domain.errors import RuleError
from suara.web.auth import require
from suara.web.dashboard.tables import Column, DataTable, respond
from suara.web.deps import SuaraDep

router = APIRouter(include_in_schema=False)
Rules = Annotated[SignedIn, Depends(require(Page.RULES))]

YAML_MAX = 20_000
DAYS_DEFAULT, DAYS_MAX = 30, 365
SHOWN_OUTCOMES = 500
EXAMPLE = """\
name: detractor-follow-up
description: A case for every detractor who names a problem
trigger: {type: response_received}
conditions:
  - {field: event.nps, op: "<=", value: 6}
actions:
  - {type: open_case, priority: high}
"""

_RULES = [
    Column("name", "rules.name"),
    Column("trigger", "rules.trigger"),
    Column("conditions", "dash.col.conditions", "num"),
    Column("actions", "rules.actions"),
    Column("enabled", "dash.col.enabled", "flag"),
    Column("source", "rules.source"),
]
_OUTCOMES = [
    Column("rule", "rules.name"),
    Column("action", "dash.col.action"),
    Column("event", "dash.col.event"),
    Column("customer_id", "dash.col.customer", "link"),
    Column("detail", "dash.col.detail"),
    Column("status", "dash.col.status"),
]


def _definition(rule: CompiledRule) -> str:
    data = rule.rule.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _days(value: object) -> int:
    try:
        days = int(str(value))
    except ValueError:
        return DAYS_DEFAULT
    return min(max(days, 1), DAYS_MAX)


def dry_run(suara: Suara, rules: list[CompiledRule], days: int) -> list[Outcome]:
    """What ``rules`` would have done over the last ``days`` days, a disabled rule included
    (a preview is how one decides to enable it); reads the store only."""
    enabled = [replace(r, rule=r.rule.model_copy(update={"enabled": True})) for r in rules]
    return suara.actions.engine(enabled).dry_run(days)


def _page(
    request: Request,
    suara: Suara,
    signed: SignedIn,
    *,
    text: str | None = None,
    error: str | None = None,
    outcomes: list[Outcome] | None = None,
    days: int = DAYS_DEFAULT,
    dry_rule: str = "",
    status: int = 200,
) -> Response:
    try:
        rules = suara.actions.rules()
        problem = None
    except RuleError as exc:
        rules, problem = [], str(exc)
    p = request.query_params
    editing = next((r for r in rules if r.name == p.get("edit") and r.source == "store"), None)
    if text is None:
        text = _definition(editing) if editing else EXAMPLE
    dry_rule = dry_rule or p.get("dry_rule", "")
    if outcomes is None and dry_rule:
        days = _days(p.get("days", DAYS_DEFAULT))
        chosen = [r for r in rules if r.name == dry_rule]
        outcomes = dry_run(suara, chosen, days) if chosen else []
    tables = [
        DataTable("rules", "dash.rules.list", _RULES,
                  [{"name": r.name, "trigger": r.trigger.name, "conditions": len(r.rule.conditions),
                    "actions": ", ".join(spec.name for spec, _ in r.actions),
                    "enabled": r.rule.enabled, "source": r.source} for r in rules]),
    ]  # fmt: skip
    if outcomes is not None:
        rows = [{c.key: getattr(o, c.key) for c in _OUTCOMES} for o in outcomes]
        tables.append(DataTable("dry-run", "dash.rules.dry_run", _OUTCOMES,
                                rows[:SHOWN_OUTCOMES], note="dash.rules.dry_run_note"))  # fmt: skip
    context = {
        "title": "dash.nav.rules", "page": Page.RULES, "rules": rules, "text": text,
        "error": error, "problem": problem, "saved": p.get("saved"), "days": days,
        "dry_rule": dry_rule, "outcome_count": None if outcomes is None else len(outcomes),
        "would": sum(1 for o in outcomes or [] if o.status == "would"),
        "shown_max": SHOWN_OUTCOMES,
    }  # fmt: skip
    response = respond(request, signed, "dash_rules.html", context, tables)
    response.status_code = status
    return response


@router.get("/dashboard/rules")
def rules_page(request: Request, suara: SuaraDep, signed: Rules) -> Response:
    return _page(request, suara, signed)


def _items(text: str) -> list[Any]:
    """The rule definitions in editor text, as :func:`~suara.actions.rules.parse_rules`
    reads them: one rule, a list, or ``{rules: [...]}``."""
    data = yaml.safe_load(text)
    if isinstance(data, dict) and "rules" in data:
        data = data["rules"]
    return [item for item in (data if isinstance(data, list) else [data]) if item is not None]


def _file_rules(suara: Suara) -> dict[str, str]:
    try:
        return {r.name: r.source for r in suara.actions.rules() if r.source != "store"}
    except RuleError:
        return {}


@router.post("/dashboard/rules")
async def save(request: Request, suara: SuaraDep, signed: Rules) -> Response:
    form = await request.form()
    raw = form.get("definition")
    text = raw[:YAML_MAX] if isinstance(raw, str) else ""
    days = _days(form.get("days", DAYS_DEFAULT))
    try:
        compiled = suara.actions.validate_rules(text, source="editor")
        if not compiled:
            raise RuleError("editor", "(rule)", "the editor is empty; write one rule in YAML")
        in_files = _file_rules(suara)
        for rule in compiled:
            if rule.name in in_files:
                problem = f"defined in {in_files[rule.name]}; edit that file or rename this rule"
                raise RuleError(rule.name, "name", problem)
    except RuleError as exc:
        return _page(request, suara, signed, text=text, error=str(exc), days=days, status=422)
    if form.get("do") == "dry_run":
        outcomes = dry_run(suara, compiled, days)
        return _page(request, suara, signed, text=text, outcomes=outcomes, days=days,
                     dry_rule=", ".join(r.name for r in compiled))  # fmt: skip
    for item in _items(text):
        suara.actions.save_rule(item)
    names = ",".join(r.name for r in compiled)
    return RedirectResponse(f"/dashboard/rules?saved={quote(names)}", status_code=303)
