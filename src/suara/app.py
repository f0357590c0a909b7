"""The composition root: ``build(settings)`` wires the store and the features into one object.

Entry points (the CLI now, the web app later) build settings once, call :func:`build`, and
talk only to :class:`Suara`; nothing below this module reads the environment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from suara.demo import DemoConfig, DemoSummary, build_demo_store
from suara.domain.errors import DemoStoreExists
from suara.ingest import ImportReport, MappingFile, import_file
from suara.settings import Settings
from suara.storage import Store, open_store
from suara.storage.store import StoreSummary

logger = logging.getLogger(__name__)


class Suara:
    """One running Suara: its settings and its (lazily opened, migrated) store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

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


def build(settings: Settings) -> Suara:
    return Suara(settings)


__all__ = ["DemoStoreExists", "Suara", "build"]
