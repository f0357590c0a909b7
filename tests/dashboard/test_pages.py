"""Every dashboard page for every role that may open it, in both languages; what each role
may not open; masked and audited PII; exports of every table."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import insert

from suara.accounts import PAGES, Page, Role
from suara.app import Suara
from suara.records import FeedbackFilter
from suara.storage import schema
from tests.dashboard.conftest import sign_in

PATHS = {
    Page.OVERVIEW: "/dashboard",
    Page.PYRAMID: "/dashboard/pyramid?dimension=trust",
    Page.VOICE: "/dashboard/voice?kind=review&text=kurir",
    Page.JOURNEY: "/dashboard/journey",
    Page.OPERATIONS: "/dashboard/operations",
    Page.CUSTOMERS: "/dashboard/customers/1",
    Page.CASES: "/dashboard/cases",
    Page.RULES: "/dashboard/rules",
    Page.ADMIN: "/dashboard/admin",
}


def _user(role: Role) -> str:
    return role.value.replace("_", "-")


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_pages_and_no_others(web: TestClient, role: Role) -> None:
    assert sign_in(web, _user(role)) == 303
    for page, path in PATHS.items():
        response = web.get(path)
        if page in PAGES[role]:
            assert response.status_code == 200, (role, path, response.text[:300])
        else:
            assert response.status_code == 403, (role, path)
    assert ">Admin<" in web.get("/dashboard").text if role is Role.ADMIN else True


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_renders_in_both_languages(web: TestClient, lang: str) -> None:
    assert sign_in(web, "admin") == 303
    words = {"id": ("Ringkasan", "Keluar"), "en": ("Overview", "Sign out")}[lang]
    for path in [*PATHS.values(), "/dashboard/customers?q=a", "/dashboard/report"]:
        joiner = "&" if "?" in path else "?"
        page = web.get(f"{path}{joiner}lang={lang}")
        assert page.status_code == 200, (path, page.text[:300])
        assert f'<html lang="{lang}">' in page.text
        assert words[0] in page.text
    overview = web.get("/dashboard").text  # the choice is remembered
    assert words[1] in overview
    assert "<svg" in overview
    assert "http" not in overview.split("<main")[1].split("href")[0]


def test_overview_formats_for_the_language(web: TestClient) -> None:
    assert sign_in(web, "cx-lead") == 303
    text_id = web.get("/dashboard?lang=id").text
    assert "IK 95%" in text_id
    assert "dibanding bulan sebelumnya" in text_id
    assert "signifikan" in text_id
    assert "Sampel kecil" in text_id
    text_en = web.get("/dashboard?lang=en").text
    assert "95% CI" in text_en


def test_viewer_sees_masked_pii_and_is_not_audited(web: TestClient, demo_suara: Suara) -> None:
    person = demo_suara.records.customer(1).customer
    assert person.email
    assert person.name
    before = len(demo_suara.accounts.audit_entries())
    assert sign_in(web, "viewer") == 303
    page = web.get("/dashboard/customers/1").text
    assert person.email not in page
    assert person.name not in page
    assert person.email[0] + "***@" in page
    listing = web.get("/dashboard/customers?format=csv").text
    assert person.email not in listing
    assert len(demo_suara.accounts.audit_entries()) == before + 1  # the sign-in only


def test_a_masked_role_sees_comments_and_ticket_subjects_redacted(
    web: TestClient, demo_suara: Suara
) -> None:
    """Customers write their phone number into comments and ticket subjects; the timeline
    showed them raw to every role."""
    now = datetime.now(UTC)
    with demo_suara.store.transaction() as connection:
        connection.execute(
            insert(schema.feedback_items),
            {"kind": "review", "source": "test-pii", "external_id": "pii-1", "customer_id": 4,
             "text": "Refund ke 0812-9999-1234 ya, email ani.pii@contoh.id", "created_at": now},
        )  # fmt: skip
        connection.execute(
            insert(schema.support_tickets),
            {"source": "test-pii", "external_id": "pii-t1", "customer_id": 4,
             "subject": "Refund ke 081299991234", "channel": "email", "department": "support",
             "status": "open", "created_at": now},
        )  # fmt: skip
    assert sign_in(web, "viewer") == 303
    for path in ("/dashboard/customers/4", "/dashboard/customers/4?format=csv&table=timeline"):
        page = web.get(path).text
        assert "0812-9999-1234" not in page
        assert "081299991234" not in page
        assert "ani.pii@contoh.id" not in page
        assert "Refund ke [PHONE]" in page
    demo_suara.analyze_feedback()
    found = web.get("/dashboard/voice?text=refund+ke").text
    assert "Refund ke [PHONE] ya" in found
    # a viewer searches what it is shown: a phone number finds nobody's comment
    assert "Refund ke [PHONE] ya" not in web.get("/dashboard/voice?text=0812-9999").text


def test_support_sees_pii_and_each_view_is_audited(web: TestClient, demo_suara: Suara) -> None:
    person = demo_suara.records.customer(2).customer
    assert sign_in(web, "support") == 303
    assert person.email
    assert person.email in web.get("/dashboard/customers/2").text
    entry = demo_suara.accounts.audit_entries(limit=1)[0]
    assert (entry.username, entry.action, entry.target) == (
        "support",
        "view_customer",
        "customer:2",
    )
    assert web.get("/dashboard/admin").status_code == 403


def test_every_table_exports_to_csv_and_excel(web: TestClient) -> None:
    assert sign_in(web, "admin") == 303
    for path in PATHS.values():
        page = web.get(path).text
        links = [
            part.split('"')[0].replace("&amp;", "&")
            for part in page.split('href="')[1:]
            if "format=csv" in part.split('"')[0]
        ]
        assert links, path
        for link in links:
            got = web.get(link)
            assert got.status_code == 200, link
            assert got.headers["content-type"].startswith("text/csv")
            header = next(csv.reader(io.StringIO(got.text.lstrip("\ufeff"))))
            assert header, link
            assert all(header), link
            xlsx = web.get(link.replace("format=csv", "format=xlsx"))
            sheet = load_workbook(io.BytesIO(xlsx.content)).active
            assert sheet is not None
            assert sheet.max_row >= 1


def test_exports_are_whole_safe_and_exact(web: TestClient, demo_suara: Suara) -> None:
    """Found in a review of the voice page: an export stopped at the page's 100 rows, a
    comment "=HYPERLINK(…)" became a formula in Excel, % and _ matched everything, a month
    like 9999-12 was a server error and an unknown table gave the first one."""
    now = datetime.now(UTC)
    formula = '=HYPERLINK("http://contoh.id","klik") 50%_off'
    with demo_suara.store.transaction() as connection:
        connection.execute(
            insert(schema.feedback_items),
            {"kind": "review", "source": "test-export", "external_id": "x-1",
             "text": formula, "created_at": now},
        )  # fmt: skip
    assert sign_in(web, "admin") == 303
    total = len(demo_suara.records.comments(FeedbackFilter(), limit=100_000))
    assert total > 100
    export = web.get("/dashboard/voice?format=csv&table=comments")
    assert export.headers["cache-control"] == "no-store"
    assert export.headers["x-content-type-options"] == "nosniff"
    assert len(list(csv.DictReader(io.StringIO(export.text.lstrip("\ufeff"))))) == total
    xlsx = web.get("/dashboard/voice?text=hyperlink&format=xlsx&table=comments")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == formula]
    assert [c.data_type for c in cells] == ["s"]
    for literal in ("50%_off", "%_"):
        page = web.get("/dashboard/voice", params={"text": literal, "format": "csv"}).text
        assert len(list(csv.DictReader(io.StringIO(page.lstrip("\ufeff"))))) == 1
    nothing = web.get("/dashboard/voice", params={"text": "%%%", "format": "csv"}).text
    assert nothing.count("\n") == 1  # the header only: % is not a wildcard
    for month in ("start=0001-01", "end=9999-12", "start=2026-13"):
        assert web.get(f"/dashboard/voice?{month}").status_code == 200, month
    missing = web.get("/dashboard/voice?format=csv&table=nonexistent")
    assert missing.status_code == 404
    assert "comments" in missing.text


def test_the_voice_page_speaks_the_pages_language(web: TestClient) -> None:
    assert sign_in(web, "admin") == 303
    page = web.get("/dashboard/voice?lang=id").text
    assert ">ulasan<" in page
    assert ">pengiriman<" in page
    assert ">review<" not in page
    english = web.get("/dashboard/voice?lang=en").text
    assert ">review<" in english
    export = web.get("/dashboard/voice?lang=id&format=csv&table=comments").text
    assert ",review," in export  # exports keep the stored keys


def test_money_and_times_are_local(web: TestClient) -> None:
    assert sign_in(web, "sales") == 303
    page = web.get("/dashboard/customers/1?lang=id").text
    assert "Rp " in page
    assert " WIB" in page
