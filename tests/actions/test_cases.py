"""Cases on SQLite and PostgreSQL: opening (auto, manual, once), routing, SLAs, workflow,
escalation and the recovery outcome."""

from __future__ import annotations

import pytest

from suara.actions.cases import CaseService, NewCase
from suara.actions.policy import CasePolicy, CaseStatus, Origin, Priority
from suara.domain.entities import Department
from suara.domain.errors import CaseTransitionRejected, ConfigurationError, UnknownCase
from suara.storage import Store
from tests.actions.helpers import Clock, customer, respond, surveys


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cases(store: Store, clock: Clock) -> CaseService:
    return CaseService(store, CasePolicy(), clock=clock)


def test_a_detractor_opens_one_case_routed_by_aspect_with_sla_due_times(
    store: Store, cases: CaseService, clock: Clock
) -> None:
    service = surveys(store, clock)
    sari = customer(store, "Sari Wulandari")
    response = respond(service, sari, nps=2, nps_reason="paketnya telat seminggu")
    opened = cases.open_from_response(response, aspect="delivery")
    assert opened is not None
    case, created = opened
    assert created
    assert (case.origin, case.metric, case.score) == ("detractor", "nps", 2.0)
    assert (case.department, case.priority, case.status) == ("operations", "high", "new")
    assert (case.first_contact_due_at - clock.now).total_seconds() == 24 * 3600
    assert (case.resolution_due_at - clock.now).total_seconds() == 72 * 3600
    again = cases.open_from_response(response, aspect="delivery")
    assert again is not None
    assert again == (case, False)
    promoter = respond(service, sari, nps=10)
    assert cases.open_from_response(promoter) is None
    assert [e.kind for e in cases.events(case.id)] == ["opened"]


def test_low_csat_and_manual_cases_and_configurable_routing(store: Store, clock: Clock) -> None:
    policy = CasePolicy.from_settings({"price_value": "sales"}, {"normal": (1, 2)})
    cases = CaseService(store, policy, clock=clock)
    service = surveys(store, clock)
    budi = customer(store, "Budi Santoso")
    opened = cases.open_from_response(respond(service, budi, csat=2), aspect="price_value")
    assert opened is not None
    assert (opened[0].origin, opened[0].department, opened[0].priority) == (
        "low_csat", "sales", "normal",
    )  # fmt: skip
    assert (opened[0].resolution_due_at - clock.now).total_seconds() == 2 * 3600
    manual, _ = cases.open(
        NewCase(Origin.MANUAL, customer_id=budi, department=Department.MARKETING,
                priority=Priority.LOW, note="called us about a voucher"),
        actor="ani",
    )  # fmt: skip
    assert (manual.department, manual.priority, manual.origin) == ("marketing", "low", "manual")
    assert cases.events(manual.id)[0].body == "called us about a voucher"
    assert cases.policy.department_for(None) == "support"
    assert cases.policy.department_for("not-an-aspect") == "support"
    with pytest.raises(ConfigurationError, match="SUARA_CASE_ROUTING: 'shipping'"):
        CasePolicy.from_settings({"shipping": "operations"}, {})
    with pytest.raises(ConfigurationError, match="SUARA_CASE_SLA_HOURS"):
        CasePolicy.from_settings({}, {"high": (10, 5)})


def test_workflow_rejects_illegal_moves_and_records_every_change(
    store: Store, cases: CaseService, clock: Clock
) -> None:
    case, _ = cases.open(NewCase(Origin.MANUAL, customer_id=customer(store, "Dewi Lestari")))
    with pytest.raises(CaseTransitionRejected, match="is new and cannot become resolved"):
        cases.transition(case.id, CaseStatus.RESOLVED)
    cases.assign(case.id, "rina", actor="lead")
    cases.note(case.id, "Called, will refund the shipping fee", actor="rina")
    clock.advance(hours=3)
    contacted = cases.transition(case.id, CaseStatus.CONTACTED, actor="rina")
    assert contacted.contacted_at == clock.now
    clock.advance(hours=5)
    resolved = cases.transition(case.id, CaseStatus.RESOLVED, actor="rina")
    assert (resolved.status, resolved.closed_at, resolved.assignee) == (
        "resolved", clock.now, "rina",
    )  # fmt: skip
    with pytest.raises(CaseTransitionRejected, match="allowed next: none"):
        cases.transition(case.id, CaseStatus.CONTACTED)
    kinds = [(e.kind, e.actor) for e in cases.events(case.id)]
    assert kinds == [("opened", "system"), ("assigned", "lead"), ("note", "rina"),
                     ("status", "rina"), ("status", "rina")]  # fmt: skip
    cases.note(case.id, "pasted from a cut export: \ud83d", actor="rina")  # half an emoji
    assert cases.events(case.id)[-1].body == "pasted from a cut export: \ufffd"
    with pytest.raises(UnknownCase, match="#999"):
        cases.note(999, "x")
    assert [c.id for c in cases.queue(department="support", status="resolved")] == [case.id]
    assert cases.queue(open_only=True) == []


def test_sla_breaches_escalate_once_per_level(
    store: Store, cases: CaseService, clock: Clock
) -> None:
    case, _ = cases.open(NewCase(Origin.MANUAL, priority=Priority.NORMAL))
    calm, _ = cases.open(NewCase(Origin.MANUAL, priority=Priority.LOW))
    cases.transition(calm.id, CaseStatus.CONTACTED)
    assert cases.escalate_overdue() == []
    clock.advance(hours=49)
    first = cases.escalate_overdue()
    assert [(e.case_id, e.breach, e.level) for e in first] == [(case.id, "first_contact", 1)]
    assert cases.escalate_overdue() == []
    assert cases.get(case.id).priority == "high"
    clock.advance(days=7)
    second = cases.escalate_overdue()
    assert [(e.case_id, e.breach, e.level) for e in second] == [(case.id, "resolution", 2)]
    assert cases.get(case.id).priority == "urgent"
    clock.advance(days=30)
    assert [(e.case_id, e.level) for e in cases.escalate_overdue()] == [(calm.id, 2)]


def test_recovery_outcome_is_the_next_score_on_the_same_metric(
    store: Store, cases: CaseService, clock: Clock
) -> None:
    service = surveys(store, clock)
    sari, budi = customer(store, "Sari Wulandari"), customer(store, "Budi Santoso")
    first = cases.open_from_response(respond(service, sari, nps=3))
    second = cases.open_from_response(respond(service, budi, nps=5))
    assert first
    assert second
    assert cases.update_recovery() == 0
    clock.advance(days=20)
    respond(service, sari, nps=9)
    respond(service, budi, nps=4)
    assert cases.update_recovery() == 2
    assert (cases.get(first[0].id).recovered, cases.get(first[0].id).recovery_score) == (True, 9)
    assert cases.get(second[0].id).recovered is False
    assert cases.update_recovery() == 0
