"""What a survey page shows: the current page's questions, worded, piped and pre-filled."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from suara.i18n import LANGUAGES, translate
from suara.surveys import Answer, QuestionDefinition, SurveyDefinition
from suara.surveys.definition import PIPED_FIELDS, PLACEHOLDER

ANCHOR_TYPES = {"nps": "nps", "rating": "rating", "likert": "likert"}


def pick_language(*candidates: str | None, accept: str | None, default: str) -> str:
    """The first known language among the explicit choices, then the browser's, then ours."""
    for candidate in candidates:
        if candidate in LANGUAGES:
            return candidate
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return default


def pipe(text: str, fields: Mapping[str, str | None], language: str) -> str:
    """``Halo {nama}`` with the customer's first name, or a polite word when it is unknown."""

    def value(match: re.Match[str]) -> str:
        name = PIPED_FIELDS.get(match.group(1))
        known = fields.get(name) if name else None
        if known:
            return known
        return translate(f"page.{name or 'name'}_fallback", language)

    return PLACEHOLDER.sub(value, text)


@dataclass(frozen=True, slots=True)
class QuestionView:
    question: QuestionDefinition
    text: str
    value: object
    error: str | None
    low: str = ""
    high: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def kind(self) -> str:
        return self.question.type.value

    def checked(self, option: str) -> bool:
        value = self.value
        if isinstance(value, tuple):
            return option in value
        if isinstance(value, float):
            return f"{value:g}" == option
        return value == option


def visible_pages(
    definition: SurveyDefinition, answers: Mapping[str, Answer]
) -> list[tuple[int, tuple[QuestionDefinition, ...]]]:
    """(index, questions) of each page with a question to show, given the answers so far."""
    pages = []
    for index, page in enumerate(definition.pages()):
        shown = tuple(q for q in page if q.visible(answers))
        if shown:
            pages.append((index, shown))
    return pages


def question_views(
    questions: tuple[QuestionDefinition, ...],
    *,
    answers: Mapping[str, object],
    errors: Mapping[str, str],
    fields: Mapping[str, str | None],
    language: str,
) -> list[QuestionView]:
    views = []
    context = {k: v for k, v in answers.items() if isinstance(v, (float, str, tuple))}
    for q in questions:
        low = high = ""
        options: list[tuple[str, str]] = []
        if q.numeric:
            assert q.scale_min is not None
            assert q.scale_max is not None
            anchors = q.anchors_en if language == "en" else q.anchors_id
            kind = ANCHOR_TYPES[q.type.value]
            low, high = anchors or (
                translate(f"page.anchor.{kind}.low", language),
                translate(f"page.anchor.{kind}.high", language),
            )
            options = [(str(n), str(n)) for n in range(q.scale_min, q.scale_max + 1)]
        elif q.choices:
            options = [(c.key, q.choice_label(c.key, language)) for c in q.choices]
        text = pipe(q.text(language, context), fields, language)
        views.append(
            QuestionView(q, text, answers.get(q.key), errors.get(q.key), low, high, options)
        )
    return views
