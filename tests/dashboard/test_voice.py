"""Voice of the customer and the pyramid drill-down read the stored text analyses."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from suara.app import Suara
from suara.domain.frameworks import ASPECTS
from suara.i18n import catalogue
from suara.records import Comment
from suara.web.dashboard.people import marked
from tests.dashboard.conftest import sign_in
from tests.ingest.files import write_csv


def test_voice_shows_aspects_sentiment_and_emotions(web: TestClient) -> None:
    assert sign_in(web, "cx-lead") == 303
    page = web.get("/dashboard/voice?lang=en")
    assert page.status_code == 200
    assert '<mark class="negative" title="' in page.text
    assert "Aspects × sentiment by month" in page.text
    assert "Emotion mix" in page.text
    assert "delivery" in page.text


def test_pyramid_drill_down_lists_comments_about_the_dimension(web: TestClient) -> None:
    assert sign_in(web, "cx-lead") == 303
    page = web.get("/dashboard/pyramid?dimension=fulfillment&lang=en")
    assert page.status_code == 200
    assert "Comments about it" in page.text
    assert "<mark class=" in page.text
    # only the dimension's aspects are marked, named in the page's language
    names = catalogue("en")
    fulfilment = {names[f"aspect.{a.value}"] for a, m in ASPECTS.items()
                  if m.dimension.value == "fulfillment"}  # fmt: skip
    marked = set(re.findall(r'<mark class="\w+" title="([^"]+)"', page.text))
    assert marked
    assert marked <= fulfilment
    indonesian = web.get("/dashboard/pyramid?dimension=fulfillment&lang=id").text
    assert 'title="pengiriman"' in indonesian


def test_comments_are_shown_redacted_even_before_analysis(
    web: TestClient, demo_suara: Suara, tmp_path: Path
) -> None:
    review = {
        "id": "PII-1",
        "text": "Paket hilang, tolong telepon 0812-9999-1234 atau email budi@example.com",
        "created_at": "15/10/2026",
    }
    demo_suara.import_file("reviews", write_csv(tmp_path / "r.csv", [review]), source="test")
    assert sign_in(web, "cx-lead") == 303
    page = web.get("/dashboard/voice?text=paket+hilang&lang=en")
    assert page.status_code == 200
    assert "[PHONE]" in page.text
    assert "0812-9999-1234" not in page.text
    assert "budi@example.com" not in page.text


def test_emerging_topics_are_found_on_request(web: TestClient) -> None:
    assert sign_in(web, "cx-lead") == 303
    plain = web.get("/dashboard/voice?lang=en")
    assert "Find emerging topics" in plain.text
    found = web.get("/dashboard/voice?topics=1&lang=en")
    assert found.status_code == 200
    assert "Emerging topics: comments that fit no known aspect" in found.text


def test_a_search_term_is_marked_inside_and_beside_aspect_marks() -> None:
    text = "Paket <b>telat</b>, paket rusak"
    rusak = text.index("rusak")
    spans = ((0, 5, "delivery", "negative"), (rusak, rusak + 5, "product_quality", "negative"))
    comment = Comment(
        id=1, created_at=datetime(2026, 12, 7, tzinfo=UTC), kind="review", channel=None,
        language="id", text=text, rating=None, scale=None, customer_id=None, category=None,
        province=None, spans=spans,
    )  # fmt: skip
    shown = str(marked(comment, "PAKET", lang="id"))
    assert shown.startswith('<mark class="negative" title="pengiriman"><mark>Paket</mark></mark>')
    assert ", <mark>paket</mark> <mark" in shown
    assert "&lt;b&gt;telat&lt;/b&gt;" in shown  # the comment itself is never markup
    # a match across an aspect's edge is marked on both sides of it
    across = str(marked(comment, "t rus", lang="en"))
    assert (
        '<mark>t </mark><mark class="negative" title="product quality"><mark>rus</mark>ak' in across
    )
    assert str(marked(comment, None)) == str(marked(comment, ""))
    assert "<mark>" not in str(marked(comment, None))


def test_voice_search_marks_the_term_in_complaints_with_aspects(web: TestClient) -> None:
    assert sign_in(web, "cx-lead") == 303
    page = web.get("/dashboard/voice?text=kurir&lang=en")
    assert page.status_code == 200
    assert re.search(r'<mark class="\w+" title="[^"]+"><mark>kurir</mark>', page.text, re.I)
