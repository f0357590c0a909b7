"""Suara: open-source Customer Experience Management, Indonesian-first and local-first."""

from __future__ import annotations

__version__ = "0.1.0"
