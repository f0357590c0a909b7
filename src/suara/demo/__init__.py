"""The seeded synthetic demo store: an Indonesian online shop with planted cause and effect.

``suara demo`` calls :func:`build_demo_store`; docs/demo-store.md describes what it holds and
the effects that analytics should recover.
"""

from suara.demo.build import build_demo_store, generate
from suara.demo.config import DemoConfig, DemoSummary
from suara.demo.effects import PLANTED_EFFECTS, PlantedEffect

__all__ = [
    "PLANTED_EFFECTS",
    "DemoConfig",
    "DemoSummary",
    "PlantedEffect",
    "build_demo_store",
    "generate",
]
