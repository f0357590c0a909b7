"""Dashboard accounts: users and roles, sessions, sign-in rate limiting and the audit log."""

from __future__ import annotations

from suara.accounts.roles import PAGES, SEES_PII, Page, Role, may_open, pages_for
from suara.accounts.service import AccountConfig, AccountService, AuditEntry, SignedIn, User

__all__ = [
    "PAGES",
    "SEES_PII",
    "AccountConfig",
    "AccountService",
    "AuditEntry",
    "Page",
    "Role",
    "SignedIn",
    "User",
    "may_open",
    "pages_for",
]
