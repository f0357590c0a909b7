"""Automation rules as data: YAML files (and rows the UI edits), validated before they run.

A rule is a trigger, conditions over the event and the customer, and actions::

    name: late-delivery-detractor
    trigger: {type: response_received}
    conditions:
      - {field: event.nps, op: "<=", value: 6}
      - {field: event.negative_aspects, op: contains, value: delivery}
    actions:
      - {type: open_case}
      - {type: send_message, template: case_followup}

Every problem is a :class:`RuleError` naming the rule, the field (``actions[1].template``)
and what is wrong, whether it is YAML syntax, a bad value or a reference to nothing.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from suara.actions.effects import ACTIONS, ActionSpec, Params, References
from suara.actions.triggers import TRIGGERS, TriggerSpec
from suara.domain.errors import RuleError

CUSTOMER_FIELDS = frozenset(
    {"province", "city", "gender", "language", "channel", "tags", "segments", "age"}
)
Op = Literal["==", "!=", "<", "<=", ">", ">=", "in", "not in", "contains", "exists"]


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str
    op: Op = "=="
    value: Any = None


class Step(BaseModel):
    """A trigger or an action: ``type`` plus its own parameters."""

    model_config = ConfigDict(extra="allow")
    type: str


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=100)
    description: str = ""
    enabled: bool = True
    trigger: Step
    conditions: list[Condition] = []
    actions: list[Step] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    trigger: TriggerSpec
    trigger_params: BaseModel
    actions: tuple[tuple[ActionSpec, Params], ...]
    source: str

    @property
    def name(self) -> str:
        return self.rule.name


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
    "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
    "contains": lambda a, b: b in a,
}  # fmt: skip


def holds(condition: Condition, values: Mapping[str, Any]) -> bool:
    """Whether the condition is true; a missing value makes every comparison false."""
    actual = values.get(condition.field)
    if condition.op == "exists":
        return (actual is not None) == (condition.value is not False)
    if actual is None:
        return False
    try:
        return bool(_COMPARE[condition.op](actual, condition.value))
    except TypeError:
        return False


def _loc(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(rule)"


def _params(model: type[BaseModel], step: Step, name: str, where: str) -> Any:
    values = dict(step.model_extra or {})
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RuleError(name, _loc((where, *first["loc"])), first["msg"]) from None


def compile_rule(data: Any, *, refs: References, source: str, index: int = 0) -> CompiledRule:
    name = str(data.get("name")) if isinstance(data, dict) and data.get("name") else f"#{index}"
    try:
        rule = Rule.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RuleError(name, _loc(first["loc"]), first["msg"]) from None
    trigger = TRIGGERS.get(rule.trigger.type)
    if trigger is None:
        known = ", ".join(TRIGGERS.names())
        raise RuleError(name, "trigger.type", f"unknown trigger {rule.trigger.type!r} ({known})")
    trigger_params = _params(trigger.params, rule.trigger, name, "trigger")
    fields = {f"event.{f}" for f in trigger.fields} | {f"customer.{f}" for f in CUSTOMER_FIELDS}
    for i, condition in enumerate(rule.conditions):
        if condition.field not in fields:
            problem = (f"unknown field {condition.field!r} for trigger {trigger.name} "
                       f"(known: {', '.join(sorted(fields))})")  # fmt: skip
            raise RuleError(name, f"conditions[{i}].field", problem)
    actions: list[tuple[ActionSpec, Params]] = []
    for i, step in enumerate(rule.actions):
        spec = ACTIONS.get(step.type)
        if spec is None:
            known = ", ".join(ACTIONS.names())
            raise RuleError(name, f"actions[{i}].type", f"unknown action {step.type!r} ({known})")
        params = _params(spec.params, step, name, f"actions[{i}]")
        reference = spec.check(params, refs)
        if reference is not None:
            raise RuleError(name, f"actions[{i}].{reference[0]}", reference[1])
        actions.append((spec, params))
    return CompiledRule(rule, trigger, trigger_params, tuple(actions), source)


def parse_rules(text: str, *, refs: References, source: str) -> list[CompiledRule]:
    """Rules from YAML text: one rule, a list of rules, or ``{rules: [...]}``."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(source, where, f"YAML syntax error: {problem}") from None
    if isinstance(data, dict) and "rules" in data:
        data = data["rules"]
    items = data if isinstance(data, list) else [data]
    compiled = [compile_rule(item, refs=refs, source=source, index=i)
                for i, item in enumerate(items) if item is not None]  # fmt: skip
    _no_duplicates(compiled)
    return compiled


def load_rule_files(
    paths: list[Path],
    *,
    refs: References,
    stored: list[tuple[str, Any]] = (),  # type: ignore[assignment]
) -> list[CompiledRule]:
    """Every rule in ``paths`` (files, or directories of ``*.yaml``/``*.yml``) and in the
    store (``(name, definition)`` pairs); a name may be defined only once."""
    rules: list[CompiledRule] = []
    for path in paths:
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")]) if path.is_dir() else [path]
        for file in files:
            rules += parse_rules(file.read_text(encoding="utf-8"), refs=refs, source=str(file))
    for i, (_, definition) in enumerate(stored or []):
        rules.append(compile_rule(definition, refs=refs, source="store", index=i))
    _no_duplicates(rules)
    return rules


def _no_duplicates(rules: list[CompiledRule]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.name in seen:
            where = f"{seen[rule.name]} and {rule.source}"
            raise RuleError(rule.name, "name", f"defined twice ({where}); rename one")
        seen[rule.name] = rule.source
