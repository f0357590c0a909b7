"""The public survey pages with TestClient: links, display logic, resume, friendly errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from suara.app import Suara
from suara.storage import schema
from suara.surveys.links import sign_token

MAX_PAGE_BYTES = 60 * 1024


def _customer(suara: Suara, name: str, language: str) -> int:
    now = datetime.now(UTC)
    with suara.store.transaction() as connection:
        return int(
            connection.execute(
                insert(schema.customers).returning(schema.customers.c.id),
                {"name": name, "preferred_language": language, "consent_email": True,
                 "email": "sari@example.com", "created_at": now, "updated_at": now},
            ).scalar_one()
        )  # fmt: skip


def test_personal_link_in_english_with_detractor_follow_up(
    client: TestClient, suara: Suara
) -> None:
    customer = _customer(suara, "Sari Wulandari", "en")
    invitation = suara.surveys.invite("nps", customer_id=customer)
    url = f"/i/{invitation.token}"
    page = client.get(url)
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Hi Sari, thank you" in page.text
    assert "Step 1 of 2" in page.text
    css = client.get("/static/suara.css")
    assert len(page.content) + len(css.content) < MAX_PAGE_BYTES
    missing = client.post(url, data={"nav": "next"})
    assert missing.status_code == 422
    assert "This question needs an answer." in missing.text
    follow_up = client.post(url, data={"nps": "3", "nav": "next"})
    assert "What disappointed you most?" in follow_up.text
    done = client.post(url, data={"nps_reason": "Late twice", "nav": "next"})
    assert done.status_code == 303
    assert client.get(done.headers["location"]).status_code == 200
    with suara.store.engine.connect() as connection:
        response = connection.execute(select(schema.responses)).one()
        used = connection.execute(select(schema.survey_invitations.c.used_at)).scalar_one()
    assert (response.customer_id, response.language) == (customer, "en")
    assert used is not None
    with suara.store.engine.connect() as connection:  # the comment, analysed as it arrived
        analysis = connection.execute(select(schema.feedback_analyses)).one()
    assert (analysis.language, analysis.redacted_text) == ("en", "Late twice")
    again = client.get(url, headers={"Accept-Language": "en-GB,en"})
    assert again.status_code == 409
    assert "Survey already answered" in again.text


def test_public_link_resumes_a_half_finished_pyramid_in_indonesian(
    client: TestClient, suara: Suara
) -> None:
    start = client.get("/s/cx_pyramid", headers={"Accept-Language": "id-ID,id;q=0.9"})
    assert start.status_code == 303
    resume_url = start.headers["location"]
    page = client.get(resume_url)
    assert '<html lang="id">' in page.text
    assert "Langkah 1 dari 7" in page.text
    client.post(
        resume_url, data={f"online_experience_{n}": "4" for n in (1, 2, 3)} | {"nav": "next"}
    )
    again = client.get("/s/cx_pyramid")  # the cookie brings the respondent back to their draft
    assert again.headers["location"] == resume_url
    resumed = client.get(resume_url)
    assert "Langkah 2 dari 7" in resumed.text
    back = client.post(resume_url, data={"nav": "back"})
    assert 'value="4" checked' in back.text
    english = client.get(resume_url + "?lang=en")
    assert "It is easy to find what I look for." in english.text


def test_expired_forged_and_unknown_links_get_friendly_pages(
    client: TestClient, suara: Suara
) -> None:
    invitation = suara.surveys.invite("nps")
    expired = sign_token(
        suara.settings.secret_key, invitation.id, datetime.now(UTC) - timedelta(minutes=1)
    )
    page = client.get(f"/i/{expired}", headers={"Accept-Language": "en"})
    assert page.status_code == 410
    assert "This link has expired" in page.text
    forged = invitation.token[:-3] + "abc"
    assert "Tautan tidak dikenali" in client.get(f"/i/{forged}").text
    assert client.get("/s/nope").status_code == 404
