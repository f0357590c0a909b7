"""The composition root: ``build(settings)`` wires the store and the features into one object.

Entry points (the CLI now, the web app later) build settings once, call :func:`build`, and
talk only to :class:`Suara`; nothing below this module reads the environment.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from suara import engines
from suara.accounts import AccountConfig, AccountService
from suara.actions import ActionsConfig, ActionsService, CasePolicy
from suara.actions.contact import QuietHours
from suara.actions.jobs import JobLedger
from suara.actions.messenger import MessagingConfig
from suara.actions.queue import TaskQueue, build_huey, queue_name
from suara.actions.webhooks import WebhookConfig
from suara.actions.work import handlers
from suara.demo import DemoConfig, DemoSummary, build_demo_store
from suara.domain.errors import DemoStoreExists
from suara.ingest import ImportReport, MappingFile, import_file
from suara.metrics.breakdowns import StageReach, stage_reach
from suara.metrics.catalog import MetricQuery, Row, TableSource, compute_rows
from suara.metrics.grouping import GroupResult
from suara.metrics.report import KpiReport, headline_report
from suara.records import Records
from suara.settings import Settings
from suara.storage import Store, open_store, schema
from suara.storage.analyses import (
    analysis_row,
    count_stale,
    response_feedback,
    save_analyses,
    stale_feedback,
    unaspected_feedback,
)
from suara.storage.erasure import ErasureReport, erase_customer
from suara.storage.store import StoreSummary
from suara.surveys.mail import SmtpConfig
from suara.surveys.service import SurveyConfig, SurveyService
from suara.text import TextAnalyzer
from suara.text.topics import Period, Topic, discover_topics

logger = logging.getLogger(__name__)


class Suara:
    """One running Suara: its settings and its (lazily opened, migrated) store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._text: TextAnalyzer | None = None
        self._text_lock = threading.Lock()
        self._surveys: SurveyService | None = None
        self._actions: ActionsService | None = None
        self._queue: TaskQueue | None = None
        self._accounts: AccountService | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

    @property
    def surveys(self) -> SurveyService:
        """Survey definitions, links, drafts, responses and API keys on this store."""
        if self._surveys is None:
            s = self.settings
            smtp = SmtpConfig(
                s.smtp_host, s.smtp_port, s.smtp_security, s.smtp_username, s.smtp_password,
                s.smtp_from,
            )  # fmt: skip
            config = SurveyConfig(
                s.secret_key, s.public_url, s.survey_link_days, s.survey_contact_days,
                s.survey_reminder_days, s.language, smtp, s.timezone,
            )  # fmt: skip
            self._surveys = SurveyService(self.store, config)
        return self._surveys

    @property
    def actions(self) -> ActionsService:
        """Cases, rules, messages and webhooks on this store."""
        if self._actions is None:
            s = self.settings
            smtp = SmtpConfig(
                s.smtp_host, s.smtp_port, s.smtp_security, s.smtp_username, s.smtp_password,
                s.smtp_from,
            )  # fmt: skip
            messaging = MessagingConfig(
                smtp, s.language, s.tz, QuietHours.parse(s.quiet_hours), s.message_gateway_url
            )
            hooks = WebhookConfig(s.webhook_secret or s.secret_key, attempts=s.webhook_attempts)
            policy = CasePolicy.from_settings(s.case_routing, s.case_sla_hours)
            config = ActionsConfig(messaging, hooks, policy, (s.resolved_rules_dir,))
            self._actions = ActionsService(self.store, config, tagger=self._aspects_of)
        return self._actions

    def _aspects_of(self, text: str) -> list[str]:
        """The aspects the text-analytics model finds, negative ones first: what the rules
        engine routes a comment by."""
        found = self.text.analyze(text).aspects
        ranked = sorted(found, key=lambda a: (a.polarity.value != "negative", a.score))
        return [a.aspect.value for a in ranked]

    @property
    def queue(self) -> TaskQueue:
        """The background queue: Redis when SUARA_REDIS_URL is set, else SQLite in SUARA_HOME."""
        if self._queue is None:
            s = self.settings
            name = queue_name(s.resolved_database_url)
            huey = build_huey(name, redis_url=s.redis_url, sqlite_path=s.home / "queue.db")
            actions = self.actions
            ledger = JobLedger(
                self.store, clock=actions.clock, lease=timedelta(seconds=s.job_lease_seconds)
            )

            def invite(survey: str, customer_id: int) -> None:
                self.surveys.send_invitations(survey, customer_ids=[customer_id])

            self._queue = TaskQueue(
                huey,
                ledger,
                lambda: handlers(actions, departments=s.department_emails, language=s.language,
                                 invite=invite),
                clock=actions.clock,
            )  # fmt: skip
        return self._queue

    @property
    def accounts(self) -> AccountService:
        """Dashboard users, sessions, sign-in limits and the audit log."""
        if self._accounts is None:
            s = self.settings
            config = AccountConfig(s.session_hours, s.login_max_failures, s.login_window_minutes)
            self._accounts = AccountService(self.store, config)
        return self._accounts

    @property
    def records(self) -> Records:
        """Read models over the store: customer search and timeline, feedback lists."""
        return Records(self.store, self.settings.tz)

    def journey_reach(self, query: MetricQuery) -> list[GroupResult[StageReach]]:
        """The journey funnel (:func:`stage_reach`) over the store's touchpoints."""
        touchpoints = self._tables(None)("touchpoints")
        return stage_reach(touchpoints, by=query.by, where=query.where, min_n=query.min_n)

    def import_file(
        self,
        kind: str,
        path: Path,
        *,
        mapping: Mapping[str, str] | None = None,
        mapping_file: MappingFile | None = None,
        **options: Any,
    ) -> ImportReport:
        """:func:`suara.ingest.import_file` in the store's time zone."""
        return import_file(
            kind,
            path,
            store=self.store,
            mapping=mapping,
            mapping_file=mapping_file,
            tz=self.settings.tz,
            **options,
        )

    def build_demo(
        self,
        config: DemoConfig,
        *,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> DemoSummary:
        return build_demo_store(self.store, config, progress=progress)

    def metric_rows(
        self, name: str, query: MetricQuery, *, data_url: str | None = None
    ) -> list[Row]:
        """Metric ``name`` over the store, or over ``data_url`` (any :func:`engines.connect`
        URL: Parquet/CSV exports, DuckDB, Spark) holding tables of the store's shape."""
        return compute_rows(name, self._tables(data_url), query)

    def kpi_report(
        self, *, as_of: date, query: MetricQuery, data_url: str | None = None
    ) -> KpiReport:
        return headline_report(self._tables(data_url), as_of=as_of, query=query)

    def _tables(self, data_url: str | None) -> TableSource:
        if data_url is None:
            self.store  # noqa: B018 - opening the store migrates it before ibis reads it
        backend = engines.connect(data_url or self.settings.resolved_database_url)
        tables: TableSource = backend.table
        return tables

    @property
    def text(self) -> TextAnalyzer:
        """The fast text tier, loaded once (its models are package data), by one thread:
        the web server's threads ask for it together."""
        with self._text_lock:
            if self._text is None:
                self._text = TextAnalyzer()
            return self._text

    def analyze_feedback(
        self,
        *,
        progress: Callable[[int, int], None] | None = None,
        batch_size: int = 500,
        workers: int = 1,
    ) -> int:
        """Analyse every feedback item not yet read by the current text model; returns how
        many were analysed. Each batch is committed, so an interrupted run resumes.
        ``workers``: processes sharing each batch (``TextAnalyzer.analyze_many``); the
        commands that analyse a whole store use every core, with batches of 2,000."""
        version = self.text.model_version
        with self.store.transaction() as connection:
            total = count_stale(connection, version)
        done, after = 0, 0
        while True:
            with self.store.transaction() as connection:
                items = stale_feedback(connection, version, limit=batch_size, after_id=after)
            if not items:
                return done
            self.analyze_items(items, workers=workers)
            done, after = done + len(items), items[-1][0]
            if progress is not None:
                progress(done, total)

    def analyze_items(self, items: Sequence[tuple[int, str]], *, workers: int = 1) -> None:
        """Analyse these ``(feedback id, text)`` items and store the results, committed;
        an item whose text changed (or was erased) since it was read keeps no result."""
        results = self.text.analyze_many([text for _, text in items], workers=workers)
        rows = [analysis_row(i, r) for (i, _), r in zip(items, results, strict=True)]
        with self.store.transaction() as connection:
            save_analyses(connection, rows, analysed_at=datetime.now(UTC), texts=dict(items))

    def analyze_response(self, response_id: int) -> None:
        """Analyse a new survey response's comments. The web handlers run it after the
        response has been sent (a background task), so it never slows, fails or changes an
        acknowledged submission: anything that goes wrong is logged, and the comments wait
        for the next ``suara text reanalyze``."""
        if self._store is None:  # closed meanwhile: nothing to analyse into
            return
        try:
            with self.store.transaction() as connection:
                items = response_feedback(connection, response_id)
            if items:
                self.analyze_items(items)
        except Exception:
            logger.exception("the comments of response %s were not analysed", response_id)

    def erase_customer(self, customer_id: int, *, requested_by: str) -> ErasureReport:
        """Erase one customer's personal data (UU PDP); the erasure itself is audited."""
        now = datetime.now(UTC)
        with self.store.transaction() as connection:
            report = erase_customer(connection, customer_id, now=now)
            connection.execute(
                schema.audit_log.insert(),
                {
                    "username": requested_by,
                    "action": "erase",
                    "target": f"customer:{customer_id}",
                    "created_at": now,
                },
            )
        return report

    def emerging_topics(
        self, *, period: Period = "month", since: datetime | None = None, min_size: int = 5
    ) -> list[Topic]:
        """Topics in the analysed feedback that matched no aspect, with their volume per
        period in the store's time zone (:func:`suara.text.topics.discover_topics`)."""
        with self.store.transaction() as connection:
            rows = unaspected_feedback(connection, since=since)
        tz = self.settings.tz
        local = [(i, text, at.astimezone(tz), aspects) for i, text, at, aspects in rows]
        return discover_topics(local, period=period, min_size=min_size)

    def demo_loaded(self) -> bool:
        return self.store.meta().get("dataset") == "synthetic-demo"

    def has_data(self) -> bool:
        return any(self.store.counts().values())

    def summary(self) -> StoreSummary:
        return self.store.summary()

    def close(self) -> None:
        if self._text is not None:
            self._text.close()  # its worker processes, if a store-wide analysis started them
        if self._store is not None:
            self._store.close()
            self._store = None
            self._surveys = None
            self._accounts = None
            self._actions = None
            self._queue = None


def build(settings: Settings) -> Suara:
    return Suara(settings)


__all__ = ["DemoStoreExists", "Suara", "build"]
