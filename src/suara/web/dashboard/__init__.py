"""The CX dashboard: signed-in, role-aware, server-rendered pages in Indonesian and English.

Each section is a router here; :func:`install` adds them all to the app.
"""

from __future__ import annotations

from fastapi import FastAPI

from suara.web.dashboard import overview, people, sections, signin


def install(app: FastAPI) -> None:
    for module in (signin, overview, sections, people):
        app.include_router(module.router)
