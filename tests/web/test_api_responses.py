"""``POST /api/v1/responses`` on both backends: auth, idempotency, 422 bodies, versions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from suara.app import Suara
from suara.storage import schema
from suara.storage.erasure import erase_customer

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_response_is_stored_with_its_version_and_comment(
    client: TestClient, suara: Suara, api_key: dict[str, str]
) -> None:
    body = {"survey": "nps", "answers": {"nps": 10, "nps_reason": "Admin ramah"}, "language": "id"}
    got = client.post("/api/v1/responses", json=body, headers=api_key)
    assert got.status_code == 201, got.text
    assert got.json()["version"] == 1
    with suara.store.engine.connect() as connection:
        answers = connection.execute(select(schema.answers.c.question_key)).scalars().all()
        comment = connection.execute(select(schema.feedback_items.c.text)).scalar_one()
    assert sorted(answers) == ["nps", "nps_reason"]
    assert comment == "Admin ramah"


def test_idempotency_key_makes_retries_safe(
    client: TestClient, suara: Suara, api_key: dict[str, str]
) -> None:
    headers = api_key | {"Idempotency-Key": "order-77-nps"}
    body = {"survey": "nps", "answers": {"nps": 7}}
    first = client.post("/api/v1/responses", json=body, headers=headers)
    retry = client.post("/api/v1/responses", json=body, headers=headers)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["id"] == first.json()["id"]
    assert retry.json()["replayed"] is True
    other = client.post(
        "/api/v1/responses", json={"survey": "nps", "answers": {"nps": 1}}, headers=headers
    )
    assert other.status_code == 409
    assert "already used" in other.json()["detail"]


def test_invalid_answers_get_a_422_naming_each_question(
    client: TestClient, api_key: dict[str, str]
) -> None:
    body = {
        "survey": "post_purchase",
        "answers": {"csat": 9, "channel_choice": "fax", "colour": "red"},
        "customer_id": 12345,
    }
    got = client.post("/api/v1/responses", json=body, headers=api_key)
    assert got.status_code == 422
    problems = {item["question"]: item for item in got.json()["detail"]}
    assert problems["csat"]["type"] == "out_of_range"
    assert problems["csat"]["loc"] == ["body", "answers", "csat"]
    assert "from 1 to 5" in problems["csat"]["msg"]
    assert problems["channel_choice"]["type"] == "invalid_choice"
    assert problems["colour"]["type"] == "unknown_question"
    missing = client.post(
        "/api/v1/responses", json={"survey": "nps", "answers": {}}, headers=api_key
    )
    assert missing.json()["detail"][0] == {
        "loc": ["body", "answers", "nps"],
        "question": "nps",
        "type": "required",
        "msg": "this question is required",
    }
    refs = client.post(
        "/api/v1/responses",
        json={"survey": "nps", "answers": {"nps": 5}, "customer_id": 404},
        headers=api_key,
    )
    assert refs.json()["detail"][0]["loc"] == ["body", "customer_id"]


def test_api_keys_are_required_and_revocable(
    client: TestClient, suara: Suara, api_key: dict[str, str]
) -> None:
    body = {"survey": "nps", "answers": {"nps": 9}}
    assert client.post("/api/v1/responses", json=body).status_code == 401
    bad = {"X-API-Key": api_key["X-API-Key"][:-2] + "xx"}
    assert client.post("/api/v1/responses", json=body, headers=bad).status_code == 401
    bearer = {"Authorization": f"Bearer {api_key['X-API-Key']}"}
    assert client.post("/api/v1/responses", json=body, headers=bearer).status_code == 201
    suara.surveys.revoke_api_key(api_key["X-API-Key"].split("_")[1])
    assert client.post("/api/v1/responses", json=body, headers=api_key).status_code == 401
    unknown = client.post(
        "/api/v1/responses", json={"survey": "nope", "answers": {}}, headers=bearer
    )
    assert unknown.status_code == 401


def test_openapi_schema_is_published(client: TestClient, api_key: dict[str, str]) -> None:
    schema_ = client.get("/api/v1/openapi.json").json()
    operation = schema_["paths"]["/api/v1/responses"]["post"]
    assert {"201", "409", "422"} <= set(operation["responses"])
    parameters = {p["name"] for p in operation["parameters"]}
    assert "idempotency-key" in parameters
    survey = client.get("/api/v1/surveys/cx_pyramid", headers=api_key).json()
    assert len(survey["definition"]["questions"]) == 19


def _raw_json(client: TestClient, body: str, headers: dict[str, str]) -> Any:
    """``body`` sent as written: ``json=`` could not carry a lone surrogate escape."""
    return client.post(
        "/api/v1/responses",
        content=body.encode(),
        headers=headers | {"Content-Type": "application/json"},
    )


def test_a_lone_surrogate_in_the_body_is_a_replacement_character_not_a_500(
    client: TestClient, suara: Suara, api_key: dict[str, str]
) -> None:
    """JSON may spell half an emoji (a string cut between the two halves of a pair); it
    used to reach the database as a string no encoder takes."""
    cut = r'{"survey": "nps", "answers": {"nps": 3, "nps_reason": "kurir telat \ud83d"}}'
    got = _raw_json(client, cut, api_key)
    assert got.status_code == 201, got.text
    with suara.store.engine.connect() as connection:
        comment = connection.execute(select(schema.feedback_items.c.text)).scalar_one()
    assert comment == "kurir telat \ufffd"
    unknown_survey = _raw_json(client, r'{"survey": "nps\udcff", "answers": {"nps": 3}}', api_key)
    assert unknown_survey.status_code == 404
    assert "nps\ufffd" in unknown_survey.json()["detail"]
    unknown_question = _raw_json(
        client, r'{"survey": "nps", "answers": {"nps": 3, "\ud83d": 1}}', api_key
    )
    assert unknown_question.status_code == 422
    assert unknown_question.json()["detail"][0]["question"] == "\ufffd"
    too_long = _raw_json(
        client,
        r'{"survey": "nps", "answers": {"nps": 3}, "channel": "' + "\\udc80" * 99 + '"}',
        api_key,
    )
    assert too_long.status_code == 422


def test_a_responses_comment_is_analysed_as_it_arrives(
    client: TestClient, suara: Suara, api_key: dict[str, str]
) -> None:
    """It used to wait, unanalysed, for an import or `suara text reanalyze`."""
    body = {"survey": "nps", "answers": {"nps": 2, "nps_reason": "Kurir telat, paket penyok"}}
    got = client.post("/api/v1/responses", json=body, headers=api_key)
    assert got.status_code == 201, got.text
    analyses = schema.feedback_analyses
    with suara.store.engine.connect() as connection:
        row = connection.execute(select(analyses)).one()
    assert row.model_version == suara.text.model_version
    assert row.sentiment == "negative"
    assert "delivery" in {a["aspect"] for a in row.aspects}
    assert suara.analyze_feedback() == 0


def test_a_response_for_an_erased_customer_is_refused(
    client: TestClient, suara: Suara, api_key: dict[str, str]
) -> None:
    with suara.store.transaction() as connection:
        customer_id = connection.execute(
            insert(schema.customers).values(name="Siti", created_at=NOW, updated_at=NOW)
        ).inserted_primary_key[0]
        erase_customer(connection, customer_id, now=NOW)
    body = {"survey": "nps", "answers": {"nps": 2, "nps_reason": "nomor saya 0812-3456-7890"},
            "customer_id": customer_id}  # fmt: skip
    got = client.post("/api/v1/responses", json=body, headers=api_key)
    assert got.status_code == 422
    problem = got.json()["detail"][0]
    assert (problem["loc"], problem["type"]) == (["body", "customer_id"], "erased")
    with suara.store.engine.connect() as connection:
        assert connection.execute(select(schema.feedback_items)).all() == []
