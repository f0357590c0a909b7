"""Read models for the dashboard: customer search and timeline, feedback lists, touchpoint
scores. Plain queries over the store; the statistics stay in :mod:`suara.metrics`."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from suara.records.customers import (
    CustomerRecord,
    CustomerRow,
    TimelineEvent,
    customer_record,
    search_customers,
)
from suara.records.feedback import (
    Comment,
    FeedbackFilter,
    FeedbackOptions,
    comments,
    construct_comments,
    options,
    touchpoint_scores,
    volume_by_month,
)
from suara.records.voice import VoiceSummary, construct_mentions, shown, voice_summary
from suara.storage import Store

__all__ = [
    "Comment",
    "CustomerRecord",
    "CustomerRow",
    "FeedbackFilter",
    "FeedbackOptions",
    "Records",
    "TimelineEvent",
    "comments",
    "construct_comments",
    "customer_record",
    "options",
    "search_customers",
    "touchpoint_scores",
    "volume_by_month",
]


class Records:
    """The read models bound to one store and its time zone (``Suara.records``)."""

    def __init__(self, store: Store, tz: ZoneInfo) -> None:
        self.store = store
        self.tz = tz

    def search(self, query: str, *, limit: int = 50) -> list[CustomerRow]:
        return search_customers(self.store, query, limit=limit)

    def customer(self, customer_id: int) -> CustomerRecord:
        return customer_record(self.store, customer_id)

    def comments(
        self, where: FeedbackFilter, *, worst_first: bool = False, limit: int = 100
    ) -> list[Comment]:
        """Matching comments, PII-redacted, with their sentiment and aspect spans."""
        found = comments(self.store, where, tz=self.tz, worst_first=worst_first, limit=limit)
        return shown(self.store, found)

    def voice_summary(self, where: FeedbackFilter) -> VoiceSummary:
        return voice_summary(self.store, where, tz=self.tz)

    def construct_mentions(self, *, column: str, key: str, limit: int = 20) -> list[Comment]:
        return construct_mentions(self.store, column=column, key=key, limit=limit)

    def feedback_volume(self, where: FeedbackFilter) -> list[dict[str, Any]]:
        return volume_by_month(self.store, where, tz=self.tz)

    def feedback_options(self) -> FeedbackOptions:
        return options(self.store)

    def construct_comments(self, *, column: str, key: str, limit: int = 20) -> list[Comment]:
        found = construct_comments(self.store, column=column, key=key, limit=limit)
        return shown(self.store, found)

    def touchpoint_scores(self) -> list[dict[str, Any]]:
        return touchpoint_scores(self.store)
