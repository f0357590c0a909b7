"""``create_app(suara)``: the FastAPI application, its routes and its error mapping."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from suara import __version__
from suara.app import Suara
from suara.web import dashboard
from suara.web.api.routes import responses, surveys
from suara.web.errors import install_error_handlers
from suara.web.pages import optout
from suara.web.pages import routes as pages

STATIC = Path(__file__).parent / "pages" / "static"


def create_app(suara: Suara) -> FastAPI:
    app = FastAPI(
        title="Suara",
        version=__version__,
        description="Survey responses in, server to server; the public survey pages.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.suara = suara
    app.include_router(responses.router, prefix="/api/v1")
    app.include_router(surveys.router, prefix="/api/v1")
    app.include_router(pages.router)
    app.include_router(optout.router)
    dashboard.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_handlers(app)
    return app
