"""``suara cases ...``, ``suara rules ...`` and ``suara worker``: closing the loop."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from suara.actions import CaseStatus, NewCase, Origin, Priority
from suara.actions.work import poll
from suara.domain.entities import Department
from suara.terminal import out, reports_errors, start

cases_app = typer.Typer(no_args_is_help=True, help="Cases: follow up unhappy customers.")
rules_app = typer.Typer(no_args_is_help=True, help="Automation rules.")


def register(app: typer.Typer) -> None:
    app.add_typer(cases_app, name="cases")
    app.add_typer(rules_app, name="rules")
    app.command("worker")(worker)


@cases_app.command("list")
@reports_errors
def cases_list(
    department: Annotated[str | None, typer.Option(help="One department's queue.")] = None,
    status: Annotated[str | None, typer.Option(help="new, contacted, resolved, wont_fix.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Closed cases too.")] = False,
) -> None:
    """A queue of cases, the most urgent first."""
    suara, _ = start()
    listing = suara.actions.cases.queue(department=department, status=status,
                                        open_only=not all_ and status is None)  # fmt: skip
    if not listing:
        out.print(_("cases.none"))
        return
    table = Table("#", _("cases.department"), _("cases.priority"), _("cases.status"),
                  _("cases.aspect"), _("cases.assignee"), _("cases.due"))  # fmt: skip
    for c in listing:
        table.add_row(str(c.id), c.department, c.priority, c.status, c.aspect or "-",
                      c.assignee or "-", f"{c.resolution_due_at:%Y-%m-%d %H:%M}")  # fmt: skip
    out.print(table)


@cases_app.command("show")
@reports_errors
def cases_show(case_id: Annotated[int, typer.Argument(help="Case number.")]) -> None:
    """A case and its history."""
    suara, _ = start()
    case = suara.actions.cases.get(case_id)
    for name, value in (
        ("origin", case.origin), ("department", case.department), ("priority", case.priority),
        ("status", case.status), ("aspect", case.aspect), ("assignee", case.assignee),
        ("score", case.score), ("opened_at", case.opened_at),
        ("first_contact_due_at", case.first_contact_due_at),
        ("resolution_due_at", case.resolution_due_at), ("recovered", case.recovered),
    ):  # fmt: skip
        out.print(f"{name}: {'-' if value is None else value}", markup=False)
    for event in suara.actions.cases.events(case_id):
        line = f"{event.created_at:%Y-%m-%d %H:%M} {event.kind} ({event.actor or '-'})"
        out.print(line + (f": {event.body}" if event.body else ""), markup=False)


@cases_app.command("open")
@reports_errors
def cases_open(
    customer: Annotated[int | None, typer.Option(help="Customer id.")] = None,
    response: Annotated[int | None, typer.Option(help="Response id.")] = None,
    comment: Annotated[int | None, typer.Option(help="Feedback item id.")] = None,
    department: Annotated[
        Department | None, typer.Option(help="Owner (default: by aspect).")
    ] = None,
    aspect: Annotated[str | None, typer.Option(help="Root-cause aspect.")] = None,
    priority: Annotated[Priority, typer.Option(help="Priority.")] = Priority.NORMAL,
    note: Annotated[str | None, typer.Option(help="First note.")] = None,
) -> None:
    """Open a case by hand for a customer, a response or a comment."""
    suara, _ = start()
    case, _created = suara.actions.cases.open(
        NewCase(Origin.MANUAL, customer_id=customer, response_id=response, feedback_id=comment,
                aspect=aspect, priority=priority, department=department, note=note),
        actor="cli",
    )  # fmt: skip
    out.print(_("cases.opened", id=case.id, department=case.department))


@cases_app.command("assign")
@reports_errors
def cases_assign(case_id: int, assignee: str) -> None:
    """Give a case to someone."""
    suara, _ = start()
    suara.actions.cases.assign(case_id, assignee, actor="cli")
    out.print(_("cases.changed", id=case_id))


@cases_app.command("note")
@reports_errors
def cases_note(case_id: int, text: str) -> None:
    """Add a note to a case."""
    suara, _ = start()
    suara.actions.cases.note(case_id, text, actor="cli")
    out.print(_("cases.changed", id=case_id))


@cases_app.command("resolve")
@reports_errors
def cases_resolve(
    case_id: int,
    status: Annotated[CaseStatus, typer.Option(help="contacted, resolved or wont_fix.")] = (
        CaseStatus.RESOLVED
    ),
    note: Annotated[str | None, typer.Option(help="Why.")] = None,
) -> None:
    """Move a case on: contacted, resolved, or won't fix."""
    suara, _ = start()
    suara.actions.cases.transition(case_id, status, actor="cli", note=note)
    out.print(_("cases.changed", id=case_id))


@rules_app.command("list")
@reports_errors
def rules_list() -> None:
    """Every rule: name, trigger, actions, source."""
    suara, _ = start()
    table = Table(_("rules.name"), _("rules.trigger"), _("rules.actions"), _("rules.source"))
    for rule in suara.actions.rules():
        actions = ", ".join(spec.name for spec, _params in rule.actions)
        table.add_row(rule.name, rule.trigger.name, actions, rule.source)
    out.print(table)


@rules_app.command("validate")
@reports_errors
def rules_validate(files: Annotated[list[Path], typer.Argument(help="YAML rule files.")]) -> None:
    """Check rule files without running them."""
    suara, _ = start()
    for file in files:
        rules = suara.actions.validate_rules(file.read_text(encoding="utf-8"), source=str(file))
        out.print(_("rules.valid", file=file, count=len(rules)))


@rules_app.command("dry-run")
@reports_errors
def rules_dry_run(
    days: Annotated[int, typer.Option(min=1, help="Look back this far.")] = 7,
) -> None:
    """What the rules would have done over the last N days (changes nothing)."""
    suara, _ = start()
    outcomes = suara.actions.dry_run(days)
    for o in outcomes:
        out.print(f"{o.rule}  {o.event}  {o.detail}  [{o.status}]", markup=False)
    out.print(_("rules.dry_run", count=len(outcomes), days=days))


@reports_errors
def worker(
    workers: Annotated[int, typer.Option(min=1, help="Worker threads.")] = 2,
    once: Annotated[bool, typer.Option(help="Poll for events once and exit.")] = False,
) -> None:
    """Run background jobs: events, messages, webhooks, the SLA check, weekly KPI emails."""
    suara, _ = start()
    if once:
        out.print(_("rules.polled", count=len(poll(suara.actions))))
        return
    suara.queue.run_worker(workers=workers)
