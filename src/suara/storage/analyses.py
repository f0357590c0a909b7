"""Feedback items and what text analytics read in them.

The store keeps one analysis per feedback item, tagged with the model version that made it:
a new model makes every older analysis stale, so re-analysis is a query, not a migration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from suara.storage import schema
from suara.storage.erasure import ERASED_TEXT
from suara.text import TextAnalysis


def stale_feedback(
    connection: Connection, model_version: str, *, limit: int, after_id: int = 0
) -> list[tuple[int, str]]:
    """``(id, text)`` of feedback items never analysed, or analysed by another model (an
    import that changes an item's text drops its analysis). Erased
    items are not feedback any more: their placeholder is never analysed."""
    items, analyses = schema.feedback_items, schema.feedback_analyses
    query = (
        select(items.c.id, items.c.text)
        .select_from(items.outerjoin(analyses, analyses.c.feedback_id == items.c.id))
        .where(
            items.c.id > after_id,
            items.c.text != ERASED_TEXT,
            or_(analyses.c.feedback_id.is_(None), analyses.c.model_version != model_version),
        )
        .order_by(items.c.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in connection.execute(query)]


def count_stale(connection: Connection, model_version: str) -> int:
    items, analyses = schema.feedback_items, schema.feedback_analyses
    query = (
        select(func.count())
        .select_from(items.outerjoin(analyses, analyses.c.feedback_id == items.c.id))
        .where(
            items.c.text != ERASED_TEXT,
            or_(analyses.c.feedback_id.is_(None), analyses.c.model_version != model_version),
        )
    )
    return int(connection.execute(query).scalar_one())


def response_feedback(connection: Connection, response_id: int) -> list[tuple[int, str]]:
    """``(id, text)`` of the comments one survey response wrote (its free-text answers), but
    not the placeholder of an erased customer's."""
    items = schema.feedback_items
    query = select(items.c.id, items.c.text).where(
        items.c.response_id == response_id, items.c.text != ERASED_TEXT
    )
    return [(row[0], row[1]) for row in connection.execute(query.order_by(items.c.id))]


def analysis_row(feedback_id: int, analysis: TextAnalysis) -> dict[str, Any]:
    """The stored form of one analysis: labels, score and aspects with their text spans."""
    return {
        "feedback_id": feedback_id,
        "model_version": analysis.model_version,
        "language": analysis.language,
        "sentiment": analysis.sentiment.label.value,
        "sentiment_score": analysis.sentiment.score,
        "emotion": analysis.emotion.label.value if analysis.emotion else None,
        "aspects": [
            {
                "aspect": aspect.aspect.value,
                "polarity": aspect.polarity.value,
                "score": aspect.score,
                "dimension": aspect.dimension.value,
                "spans": [[span.start, span.end] for span in aspect.spans],
            }
            for aspect in analysis.aspects
        ],
        "redacted_text": analysis.text,
    }


def save_analyses(
    connection: Connection,
    rows: Sequence[Mapping[str, Any]],
    *,
    analysed_at: datetime,
    texts: Mapping[int, str] | None = None,
) -> None:
    """Store the rows' analyses, replacing older ones, in one statement.

    ``texts``: the text each row was made from, by feedback id. A row is then kept only if
    its item still holds that text: an analysis read outside this transaction (a background
    one beside a request, a whole-store run) must not land on an item edited or erased
    meanwhile — an erased comment's words would come back in its ``redacted_text``. Writing
    is an upsert, so two runs saving the same item at once do not collide."""
    if texts is not None and rows:
        items = schema.feedback_items
        ids = [row["feedback_id"] for row in rows]
        query = select(items.c.id, items.c.text).where(items.c.id.in_(ids))
        now = {row[0]: row[1] for row in connection.execute(query)}
        rows = [row for row in rows if now.get(row["feedback_id"]) == texts[row["feedback_id"]]]
    if not rows:
        return
    table = schema.feedback_analyses
    values = [{**row, "analysed_at": analysed_at} for row in rows]
    # the store is SQLite or PostgreSQL; a None (no emotion) replaces the old value
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.feedback_id],
        set_={c: statement.excluded[c] for c in values[0] if c != "feedback_id"},
    )
    connection.execute(statement, values)


def analyses_of(connection: Connection, feedback_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    table = schema.feedback_analyses
    wanted = list(feedback_ids)
    found: dict[int, dict[str, Any]] = {}
    for lo in range(0, len(wanted), IN_CHUNK):  # SQLite takes 32,766 parameters at most
        chunk = wanted[lo : lo + IN_CHUNK]
        rows = connection.execute(select(table).where(table.c.feedback_id.in_(chunk)))
        found.update((row.feedback_id, dict(row._mapping)) for row in rows)
    return found


IN_CHUNK = 10_000


def unaspected_feedback(
    connection: Connection, *, since: datetime | None = None
) -> list[tuple[int, str, datetime, list[str]]]:
    """``(id, redacted text, created_at, [])`` of analysed feedback in which no aspect was
    found (the input of :func:`suara.text.topics.discover_topics`), oldest first."""
    items, analyses = schema.feedback_items, schema.feedback_analyses
    query = (
        select(items.c.id, analyses.c.redacted_text, items.c.created_at)
        .select_from(items.join(analyses, analyses.c.feedback_id == items.c.id))
        .where(func.json_array_length(analyses.c.aspects) == 0)
        .order_by(items.c.created_at, items.c.id)
    )
    if since is not None:
        query = query.where(items.c.created_at >= since)
    return [(row[0], row[1], row[2], []) for row in connection.execute(query)]
