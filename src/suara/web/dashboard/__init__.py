"""The CX dashboard: signed-in, role-aware, server-rendered pages in Indonesian and English.

Each section is a router here; :func:`install` adds them all to the app.
"""

from __future__ import annotations

from fastapi import FastAPI

from suara.web.dashboard import cases, overview, people, rules, sections, signin


def install(app: FastAPI) -> None:
    for module in (signin, overview, sections, people, cases, rules):
        app.include_router(module.router)
