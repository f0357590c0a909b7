"""``/dashboard/cases`` (a queue per department with SLA marks, the close-the-loop metrics by
department and by aspect, a form to open a case) and ``/dashboard/cases/{id}`` (the case, its
history and notes, the customer, and forms to assign, note and move it along the workflow).

Every form carries the session's CSRF token (:func:`suara.web.auth.require`) and redirects
after success; a move the workflow does not allow shows the workflow's own message. The
customer's personal data is masked for roles outside :data:`~suara.accounts.SEES_PII`, and
each unmasked view is written to the audit log, as on the customer page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from suara.accounts import SEES_PII, Page, SignedIn
from suara.accounts.roles import HOME_DEPARTMENT
from suara.actions import Case, CaseStatus, NewCase, Origin, Priority
from suara.actions.loop_metrics import LoopMetrics, by_aspect, by_department
from suara.actions.policy import TRANSITIONS
from suara.app import Suara
from suara.domain.entities import Department
from suara.domain.errors import CaseTransitionRejected, UnknownCustomer
from suara.domain.frameworks import Aspect
from suara.i18n import translate
from suara.records import CustomerRow
from suara.web.auth import client_address, require
from suara.web.dashboard.people import masked_customer
from suara.web.dashboard.render import language, render
from suara.web.dashboard.tables import Column, DataTable, respond
from suara.web.deps import SuaraDep

router = APIRouter(include_in_schema=False)
Cases = Annotated[SignedIn, Depends(require(Page.CASES))]

STATUS_FILTERS = ("open", "all", *(s.value for s in CaseStatus))
DUE_SOON = timedelta(hours=24)
QUEUE_LIMIT = 500
NOTE_MAX = 4000
EVENT_KINDS = ("opened", "assigned", "note", "status", "escalated")

_LOOP = [
    Column("cases", "dash.col.cases", "num"),
    Column("open", "dash.col.open", "num"),
    Column("closed_loop", "dash.col.closed_loop", "num"),
    Column("close_the_loop_rate", "dash.col.close_rate", "pct"),
    Column("hours_to_first_contact", "dash.col.hours_contact", "num1"),
    Column("hours_to_resolution", "dash.col.hours_resolution", "num1"),
    Column("recovery_known", "dash.col.recovery_known", "num"),
    Column("recovered", "dash.col.recovered", "num"),
    Column("recovery_rate", "dash.col.recovery_rate", "pct"),
]
_QUEUE = [
    Column("id", "dash.col.case"),
    Column("status", "dash.col.status"),
    Column("priority", "dash.col.priority"),
    Column("escalation_level", "dash.col.escalation", "num"),
    Column("department", "dash.col.department"),
    Column("aspect", "dash.col.aspect", "term:aspect"),
    Column("origin", "dash.col.origin"),
    Column("customer_id", "dash.col.customer", "link"),
    Column("assignee", "dash.col.assignee"),
    Column("opened_at", "dash.col.opened", "when"),
    Column("due_at", "dash.col.due", "when"),
    Column("sla", "dash.col.sla"),
]


@dataclass(frozen=True, slots=True)
class QueueItem:
    case: Case
    due_at: datetime | None
    sla: str
    """``overdue``, ``due_soon``, ``on_track`` or ``closed``."""


def sla_state(case: Case, now: datetime) -> QueueItem:
    """The next deadline of an open case (first contact while new, then resolution)."""
    if not case.is_open:
        return QueueItem(case, None, "closed")
    due = case.first_contact_due_at if case.status == CaseStatus.NEW else case.resolution_due_at
    state = "overdue" if due < now else "due_soon" if due - now < DUE_SOON else "on_track"
    return QueueItem(case, due, state)


def _loop_rows(metrics: list[LoopMetrics], key: str) -> list[dict[str, Any]]:
    def pct(value: float | None) -> float | None:
        return None if value is None else 100 * value

    return [{key: m.group, "cases": m.cases, "open": m.open, "closed_loop": m.closed_loop,
             "close_the_loop_rate": pct(m.close_the_loop_rate),
             "hours_to_first_contact": m.hours_to_first_contact,
             "hours_to_resolution": m.hours_to_resolution, "recovery_known": m.recovery_known,
             "recovered": m.recovered, "recovery_rate": pct(m.recovery_rate)}
            for m in metrics]  # fmt: skip


def _filters(request: Request, signed: SignedIn) -> tuple[str, str]:
    """The department (``all`` or one) and status filter; a department role's default is
    its own queue."""
    p = request.query_params
    default = HOME_DEPARTMENT.get(signed.user.role, "all")
    department = p.get("department") or default
    if department != "all" and department not in {d.value for d in Department}:
        department = default
    status = p.get("status") or "open"
    return department, status if status in STATUS_FILTERS else "open"


def _queue_page(
    request: Request,
    suara: Suara,
    signed: SignedIn,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    department, state = _filters(request, signed)
    service = suara.actions
    queue = service.cases.queue(
        department=None if department == "all" else department,
        status=None if state in {"open", "all"} else state,
        open_only=state == "open",
        limit=QUEUE_LIMIT,
    )
    now = service.clock()
    items = [sla_state(case, now) for case in queue]
    everything = service.cases.queue(limit=100_000)
    lang = language(request)
    tables = [
        DataTable("queue", "dash.cases.queue", _QUEUE,
                  [{c.key: getattr(i.case, c.key, None) for c in _QUEUE}
                   | {"due_at": i.due_at, "sla": i.sla} for i in items]),
        DataTable("loop-department", "dash.cases.by_department",
                  [Column("department", "dash.col.department"), *_LOOP],
                  [r | {"department": translate(f"dash.dept.{r['department']}", lang)}
                   for r in _loop_rows(by_department(everything), "department")],
                  note="dash.cases.loop_note"),
        DataTable("loop-aspect", "dash.cases.by_aspect",
                  [Column("aspect", "dash.col.aspect", "term:aspect"), *_LOOP],
                  _loop_rows(by_aspect(everything), "aspect"), note="dash.cases.loop_note"),
    ]  # fmt: skip
    context = {
        "title": "dash.nav.cases", "page": Page.CASES, "items": items,
        "department": department, "status_filter": state, "status_filters": STATUS_FILTERS,
        "departments": [d.value for d in Department], "aspects": [a.value for a in Aspect],
        "priorities": [p.value for p in Priority], "error": error, "form": form or {},
    }  # fmt: skip
    response = respond(request, signed, "dash_cases.html", context, tables)
    response.status_code = status
    return response


@router.get("/dashboard/cases")
def cases(request: Request, suara: SuaraDep, signed: Cases) -> Response:
    return _queue_page(request, suara, signed)


def _field(form: Any, name: str, limit: int = 100) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _choice(kind: Any, value: str) -> Any:
    return kind(value) if value in {m.value for m in kind} else None


@router.post("/dashboard/cases")
async def open_case(request: Request, suara: SuaraDep, signed: Cases) -> Response:
    form = await request.form()
    fields = {k: _field(form, k) for k in ("customer_id", "aspect", "department", "priority")}
    fields["note"] = _field(form, "note", NOTE_MAX)
    raw = fields["customer_id"]
    if not raw.isdigit():
        return _queue_page(request, suara, signed, error="dash.cases.bad_customer", form=fields,
                           status=422)  # fmt: skip
    try:
        suara.records.customer(int(raw))
    except UnknownCustomer:
        return _queue_page(request, suara, signed, error="dash.cases.bad_customer", form=fields,
                           status=422)  # fmt: skip
    new = NewCase(
        Origin.MANUAL, customer_id=int(raw), aspect=_choice(Aspect, fields["aspect"]),
        department=_choice(Department, fields["department"]),
        priority=_choice(Priority, fields["priority"]), note=fields["note"] or None,
    )  # fmt: skip
    case, _ = suara.actions.cases.open(new, actor=signed.user.username)
    return RedirectResponse(f"/dashboard/cases/{case.id}", status_code=303)


def _customer(
    request: Request, suara: Suara, signed: SignedIn, customer_id: int | None
) -> CustomerRow | None:
    if customer_id is None:
        return None
    try:
        row = suara.records.customer(customer_id).customer
    except UnknownCustomer:
        return None
    if signed.user.role in SEES_PII:
        suara.accounts.audit(
            signed.user, "view_customer", target=f"customer:{customer_id}",
            address=client_address(request),
        )  # fmt: skip
    return masked_customer(row, signed)


def _case_page(
    request: Request,
    suara: Suara,
    signed: SignedIn,
    case_id: int,
    *,
    error: str | None = None,
    message: str | None = None,
    status: int = 200,
) -> Response:
    """``error`` is a catalogue key; ``message`` a workflow error's own text."""
    service = suara.actions.cases
    case = service.get(case_id)
    context = {
        "title": "dash.nav.cases", "page": Page.CASES, "case": case,
        "item": sla_state(case, suara.actions.clock()), "events": service.events(case_id),
        "person": _customer(request, suara, signed, case.customer_id),
        "next_statuses": sorted(s.value for s in TRANSITIONS[CaseStatus(case.status)]),
        "error": error, "message": message, "event_kinds": EVENT_KINDS,
    }  # fmt: skip
    return render(request, signed, "dash_case.html", context, status=status)


@router.get("/dashboard/cases/{case_id}")
def case_page(request: Request, suara: SuaraDep, signed: Cases, case_id: int) -> Response:
    return _case_page(request, suara, signed, case_id)


def _back(case_id: int) -> Response:
    return RedirectResponse(f"/dashboard/cases/{case_id}", status_code=303)


@router.post("/dashboard/cases/{case_id}/assign")
async def assign(request: Request, suara: SuaraDep, signed: Cases, case_id: int) -> Response:
    assignee = _field(await request.form(), "assignee")
    if not assignee:
        return _case_page(request, suara, signed, case_id, error="dash.case.need_assignee",
                          status=422)  # fmt: skip
    suara.actions.cases.assign(case_id, assignee, actor=signed.user.username)
    return _back(case_id)


@router.post("/dashboard/cases/{case_id}/note")
async def note(request: Request, suara: SuaraDep, signed: Cases, case_id: int) -> Response:
    body = _field(await request.form(), "body", NOTE_MAX)
    if not body:
        return _case_page(request, suara, signed, case_id, error="dash.case.need_note",
                          status=422)  # fmt: skip
    suara.actions.cases.note(case_id, body, actor=signed.user.username)
    return _back(case_id)


@router.post("/dashboard/cases/{case_id}/status")
async def move(request: Request, suara: SuaraDep, signed: Cases, case_id: int) -> Response:
    form = await request.form()
    target = _choice(CaseStatus, _field(form, "status"))
    if target is None:
        return _case_page(request, suara, signed, case_id, error="dash.case.need_status",
                          status=422)  # fmt: skip
    note_text = _field(form, "note", NOTE_MAX) or None
    try:
        suara.actions.cases.transition(case_id, target, actor=signed.user.username, note=note_text)
    except CaseTransitionRejected as exc:
        return _case_page(request, suara, signed, case_id, message=str(exc), status=409)
    return _back(case_id)
