"""The case pages and the rules editor through their forms: open a case by hand, work it
through the workflow (CSRF on every form), an illegal move's message, notes as text, SLA
marks and escalation, close-the-loop tables, PII masking, the rules editor and its dry run,
and who may open what."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from suara.app import Suara
from suara.storage import schema
from tests.dashboard.conftest import csrf_of, sign_in

GOOD_RULE = """\
name: web-detractor-case
trigger: {type: response_received}
conditions:
  - {field: event.nps, op: "<=", value: 6}
actions:
  - {type: open_case, priority: high}
"""
BAD_RULE = GOOD_RULE.replace("event.nps", "event.mood").replace("web-detractor", "bad")
WRITTEN = ("cases", "case_events", "action_runs", "jobs", "rules", "customer_tags", "message_sends")


def _as(web: TestClient, user: str) -> None:
    web.cookies.clear()
    assert sign_in(web, user) == 303


def _open(web: TestClient, customer: str = "1", **extra: str) -> tuple[int, str]:
    token = csrf_of(web, "/dashboard/cases")
    data = {"csrf_token": token, "customer_id": customer} | extra
    response = web.post("/dashboard/cases", data=data)
    assert response.status_code == 303, response.text[:500]
    location = response.headers["location"]
    match = re.fullmatch(r"/dashboard/cases/(\d+)", location)
    assert match, location
    return int(match.group(1)), token


def _counts(suara: Suara) -> dict[str, int]:
    with suara.store.engine.connect() as connection:
        return {
            name: connection.execute(
                select(func.count()).select_from(schema.metadata.tables[name])
            ).scalar_one()
            for name in WRITTEN
        }


def test_open_a_case_and_work_it_through_the_workflow(web: TestClient, demo_suara: Suara) -> None:
    assert sign_in(web, "support") == 303
    queue = web.get("/dashboard/cases?lang=en")
    assert queue.status_code == 200
    assert 'department=support&amp;status=open" aria-current="page"' in queue.text
    case_id, token = _open(web, aspect="customer_support", note="Minta dihubungi lewat WA")
    page = web.get(f"/dashboard/cases/{case_id}").text
    assert "Minta dihubungi lewat WA" in page
    assert f"#{case_id}" in web.get("/dashboard/cases").text  # in support's own queue
    base = f"/dashboard/cases/{case_id}"
    assert web.post(f"{base}/assign", data={"csrf_token": token, "assignee": "rina"}).is_redirect
    evil = "<script>alert(1)</script><b>tebal</b>"
    assert web.post(f"{base}/note", data={"csrf_token": token, "body": evil}).is_redirect
    for status in ("contacted", "resolved"):
        moved = web.post(f"{base}/status", data={"csrf_token": token, "status": status})
        assert moved.status_code == 303, moved.text[:500]
    page = web.get(f"{base}?lang=en").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;tebal&lt;/b&gt;" in page
    assert "<script>alert" not in page
    assert "This case is closed." in page
    case = demo_suara.actions.cases.get(case_id)
    assert (case.status, case.assignee) == ("resolved", "rina")
    assert case.contacted_at is not None
    assert case.closed_at is not None
    kinds = [e.kind for e in demo_suara.actions.cases.events(case_id)]
    assert kinds == ["opened", "assigned", "note", "status", "status"]
    assert {e.actor for e in demo_suara.actions.cases.events(case_id)} == {"support"}


def test_an_illegal_move_shows_the_workflow_message(web: TestClient) -> None:
    assert sign_in(web, "cx-lead") == 303
    case_id, token = _open(web, "2")
    response = web.post(
        f"/dashboard/cases/{case_id}/status", data={"csrf_token": token, "status": "resolved"}
    )
    assert response.status_code == 409
    assert f"case #{case_id} is new and cannot become resolved" in response.text
    assert "allowed next: contacted, wont_fix" in response.text
    no_token = web.post(f"/dashboard/cases/{case_id}/note", data={"body": "x"})
    assert no_token.status_code == 403
    assert web.get("/dashboard/cases/999999").status_code == 404


def test_an_unknown_customer_is_refused_with_a_message(web: TestClient) -> None:
    assert sign_in(web, "admin") == 303
    token = csrf_of(web, "/dashboard/cases")
    response = web.post(
        "/dashboard/cases?lang=en", data={"csrf_token": token, "customer_id": "99999999"}
    )
    assert response.status_code == 422
    assert "There is no customer with that id" in response.text


def test_queue_marks_overdue_and_escalated_cases_and_exports_metrics(
    web: TestClient, demo_suara: Suara
) -> None:
    assert sign_in(web, "marketing") == 303
    case_id, _ = _open(web, "4", aspect="price_value")  # routed to marketing
    late = demo_suara.actions.clock() - timedelta(hours=1)
    with demo_suara.store.transaction() as connection:
        connection.execute(
            update(schema.cases)
            .where(schema.cases.c.id == case_id)
            .values(first_contact_due_at=late)
        )
    assert case_id in [e.case_id for e in demo_suara.actions.cases.escalate_overdue()]
    queue = web.get("/dashboard/cases?lang=en").text  # marketing's own queue by default
    row = queue.split(f">#{case_id}<")[1].split("</tr>")[0]
    assert '<span class="badge overdue">overdue</span>' in row
    assert '<span class="badge esc">1</span>' in row
    others = web.get("/dashboard/cases?department=support&status=all").text
    assert f">#{case_id}<" not in others
    export = web.get("/dashboard/cases?lang=en&format=csv&table=loop-department")
    assert export.headers["content-type"].startswith("text/csv")
    assert "Close-the-loop rate" in export.text
    assert "Marketing" in export.text  # the department, translated


def test_case_page_masks_pii_for_marketing_and_audits_support(
    web: TestClient, demo_suara: Suara
) -> None:
    person = demo_suara.records.customer(5).customer
    assert person.email
    assert sign_in(web, "marketing") == 303
    case_id, _ = _open(web, "5")
    page = web.get(f"/dashboard/cases/{case_id}").text
    assert person.email not in page
    assert person.email[0] + "***@" in page
    _as(web, "support")
    assert person.email in web.get(f"/dashboard/cases/{case_id}").text
    entry = demo_suara.accounts.audit_entries(limit=1)[0]
    assert (entry.username, entry.action, entry.target) == (
        "support",
        "view_customer",
        "customer:5",
    )


def test_rules_editor_rejects_a_bad_rule_and_saves_a_good_one(
    web: TestClient, demo_suara: Suara
) -> None:
    assert sign_in(web, "cx-lead") == 303
    token = csrf_of(web, "/dashboard/rules")
    bad = web.post("/dashboard/rules", data={"csrf_token": token, "definition": BAD_RULE})
    assert bad.status_code == 422
    assert "conditions[0].field" in bad.text
    assert "unknown field" in bad.text
    assert "event.mood" in bad.text  # the editor keeps what was typed
    good = web.post(
        "/dashboard/rules", data={"csrf_token": token, "definition": GOOD_RULE, "do": "save"}
    )
    assert good.status_code == 303
    assert "web-detractor-case" in [r.name for r in demo_suara.actions.rules()]
    page = web.get(good.headers["location"]).text
    assert "web-detractor-case" in page
    assert "/dashboard/rules?edit=web-detractor-case" in page
    assert "event.nps" in web.get("/dashboard/rules?edit=web-detractor-case").text


def test_dry_run_shows_what_a_rule_would_do_and_writes_nothing(
    web: TestClient, demo_suara: Suara
) -> None:
    assert sign_in(web, "admin") == 303
    token = csrf_of(web, "/dashboard/rules")
    before = _counts(demo_suara)
    tried = web.post(
        "/dashboard/rules?lang=en",
        data={"csrf_token": token, "definition": GOOD_RULE, "do": "dry_run", "days": "60"},
    )
    assert tried.status_code == 200, tried.text[:500]
    summary = re.search(r"web-detractor-case: (\d+) actions over the last 60 days", tried.text)
    assert summary, tried.text[:2000]
    assert int(summary.group(1)) > 0
    assert ">would<" in tried.text
    assert _counts(demo_suara) == before  # not even the rule was saved
    demo_suara.actions.save_rule(
        {"name": "web-dry", "enabled": False, "trigger": {"type": "response_received"},
         "actions": [{"type": "tag_customer", "tag": "vip"}]}
    )  # fmt: skip
    before = _counts(demo_suara)
    page = web.get("/dashboard/rules?dry_rule=web-dry&days=60&lang=en")
    assert page.status_code == 200
    assert re.search(r"web-dry: [1-9]\d* actions over the last 60 days", page.text)
    assert _counts(demo_suara) == before


def test_who_may_open_cases_and_rules(web: TestClient) -> None:
    expected = {
        "viewer": (403, 403),
        "marketing": (200, 403),
        "sales": (200, 403),
        "support": (200, 403),
        "cx-lead": (200, 200),
        "admin": (200, 200),
    }
    for user, (cases, rules) in expected.items():
        _as(web, user)
        page = web.get("/dashboard/cases")
        assert page.status_code == cases, user
        assert web.get("/dashboard/rules").status_code == rules, user
        nav = page.text.split("</nav>")[0]  # the error page has the navigation too
        assert ('href="/dashboard/cases"' in nav) == (cases == 200), user
    _as(web, "support")
    token = csrf_of(web, "/dashboard/cases")
    refused = web.post("/dashboard/rules", data={"csrf_token": token, "definition": GOOD_RULE})
    assert refused.status_code == 403
