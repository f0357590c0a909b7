"""Roles: which dashboard pages each may open, and who sees customers' personal data.

Least privilege by default: a role sees the pages its work needs (a support agent the
fulfilment and support page and the customers it helps; marketing the voice of the customer
and the journey) and only roles that contact customers see their name, e-mail, phone and
address unmasked. Every unmasked view is written to the audit log by the caller.

Cases are worked by the CX lead, the admin and the three departments that talk to customers
(marketing, sales, support), each landing on its own department's queue; the viewer does not
see cases at all, since case notes are free text about named customers. Rules (automation
that messages customers) are edited only by the admin and the CX lead.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    CX_LEAD = "cx_lead"
    MARKETING = "marketing"
    SALES = "sales"
    SUPPORT = "support"
    VIEWER = "viewer"


class Page(StrEnum):
    """The dashboard's sections, in navigation order."""

    OVERVIEW = "overview"
    PYRAMID = "pyramid"
    VOICE = "voice"
    JOURNEY = "journey"
    OPERATIONS = "operations"
    CUSTOMERS = "customers"
    CASES = "cases"
    RULES = "rules"
    ADMIN = "admin"


_ALL = frozenset(Page) - {Page.ADMIN}
PAGES: dict[Role, frozenset[Page]] = {
    Role.ADMIN: frozenset(Page),
    Role.CX_LEAD: _ALL,
    Role.MARKETING: frozenset(
        {Page.OVERVIEW, Page.PYRAMID, Page.VOICE, Page.JOURNEY, Page.CUSTOMERS, Page.CASES}
    ),
    Role.SALES: frozenset({Page.OVERVIEW, Page.JOURNEY, Page.CUSTOMERS, Page.CASES}),
    Role.SUPPORT: frozenset(
        {Page.OVERVIEW, Page.VOICE, Page.OPERATIONS, Page.CUSTOMERS, Page.CASES}
    ),
    Role.VIEWER: _ALL - {Page.CASES, Page.RULES},
}

HOME_DEPARTMENT: dict[Role, str] = {
    Role.MARKETING: "marketing",
    Role.SALES: "sales",
    Role.SUPPORT: "support",
}
"""The case queue a department role lands on (the others see every department's)."""

SEES_PII: frozenset[Role] = frozenset({Role.ADMIN, Role.CX_LEAD, Role.SALES, Role.SUPPORT})
"""Roles that contact customers and so see personal data unmasked (and audited)."""

PII_FIELDS = ("name", "email", "phone", "address")


def may_open(role: Role, page: Page) -> bool:
    return page in PAGES[role]


def pages_for(role: Role) -> list[Page]:
    return [page for page in Page if page in PAGES[role]]


def mask_name(name: str | None) -> str:
    """``Siti Rahayu`` → ``S*** R***``: initials stay, so a list can still be scanned."""
    if not name:
        return ""
    return " ".join(f"{part[0]}***" for part in name.split() if part)


def mask_email(email: str | None) -> str:
    """``siti.rahayu@example.com`` → ``s***@example.com``."""
    if not email:
        return ""
    local, at, domain = email.partition("@")
    return f"{local[:1]}***{at}{domain}" if at else "***"


def mask_phone(phone: str | None) -> str:
    """``+6281234567890`` → ``+62*******7890``: the country code and last four digits."""
    if not phone:
        return ""
    keep = 4
    head = 3 if phone.startswith("+") else 0
    hidden = max(len(phone) - keep - head, 0)
    return phone[:head] + "*" * hidden + phone[len(phone) - keep :]


def mask_address(address: str | None) -> str:
    """A street address is hidden entirely; the province stays for analysis elsewhere."""
    return "***" if address else ""
