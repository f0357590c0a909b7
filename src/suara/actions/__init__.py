"""Closing the loop: cases routed to departments under SLAs, automation rules, messages,
signed webhooks and the background jobs that run them."""

from __future__ import annotations

from suara.actions.cases import Case, CaseService, NewCase
from suara.actions.engine import Outcome, RuleEngine
from suara.actions.policy import CasePolicy, CaseStatus, Origin, Priority
from suara.actions.service import ActionsConfig, ActionsService
from suara.actions.triggers import Event

__all__ = [
    "ActionsConfig",
    "ActionsService",
    "Case",
    "CasePolicy",
    "CaseService",
    "CaseStatus",
    "Event",
    "NewCase",
    "Origin",
    "Outcome",
    "Priority",
    "RuleEngine",
]
