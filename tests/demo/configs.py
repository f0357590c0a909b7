"""The demo configurations the tests build: fixed seeds and a fixed end, never "this month"."""

from __future__ import annotations

from datetime import date

from suara.demo import DemoConfig

END = date(2026, 11, 1)
SMALL = DemoConfig(customers=200, seed=7, end=END)
EFFECTS = DemoConfig(customers=600, seed=20261122, end=END)
"""600 customers with the default seed: enough to recover every planted effect."""
