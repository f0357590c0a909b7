"""``POST /api/v1/responses``: a survey response from another system, with an API key."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Header, Response
from pydantic import BaseModel, ConfigDict, Field

from suara.surveys import Submission
from suara.web.api.json_body import EncodableJsonRoute
from suara.web.deps import ApiKeyDep, SuaraDep

router = APIRouter(tags=["responses"], route_class=EncodableJsonRoute)

AnswerValue = int | float | str | list[str] | None


class ResponseIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"survey": "nps", "answers": {"nps": 9, "nps_reason": "Cepat sampai"}}]
        },
    )

    survey: str = Field(description="Survey key, e.g. nps")
    version: int | None = Field(None, description="Survey version answered (default: current)")
    answers: dict[str, AnswerValue] = Field(description="Question key → answer")
    customer_id: int | None = None
    order_id: int | None = None
    ticket_id: int | None = None
    channel: str | None = Field(None, max_length=32)
    language: Literal["id", "en"] | None = None
    started_at: datetime | None = None


class ResponseOut(BaseModel):
    id: int
    external_id: str
    survey: str
    version: int
    submitted_at: datetime
    replayed: bool


@router.post(
    "/responses",
    status_code=201,
    response_model=ResponseOut,
    responses={
        200: {"description": "A retry with the same Idempotency-Key: the first response"},
        401: {"description": "No valid API key"},
        404: {"description": "No such survey"},
        409: {"description": "Idempotency-Key reused with another body, or survey not live"},
        422: {"description": "Invalid answers; each item names the question and the problem"},
    },
)
def create_response(
    body: ResponseIn,
    suara: SuaraDep,
    key: ApiKeyDep,
    response: Response,
    background: BackgroundTasks,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> ResponseOut:
    """Validate and store one response; free-text answers also become feedback items,
    analysed once the response has been sent."""
    recorded = suara.surveys.record(
        Submission(
            body.survey,
            body.answers,
            version=body.version,
            idempotency_key=idempotency_key,
            customer_id=body.customer_id,
            order_id=body.order_id,
            ticket_id=body.ticket_id,
            channel=body.channel or "api",
            language=body.language,
            started_at=body.started_at,
            source="api",
        )
    )
    if recorded.replayed:
        response.status_code = 200
    else:
        background.add_task(suara.analyze_response, recorded.id)
    response.headers["Location"] = f"/api/v1/responses/{recorded.id}"
    return ResponseOut(
        id=recorded.id,
        external_id=recorded.external_id,
        survey=recorded.survey,
        version=recorded.version,
        submitted_at=recorded.submitted_at,
        replayed=recorded.replayed,
    )
