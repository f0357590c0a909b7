"""``GET /api/v1/surveys/{key}``: a survey's current definition, for clients that render it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from suara.web.api.json_body import EncodableJsonRoute
from suara.web.deps import ApiKeyDep, SuaraDep

router = APIRouter(tags=["surveys"], route_class=EncodableJsonRoute)


@router.get("/surveys/{key}")
def get_survey(key: str, suara: SuaraDep, _key: ApiKeyDep, version: int | None = None) -> Any:
    """The definition (questions, scales, choices, display logic) and its version."""
    stored = suara.surveys.get(key, version=version)
    return {"key": stored.key, "version": stored.version, "status": stored.status.value} | {
        "definition": stored.definition.to_data()
    }
