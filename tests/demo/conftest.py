"""A small demo store, built once per module on SQLite, for tests that only read it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from suara.demo import build_demo_store
from suara.settings import Settings
from suara.storage import Store, open_store
from tests.demo.configs import EFFECTS


@pytest.fixture(scope="module")
def effects_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """600 customers with the default seed: enough to recover every planted effect."""
    store = open_store(Settings(home=tmp_path_factory.mktemp("demo")))
    build_demo_store(store, EFFECTS)
    try:
        yield store
    finally:
        store.close()
