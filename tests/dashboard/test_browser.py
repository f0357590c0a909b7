"""The dashboard in a real browser: Playwright driving Debian chromium against ``suara serve``
on a demo store. Each role signs in through the form; every page in both languages;
screenshots at desktop (1280x800) and phone (390x844) widths go to
``test-artifacts/screenshots/dashboard/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from suara.accounts import PAGES, Role
from suara.accounts import Page as Section
from suara.actions import NewCase, Origin
from suara.app import build
from suara.settings import Settings
from tests.dashboard.conftest import DEMO, PASSWORD
from tests.web.live import free_port, live_server
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "dashboard"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PATHS = {
    Section.OVERVIEW: "/dashboard",
    Section.PYRAMID: "/dashboard/pyramid?factor=competence",
    Section.VOICE: "/dashboard/voice",
    Section.JOURNEY: "/dashboard/journey",
    Section.OPERATIONS: "/dashboard/operations",
    Section.CUSTOMERS: "/dashboard/customers/3",
    Section.CASES: "/dashboard/cases/1",
    Section.RULES: "/dashboard/rules",
    Section.ADMIN: "/dashboard/admin",
}
EXTRA = {"report": "/dashboard/report", "case-queue": "/dashboard/cases"}
RULE = {"name": "detractor-case", "trigger": {"type": "response_received"},
        "conditions": [{"field": "event.nps", "op": "<=", "value": 6}],
        "actions": [{"type": "open_case"}]}  # fmt: skip


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    settings = Settings(
        home=tmp_path_factory.mktemp("dash-browser") / "home",
        public_url=f"http://127.0.0.1:{port}",
    )
    suara = build(settings)
    suara.build_demo(DEMO)
    for role in Role:
        suara.accounts.add_user(role.value.replace("_", "-"), role.value, password=PASSWORD)
    note = "Paket telat 5 hari; pelanggan minta refund ongkir."
    suara.actions.cases.open(NewCase(Origin.MANUAL, customer_id=3, aspect="delivery", note=note))
    suara.actions.save_rule(RULE)
    suara.close()
    with live_server(settings, port):
        yield settings.public_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "install Debian chromium (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _signed_in(browser: Browser, url: str, role: Role, size: str = "desktop") -> Page:
    page = browser.new_context(viewport=SIZES[size], java_script_enabled=False).new_page()  # type: ignore[arg-type]
    page.goto(f"{url}/dashboard")
    expect(page).to_have_url(f"{url}/login?next=%2Fdashboard")
    page.fill("#username", role.value.replace("_", "-"))
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{url}/dashboard")
    return page


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_what_it_owns(browser: Browser, url: str, role: Role) -> None:
    page = _signed_in(browser, url, role)
    nav = page.locator("header nav a")
    expect(nav).to_have_count(len(PAGES[role]))
    for section, path in PATHS.items():
        response = page.goto(f"{url}{path}")
        assert response is not None
        assert response.status == (200 if section in PAGES[role] else 403), (role, path)
    if Section.CUSTOMERS in PAGES[role]:
        page.goto(f"{url}/dashboard/customers/3")
        email = page.locator("dd.pii").first.inner_text()
        assert ("***@" in email) == (role in {Role.VIEWER, Role.MARKETING}), (role, email)
    page.context.close()


def test_every_page_in_both_languages_with_screenshots(browser: Browser, url: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        page = _signed_in(browser, url, Role.ADMIN, size)
        for lang, word in (("en", "Overview"), ("id", "Ringkasan")):
            for name, path in [*((s.value, p) for s, p in PATHS.items()), *EXTRA.items()]:
                joiner = "&" if "?" in path else "?"
                response = page.goto(f"{url}{path}{joiner}lang={lang}")
                assert response is not None
                assert response.status == 200, path
                expect(page.locator("html")).to_have_attribute("lang", lang)
                assert word in page.content()
                if lang == "id" or size == "desktop":
                    shot = SCREENSHOTS / f"{name}-{lang}-{size}.png"
                    page.screenshot(path=str(shot), full_page=size == "desktop")
        page.context.close()
