"""The survey pages in a real browser: Playwright driving Debian chromium on a phone-sized
viewport against ``suara serve``. Screenshots go to ``test-artifacts/screenshots/``.

``make test`` installs chromium when it is missing; when it is still missing these tests fail
(never skip), because the pages' promises (no JavaScript needed, keyboard, phone layout) are
only checked here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect, sync_playwright
from sqlalchemy import func, insert, select

from suara.app import Suara, build
from suara.i18n import translate
from suara.settings import Settings
from suara.storage import schema
from suara.surveys.links import sign_token
from tests.web.live import free_port, live_server

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@dataclass(frozen=True, slots=True)
class Live:
    url: str
    suara: Suara

    def customer(self, name: str, language: str) -> int:
        now = datetime.now(UTC)
        with self.suara.store.transaction() as connection:
            return int(
                connection.execute(
                    insert(schema.customers).returning(schema.customers.c.id),
                    {"name": name, "preferred_language": language, "consent_email": True,
                     "created_at": now, "updated_at": now},
                ).scalar_one()
            )  # fmt: skip

    def answers(self, survey: str) -> list[tuple[int | None, str | None, int]]:
        """(customer, language, number of answers) of each stored response to ``survey``."""
        r, s, a = schema.responses, schema.surveys, schema.answers
        with self.suara.store.engine.connect() as connection:
            rows = connection.execute(
                select(r.c.customer_id, r.c.language, func.count(a.c.id))
                .join(s, s.c.id == r.c.survey_id)
                .join(a, a.c.response_id == r.c.id)
                .where(s.c.key == survey)
                .group_by(r.c.id, r.c.customer_id, r.c.language)
                .order_by(r.c.id)
            ).all()
        return [(row[0], row[1], int(row[2])) for row in rows]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A fresh store served by ``suara serve``, which installs the built-in surveys itself."""
    port = free_port()
    home = tmp_path_factory.mktemp("browser") / "home"
    settings = Settings(home=home, public_url=f"http://127.0.0.1:{port}")
    suara = build(settings)
    with live_server(settings, port):
        try:
            yield Live(settings.public_url, suara)
        finally:
            suara.close()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. `make test` "
            "installs it (apt-get install chromium); install it, then run the tests again."
        )
    with sync_playwright() as driver:
        yield driver


Phone = Callable[..., Page]


@pytest.fixture
def phone(playwright: Playwright, tmp_path: Path) -> Iterator[Phone]:
    """Opens a phone-sized chromium with a fresh profile: ``phone(locale=..., javascript=...)``."""
    contexts: list[BrowserContext] = []

    def open_phone(*, locale: str = "id-ID", javascript: bool = True) -> Page:
        context = playwright.chromium.launch_persistent_context(
            tmp_path / f"profile-{len(contexts)}",
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale=locale,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.pages[0] if context.pages else context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def _answer_page(page: Page) -> None:
    """Answer every question on the page as a respondent would, by tapping the labels."""
    for question in page.locator("fieldset.q").all():
        radios = question.locator("input[type=radio]")
        boxes = question.locator("input[type=checkbox]")
        if radios.count():
            radios.nth(radios.count() - 2).check()
        elif boxes.count():
            boxes.first.check()
        else:
            question.locator("textarea").fill("Pengirimannya cepat, terima kasih.")


def _finish(page: Page, language: str, *, name: str) -> None:
    """Answer and go on, page after page, until the thank-you page."""
    pages = 0
    while "/done" not in page.url:
        pages += 1
        assert pages <= 10, f"{name}: the survey did not end ({page.url})"
        _answer_page(page)
        last = page.get_by_role("button", name=translate("page.submit", language))
        if last.count():
            _shot(page, f"{name}-last-page")
            button = last
        else:
            button = page.get_by_role("button", name=translate("page.next", language))
        with page.expect_navigation():  # answer the next page only once it has loaded
            button.click()
    expect(page.locator("h1")).to_have_text(translate("page.thanks.title", language))


def test_the_pyramid_survey_in_indonesian_from_a_personal_link(live: Live, phone: Phone) -> None:
    budi = live.customer("Budi Santoso", "id")
    invitation = live.suara.surveys.invite("cx_pyramid", customer_id=budi)
    page = phone(locale="en-US")  # the customer's preference wins over the browser's
    page.goto(live.suara.surveys.personal_url(invitation))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator(".intro")).to_contain_text("Halo Budi")
    expect(page.locator("#progress")).to_have_text("Langkah 1 dari 7")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "pyramid-id-first-page")
    _finish(page, "id", name="pyramid-id")
    _shot(page, "pyramid-id-thanks")
    assert live.answers("cx_pyramid") == [(budi, "id", 19)]
    page.goto(live.suara.surveys.personal_url(invitation))
    expect(page.locator("h1")).to_have_text(translate("page.used.title", "id"))
    _shot(page, "pyramid-id-used-link")


def test_the_nps_survey_in_english_by_keyboard_without_javascript(live: Live, phone: Phone) -> None:
    page = phone(locale="id-ID", javascript=False)
    page.goto(f"{live.url}/s/nps")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("link", name=translate("page.lang_switch", "id")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#progress")).to_have_text("Step 1 of 2")
    page.locator("input[name=nps]").first.focus()
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    expect(page.locator("input[name=nps][value='9']")).to_be_checked()
    _shot(page, "nps-en-score")
    page.keyboard.press("Enter")  # submits with the form's default button: Next
    expect(page.locator("#progress")).to_have_text("Step 2 of 2")
    page.get_by_label(translate("page.text_hint", "en")).fill("Fast delivery, well packed.")
    _shot(page, "nps-en-reason")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text("Thank you!")
    _shot(page, "nps-en-thanks")
    assert live.answers("nps")[-1] == (None, "en", 2)


def test_a_half_finished_survey_resumes_where_it_was_left(live: Live, phone: Phone) -> None:
    page = phone(locale="id-ID")
    page.goto(f"{live.url}/s/cx_pyramid")
    _answer_page(page)
    page.get_by_role("button", name=translate("page.next", "id")).click()
    expect(page.locator("#progress")).to_have_text("Langkah 2 dari 7")
    page.goto("about:blank")  # the respondent leaves ...
    page.goto(f"{live.url}/s/cx_pyramid")  # ... and comes back: the cookie finds the draft
    expect(page.locator("#progress")).to_have_text("Langkah 2 dari 7")
    _shot(page, "pyramid-resumed")
    page.get_by_role("button", name=translate("page.back", "id")).click()
    expect(page.locator("#progress")).to_have_text("Langkah 1 dari 7")
    expect(page.locator("input[name=online_experience_1][value='4']")).to_be_checked()
    before = len(live.answers("cx_pyramid"))
    _finish(page, "id", name="pyramid-resume")
    assert len(live.answers("cx_pyramid")) == before + 1


def test_an_expired_personal_link_gets_a_friendly_page(live: Live, phone: Phone) -> None:
    john = live.customer("John Smith", "en")
    invitation = live.suara.surveys.invite("nps", customer_id=john)
    secret = live.suara.settings.secret_key
    expired = sign_token(secret, invitation.id, datetime.now(UTC) - timedelta(days=1))
    page = phone(locale="id-ID")
    response = page.goto(f"{live.url}/i/{expired}")
    assert response is not None
    assert response.status == 410
    expect(page.locator("h1")).to_have_text("This link has expired")
    _shot(page, "expired-link")
