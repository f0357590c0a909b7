"""The composition root: ``build(settings)`` wires the store and the features into one object.

Entry points (the CLI now, the web app later) build settings once, call :func:`build`, and
talk only to :class:`Suara`; nothing below this module reads the environment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from suara import engines
from suara.demo import DemoConfig, DemoSummary, build_demo_store
from suara.domain.errors import DemoStoreExists
from suara.ingest import ImportReport, MappingFile, import_file
from suara.metrics.catalog import MetricQuery, Row, TableSource, compute_rows
from suara.metrics.report import KpiReport, headline_report
from suara.settings import Settings
from suara.storage import Store, open_store
from suara.storage.store import StoreSummary
from suara.surveys.mail import SmtpConfig
from suara.surveys.service import SurveyConfig, SurveyService

logger = logging.getLogger(__name__)


class Suara:
    """One running Suara: its settings and its (lazily opened, migrated) store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._surveys: SurveyService | None = None

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

    def demo_loaded(self) -> bool:
        return self.store.meta().get("dataset") == "synthetic-demo"

    def has_data(self) -> bool:
        return any(self.store.counts().values())

    def summary(self) -> StoreSummary:
        return self.store.summary()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
            self._surveys = None


def build(settings: Settings) -> Suara:
    return Suara(settings)


__all__ = ["DemoStoreExists", "Suara", "build"]
