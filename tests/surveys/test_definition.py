"""Survey definitions: the question bank is valid, and bad definitions say exactly what is wrong."""

from __future__ import annotations

import re
from typing import Any

import pytest

from suara.domain.errors import ResponseRejected, SurveyDefinitionError
from suara.domain.frameworks import CxFactor, PyramidDimension
from suara.surveys import builtin_surveys, parse_definition, validate_answers, visible_answers


def _survey(*questions: dict[str, Any]) -> dict[str, Any]:
    return {"key": "s", "title_id": "S", "title_en": "S", "questions": list(questions)}


def test_the_bank_covers_every_framework_item_in_both_languages() -> None:
    bank = builtin_surveys()
    assert {"nps", "post_delivery_csat", "post_ticket_ces", "cx_pyramid", "post_purchase"} <= set(
        bank
    )
    pyramid = bank["cx_pyramid"].questions
    for dimension in PyramidDimension:
        assert 2 <= sum(q.dimension is dimension for q in pyramid) <= 3
    assert {q.factor for q in pyramid if q.factor} == set(CxFactor)
    for survey in bank.values():
        for q in survey.questions:
            assert q.text_id != q.text_en
    ces = bank["post_ticket_ces"].question("ces")
    assert (ces.scale_min, ces.scale_max) == (1, 7)
    assert bank["nps"].question("nps").required


def test_nps_follow_up_is_worded_for_detractors_and_promoters() -> None:
    reason = builtin_surveys()["nps"].question("nps_reason")
    detractor = reason.text("en", {"nps": 3.0})
    promoter = reason.text("en", {"nps": 10.0})
    passive = reason.text("en", {"nps": 8.0})
    assert len({detractor, promoter, passive}) == 3
    assert "disappointed" in detractor


def test_display_logic_and_paging_keep_follow_ups_on_a_later_page() -> None:
    survey = builtin_surveys()["post_purchase"]
    first, second = survey.pages()
    assert [q.key for q in first] == ["csat"]
    assert "purchase_problem" in [q.key for q in second]
    problem = survey.question("purchase_problem")
    assert problem.visible({"csat": 2.0})
    assert not problem.visible({"csat": 5.0})


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            {"key": "q", "type": "likert", "text_id": "a", "text_en": "b", "scale_max": 6,
             "scale_min": 1},
            "question 'q' (questions[0]): field 'scale_min/scale_max': a likert question is "
            "1-5 or 1-7, not 1-6",
        ),
        (
            {"key": "q", "type": "single_choice", "text_id": "a", "text_en": "b"},
            "question 'q' (questions[0]): field 'choices': a single_choice needs at least 2",
        ),
        (
            {"key": "q", "type": "free_text", "text_id": "Halo {nomor}", "text_en": "b"},
            "question 'q' (questions[0]): field 'text_id': unknown placeholder {nomor}",
        ),
        (
            {"key": "q", "type": "nps", "text_en": "b"},
            "question 'q' (questions[0]), field 'text_id': Field required",
        ),
    ],
)  # fmt: skip
def test_errors_name_the_survey_question_and_field(question: dict[str, Any], expected: str) -> None:
    with pytest.raises(SurveyDefinitionError, match=re.escape(expected)) as caught:
        parse_definition(_survey(question), origin="s.yaml")
    assert str(caught.value).startswith("s.yaml: survey 's' is invalid")


def test_display_logic_must_point_at_an_earlier_question() -> None:
    late = {"key": "why", "type": "free_text", "text_id": "a", "text_en": "b",
            "show_if": {"question": "nps", "max": 6}}  # fmt: skip
    nps = {"key": "nps", "type": "nps", "text_id": "a", "text_en": "b"}
    with pytest.raises(SurveyDefinitionError, match="'nps' is not an earlier question"):
        parse_definition(_survey(late, nps))
    assert parse_definition(_survey(nps, late)).question("nps").scale_max == 10


def test_answers_are_checked_against_scale_choices_and_display_logic() -> None:
    survey = builtin_surveys()["post_purchase"]
    ok = validate_answers(
        survey, {"csat": "2", "purchase_problem": ["payment", "finding"], "channel_choice": "app"}
    )
    assert ok == {
        "csat": 2.0,
        "purchase_problem": ("finding", "payment"),
        "channel_choice": "app",
    }
    with pytest.raises(ResponseRejected) as caught:
        validate_answers(
            survey,
            {"csat": 5, "purchase_problem": ["payment"], "channel_choice": "fax", "x": 1},
        )
    problems = {(q, code) for q, code, _ in caught.value.problems}
    assert problems == {
        ("x", "unknown_question"),
        ("purchase_problem", "not_shown"),
        ("channel_choice", "invalid_choice"),
    }
    with pytest.raises(ResponseRejected, match="csat: this question is required"):
        validate_answers(survey, {})
    with pytest.raises(ResponseRejected, match="11 is not a whole number from 1 to 5"):
        validate_answers(survey, {"csat": 11})
    assert visible_answers(survey, {"csat": 5.0, "purchase_problem": ("x",)}) == {"csat": 5.0}
