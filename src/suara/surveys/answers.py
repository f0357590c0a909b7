"""Checking a respondent's answers against one survey version.

The same rules serve the JSON API and the survey page: each problem names the question and
says what was wrong, so a 422 body or a form error message can point at the exact field.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from suara.domain.encoding import encodable
from suara.domain.entities import QuestionType
from suara.domain.errors import ResponseRejected
from suara.surveys.definition import Answer, QuestionDefinition, SurveyDefinition


@dataclass(frozen=True, slots=True)
class Problem:
    question: str
    code: str
    message: str


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _number(question: QuestionDefinition, value: object) -> float | Problem:
    if isinstance(value, bool):
        return Problem(question.key, "type", "expected a whole number, not true/false")
    number: float
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return Problem(question.key, "type", f"expected a whole number, not {value!r}")
    else:
        return Problem(question.key, "type", "expected a whole number")
    low, high = question.scale_min, question.scale_max
    assert low is not None
    assert high is not None
    if not math.isfinite(number) or not number.is_integer() or not low <= number <= high:
        return Problem(
            question.key, "out_of_range", f"{value!r} is not a whole number from {low} to {high}"
        )
    return number


def _choices(question: QuestionDefinition, value: object) -> tuple[str, ...] | str | Problem:
    keys = [c.key for c in question.choices]
    if question.type is QuestionType.SINGLE_CHOICE:
        if not isinstance(value, str) or value not in keys:
            message = f"{value!r} is not one of the choices: {', '.join(keys)}"
            return Problem(question.key, "invalid_choice", message)
        return value
    picked = [value] if isinstance(value, str) else value
    if not isinstance(picked, list) or not all(isinstance(p, str) for p in picked):
        return Problem(question.key, "type", "expected a list of choice keys")
    unknown = [p for p in picked if p not in keys]
    if unknown:
        message = f"{', '.join(map(repr, unknown))} not among the choices: {', '.join(keys)}"
        return Problem(question.key, "invalid_choice", message)
    if len(set(picked)) != len(picked):
        return Problem(question.key, "duplicate_choice", "a choice is picked more than once")
    return tuple(k for k in keys if k in picked)


def check_answer(question: QuestionDefinition, value: object) -> Answer | Problem:
    """One answer in its stored form (number, text or choice keys), or the problem with it."""
    if question.numeric:
        return _number(question, value)
    if question.type is QuestionType.FREE_TEXT:
        if not isinstance(value, str):
            return Problem(question.key, "type", "expected text")
        text = encodable(value).strip()
        if len(text) > question.max_length:
            message = f"{len(text)} characters; at most {question.max_length} are allowed"
            return Problem(question.key, "too_long", message)
        return text
    return _choices(question, value)


def validate_answers(
    definition: SurveyDefinition,
    raw: Mapping[str, object],
    *,
    questions: Iterable[QuestionDefinition] | None = None,
    context: Mapping[str, Answer] | None = None,
) -> dict[str, Answer]:
    """The answers ready to store, or :class:`ResponseRejected` listing every problem.

    ``questions`` limits the check to some questions (one page of the survey form);
    ``context`` holds answers given earlier, which display logic may depend on.
    """
    asked = list(definition.questions if questions is None else questions)
    known = {q.key for q in definition.questions}
    problems = [
        Problem(key, "unknown_question", f"survey {definition.key!r} has no question {key!r}")
        for key in raw
        if key not in known
    ]
    answers: dict[str, Answer] = dict(context or {})
    for question in definition.questions:
        if question not in asked:
            continue
        value = raw.get(question.key)
        visible = question.visible(answers)
        if _blank(value):
            answers.pop(question.key, None)
            if visible and question.required:
                problems.append(Problem(question.key, "required", "this question is required"))
            continue
        if not visible:
            assert question.show_if is not None
            message = f"only asked when {question.show_if.question!r} is {_describe(question)}"
            problems.append(Problem(question.key, "not_shown", message))
            continue
        checked = check_answer(question, value)
        if isinstance(checked, Problem):
            problems.append(checked)
        else:
            answers[question.key] = checked
    if problems:
        listed = "; ".join(f"{p.question}: {p.message}" for p in problems)
        raise ResponseRejected(
            f"survey {definition.key!r}: {listed}",
            [(p.question, p.code, p.message) for p in problems],
        )
    return answers


def _describe(question: QuestionDefinition) -> str:
    condition = question.show_if
    assert condition is not None
    if condition.any_of:
        return "one of " + ", ".join(condition.any_of)
    low = "" if condition.min is None else f"{condition.min:g}"
    high = "" if condition.max is None else f"{condition.max:g}"
    if low and high:
        return f"{low} to {high}"
    return f"at least {low}" if low else f"at most {high}"


def visible_answers(
    definition: SurveyDefinition, answers: Mapping[str, Answer]
) -> dict[str, Answer]:
    """Drops answers to questions that earlier answers now hide (a respondent went back and
    changed the score a follow-up depends on)."""
    kept: dict[str, Answer] = {}
    for question in definition.questions:
        if question.key in answers and question.visible(kept):
            kept[question.key] = answers[question.key]
    return kept
