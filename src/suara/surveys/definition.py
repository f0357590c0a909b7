"""Survey definitions: the questions, their scales, display logic and piped fields.

A definition is plain data (YAML, JSON, or the ``survey_versions.definition`` column) checked by
pydantic. Every problem is reported with the survey, the question and the field it is about, so
a definition file can be fixed from the message alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from suara.domain.entities import QuestionType, SurveyStatus
from suara.domain.errors import SurveyDefinitionError
from suara.domain.frameworks import CxFactor, PyramidDimension

KEY_PATTERN = r"^\w[\w.\- ]*$"
"""Keys of new surveys are snake_case by convention; imported ones keep their column names."""
NUMERIC = frozenset({QuestionType.NPS, QuestionType.RATING, QuestionType.LIKERT})
CHOICE = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
SCALES: dict[QuestionType, tuple[tuple[int, int], ...]] = {
    QuestionType.NPS: ((0, 10),),
    QuestionType.RATING: ((1, 5), (0, 5), (1, 7), (0, 10), (1, 10)),
    QuestionType.LIKERT: ((1, 5), (1, 7)),
}
PIPED_FIELDS = {"nama": "name", "name": "name", "pesanan": "order", "order": "order"}
"""Placeholders a question's wording may use, and the customer field each one reads."""
PLACEHOLDER = re.compile(r"{(\w+)}")
MAX_QUESTIONS_PER_PAGE = 5

Answer = float | str | tuple[str, ...]


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Choice(_Part):
    key: str = Field(pattern=KEY_PATTERN)
    text_id: str = Field(min_length=1)
    text_en: str = Field(min_length=1)


class Condition(_Part):
    """True when an earlier question's answer is within ``min``..``max`` or among ``any_of``."""

    question: str
    min: float | None = None
    max: float | None = None
    any_of: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _says_something(self) -> Condition:
        if self.min is None and self.max is None and not self.any_of:
            raise ValueError("a condition needs min, max or any_of")
        return self

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        value = answers.get(self.question)
        if value is None:
            return False
        if isinstance(value, (int, float)):
            low = self.min if self.min is not None else float("-inf")
            high = self.max if self.max is not None else float("inf")
            return low <= value <= high
        picked = (value,) if isinstance(value, str) else value
        return any(p in self.any_of for p in picked)


class TextVariant(_Part):
    """Other wording of a question, used when ``when`` holds (e.g. a detractor's follow-up)."""

    when: Condition
    text_id: str = Field(min_length=1)
    text_en: str = Field(min_length=1)


class QuestionDefinition(_Part):
    key: str = Field(pattern=KEY_PATTERN, max_length=128)
    type: QuestionType
    text_id: str = Field(min_length=1)
    text_en: str = Field(min_length=1)
    scale_min: int | None = None
    scale_max: int | None = None
    anchors_id: tuple[str, str] | None = None
    anchors_en: tuple[str, str] | None = None
    required: bool = False
    dimension: PyramidDimension | None = None
    factor: CxFactor | None = None
    choices: tuple[Choice, ...] = ()
    show_if: Condition | None = None
    variants: tuple[TextVariant, ...] = ()
    page_break: bool = False
    max_length: int = Field(default=2000, ge=1, le=20000)

    @field_validator("choices", "variants", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return () if value is None else value

    @model_validator(mode="before")
    @classmethod
    def _default_scale(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and data.get("scale_min") is None
            and data.get("scale_max") is None
        ):
            try:
                scales = SCALES.get(QuestionType(str(data.get("type"))), ())
            except ValueError:
                return data
            if scales:
                return {**data, "scale_min": scales[0][0], "scale_max": scales[0][1]}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> QuestionDefinition:
        scale = (self.scale_min, self.scale_max)
        if self.type in NUMERIC:
            allowed = SCALES[self.type]
            if scale not in allowed:
                wanted = " or ".join(f"{lo}-{hi}" for lo, hi in allowed)
                msg = f"field 'scale_min/scale_max': a {self.type.value} question is {wanted}"
                raise ValueError(f"{msg}, not {scale[0]}-{scale[1]}")
        elif scale != (None, None):
            raise ValueError(f"field 'scale_min/scale_max': a {self.type.value} has no scale")
        if self.type in CHOICE:
            keys = [c.key for c in self.choices]
            if len(keys) < 2:
                raise ValueError(f"field 'choices': a {self.type.value} needs at least 2 choices")
            if len(set(keys)) != len(keys):
                raise ValueError(f"field 'choices': choice keys repeat: {', '.join(keys)}")
        elif self.choices:
            raise ValueError(f"field 'choices': a {self.type.value} question has no choices")
        for field in ("text_id", "text_en"):
            for name in PLACEHOLDER.findall(getattr(self, field)):
                if name not in PIPED_FIELDS:
                    known = ", ".join(f"{{{k}}}" for k in PIPED_FIELDS)
                    raise ValueError(f"field {field!r}: unknown placeholder {{{name}}} ({known})")
        return self

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC

    def text(self, language: str, answers: Mapping[str, Answer]) -> str:
        for variant in self.variants:
            if variant.when.holds(answers):
                return variant.text_en if language == "en" else variant.text_id
        return self.text_en if language == "en" else self.text_id

    def choice_label(self, key: str, language: str) -> str:
        for choice in self.choices:
            if choice.key == key:
                return choice.text_en if language == "en" else choice.text_id
        return key

    def visible(self, answers: Mapping[str, Answer]) -> bool:
        return self.show_if is None or self.show_if.holds(answers)


class SurveyDefinition(_Part):
    key: str = Field(pattern=KEY_PATTERN, max_length=128)
    title_id: str = Field(min_length=1, max_length=512)
    title_en: str = Field(min_length=1, max_length=512)
    intro_id: str | None = None
    intro_en: str | None = None
    status: SurveyStatus = SurveyStatus.DRAFT
    questions: tuple[QuestionDefinition, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> SurveyDefinition:
        seen: dict[str, QuestionDefinition] = {}
        for question in self.questions:
            if question.key in seen:
                raise ValueError(f"question {question.key!r} appears twice; keys must be unique")
            conditions = [("show_if", question.show_if)] + [
                (f"variants[{n}].when", v.when) for n, v in enumerate(question.variants)
            ]
            for field, condition in conditions:
                if condition is not None:
                    _check_condition(question.key, field, condition, seen)
            seen[question.key] = question
        return self

    def question(self, key: str) -> QuestionDefinition:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_id

    def intro(self, language: str) -> str | None:
        return self.intro_en if language == "en" else self.intro_id

    def pages(self) -> list[tuple[QuestionDefinition, ...]]:
        """Questions grouped into pages; a question whose display logic depends on an answer
        on the current page starts a new one, so the page works without JavaScript."""
        pages: list[list[QuestionDefinition]] = [[]]
        for question in self.questions:
            current = pages[-1]
            keys = {q.key for q in current}
            depends = {c.question for c in _conditions(question)}
            if current and (
                question.page_break or depends & keys or len(current) >= MAX_QUESTIONS_PER_PAGE
            ):
                pages.append([])
            pages[-1].append(question)
        return [tuple(page) for page in pages]

    def to_data(self) -> dict[str, Any]:
        """The definition as plain JSON-ready data, without defaults, for files and the store."""
        return self.model_dump(mode="json", exclude_defaults=True, exclude={"status"}) | {
            "key": self.key
        }


def _conditions(question: QuestionDefinition) -> list[Condition]:
    found = [question.show_if] if question.show_if else []
    return found + [v.when for v in question.variants]


def _check_condition(
    key: str, field: str, condition: Condition, earlier: Mapping[str, QuestionDefinition]
) -> None:
    where = f"question {key!r}, field '{field}.question'"
    target = earlier.get(condition.question)
    if target is None:
        msg = f"{where}: {condition.question!r} is not an earlier question of this survey"
        raise ValueError(msg)
    if target.numeric and condition.any_of:
        raise ValueError(f"{where}: {condition.question!r} is a number; use min/max, not any_of")
    if target.type in CHOICE:
        unknown = set(condition.any_of) - {c.key for c in target.choices}
        if unknown or condition.min is not None or condition.max is not None:
            msg = f"{where}: use any_of with choices of {condition.question!r}"
            raise ValueError(msg)
    if target.type is QuestionType.FREE_TEXT:
        raise ValueError(f"{where}: display logic cannot depend on free text")


def parse_definition(data: Any, *, origin: str = "definition") -> SurveyDefinition:
    """A :class:`SurveyDefinition` from plain data, or one :class:`SurveyDefinitionError`
    listing every problem as ``origin: survey 'k', question 'q' (questions[i]), field 'f'``."""
    if not isinstance(data, Mapping):
        raise SurveyDefinitionError(f"{origin}: a survey definition is a mapping (key: value)")
    try:
        return SurveyDefinition.model_validate(data)
    except ValidationError as exc:
        survey = data.get("key", "?")
        raw_questions = data.get("questions")
        lines = []
        for error in exc.errors():
            lines.append(_describe(error, survey, raw_questions))
        problems = "\n  ".join(lines)
        msg = f"{origin}: survey {survey!r} is invalid:\n  {problems}"
        raise SurveyDefinitionError(msg) from None


def _describe(error: Any, survey: object, raw_questions: object) -> str:
    loc = list(error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    where = []
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        index = loc[1]
        key = "?"
        if isinstance(raw_questions, list) and index < len(raw_questions):
            item = raw_questions[index]
            key = item.get("key", "?") if isinstance(item, Mapping) else "?"
        where.append(f"question {key!r} (questions[{index}])")
        loc = loc[2:]
    if loc:
        where.append("field '" + ".".join(str(p) for p in loc) + "'")
    return f"{', '.join(where) or 'survey ' + repr(survey)}: {message}"
