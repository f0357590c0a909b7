"""What the comments say, from the stored text analyses: aspects × sentiment by month, the
emotion mix, and each shown comment in its PII-redacted form with its aspect spans.

A comment is only ever shown redacted: from its stored analysis when there is one, else
redacted on the spot, so a comment that arrived a minute ago shows no phone number either.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from suara.domain.frameworks import ASPECTS
from suara.records.feedback import Comment, FeedbackFilter, comment_select, filtered_items
from suara.storage import Store, schema
from suara.storage.analyses import analyses_of
from suara.text import redact

Row = dict[str, Any]


def shown(
    store: Store, found: list[Comment], *, aspects: frozenset[str] | None = None
) -> list[Comment]:
    """``found`` with redacted text, sentiment and aspect spans (into the redacted text):
    those of every aspect, or only of ``aspects`` (a drill-down marks what it is about)."""
    with store.engine.connect() as connection:
        analyses = analyses_of(connection, (c.id for c in found))
    result = []
    for comment in found:
        analysis = analyses.get(comment.id)
        if analysis is None:
            result.append(replace(comment, text=redact(comment.text).text))
            continue
        spans = tuple(
            (start, end, aspect["aspect"], aspect["polarity"])
            for aspect in analysis["aspects"]
            if aspects is None or aspect["aspect"] in aspects
            for start, end in aspect["spans"]
        )
        result.append(
            replace(
                comment,
                text=analysis["redacted_text"],
                sentiment=analysis["sentiment"],
                spans=tuple(sorted(spans)),
            )
        )
    return result


def construct_mentions(store: Store, *, column: str, key: str, limit: int = 20) -> list[Comment]:
    """The latest comments with an aspect on the ``key`` dimension (``column`` = ``dimension``)
    or factor (``factor``), redacted, with their spans: the pyramid's drill-down."""
    wanted = {
        aspect.value
        for aspect, mapping in ASPECTS.items()
        if (mapping.dimension.value == key if column == "dimension" else key in mapping.factors)
    }
    if not wanted:
        return []
    a, f = schema.feedback_analyses, schema.feedback_items
    statement = (
        comment_select()
        .add_columns(a.c.aspects)
        .join(a, a.c.feedback_id == f.c.id)
        .order_by(f.c.created_at.desc(), f.c.id.desc())
        .limit(_SCAN)
    )
    found = []
    with store.engine.connect() as connection:
        for row in connection.execute(statement):
            if any(item["aspect"] in wanted for item in row[-1]):
                found.append(Comment(*row[:-1]))
                if len(found) >= limit:
                    break
    return shown(store, found, aspects=frozenset(wanted))


_SCAN = 5000
"""How many of the latest analysed comments a drill-down looks through."""


@dataclass(frozen=True, slots=True)
class VoiceSummary:
    """What the filtered comments say: aspects × sentiment by month, and the emotion mix."""

    aspects: list[Row]
    emotions: list[Row]


def voice_summary(store: Store, where: FeedbackFilter, *, tz: ZoneInfo) -> VoiceSummary:
    """Both summaries from one read of the filtered comments' analyses."""
    a, f = schema.feedback_analyses, schema.feedback_items
    ids = filtered_items(where, tz).subquery()
    statement = (
        select(f.c.created_at, a.c.emotion, a.c.aspects)
        .join(a, a.c.feedback_id == f.c.id)
        .where(f.c.id.in_(select(ids.c.id)))
    )
    with store.engine.connect() as connection:
        analysed = list(connection.execute(statement))
    return VoiceSummary(_aspect_sentiment(analysed, tz), _emotion_mix(analysed))


def _aspect_sentiment(analysed: list[Any], tz: ZoneInfo) -> list[Row]:
    """Per month and aspect: mentions, and the shares that were negative and positive."""
    counts: dict[tuple[date, str], dict[str, int]] = {}
    for created_at, _, aspects in analysed:
        month = created_at.astimezone(tz).date().replace(day=1)
        for aspect in aspects:
            tally = counts.setdefault((month, aspect["aspect"]), {})
            tally[aspect["polarity"]] = tally.get(aspect["polarity"], 0) + 1
    rows = []
    for (month, aspect), tally in sorted(counts.items()):
        n = sum(tally.values())
        rows.append(
            {
                "month": month,
                "aspect": aspect,
                "n": n,
                "negative_pct": 100 * tally.get("negative", 0) / n,
                "positive_pct": 100 * tally.get("positive", 0) / n,
            }
        )
    return rows


def _emotion_mix(analysed: list[Any]) -> list[Row]:
    """Each emotion's count and share among the analysed comments that carry one."""
    counts: dict[str, int] = {}
    for _, emotion, _ in analysed:
        if emotion:
            counts[emotion] = counts.get(emotion, 0) + 1
    total = sum(counts.values())
    return [
        {"emotion": emotion, "n": n, "share_pct": 100 * n / total}
        for emotion, n in sorted(counts.items(), key=lambda item: -item[1])
    ]
