"""Comments are analysed as they arrive: imports, the store-wide command, files."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from suara.app import build
from suara.cli import app
from suara.ingest import outputs
from suara.settings import Settings
from suara.storage import Store, schema
from suara.storage.erasure import ERASED_TEXT
from suara.text import TextAnalyzer
from tests.ingest.files import write_csv

runner = CliRunner()

REVIEWS = [
    {
        "id_ulasan": "R1",
        "ulasan": "Pengiriman lama banget, paket telat seminggu. Kecewa!",
        "bintang": "1",
        "tanggal": "05/03/2025",
    },
    {
        "id_ulasan": "R2",
        "ulasan": "Barang ori, packing aman, seller fast respon. Mantul!",
        "bintang": "5",
        "tanggal": "06/03/2025",
    },
    {
        "id_ulasan": "R3",
        "ulasan": "Tolong hubungi saya di 0812-3456-7890 soal refund",
        "bintang": "2",
        "tanggal": "07/03/2025",
    },
]


def _analyses(store: Store) -> dict[str, dict[str, object]]:
    items, analyses = schema.feedback_items, schema.feedback_analyses
    query = select(items.c.external_id, analyses).join(
        analyses, analyses.c.feedback_id == items.c.id
    )
    with store.engine.connect() as connection:
        return {row.external_id: dict(row._mapping) for row in connection.execute(query)}


def test_imported_reviews_are_analysed_with_the_model_version(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    suara = build(settings)
    path = write_csv(tmp_path / "ulasan.csv", REVIEWS)
    suara.import_file("reviews", path)
    assert suara.analyze_feedback() == 3
    found = _analyses(suara.store)
    assert found["R1"]["sentiment"] == "negative"
    assert any(a["aspect"] == "delivery" for a in found["R1"]["aspects"])  # type: ignore[attr-defined]
    assert found["R2"]["sentiment"] == "positive"
    assert "0812" not in str(found["R3"]["redacted_text"])
    assert found["R1"]["model_version"] == suara.text.model_version
    aspect = found["R1"]["aspects"][0]  # type: ignore[index]
    start, end = aspect["spans"][0]
    assert str(found["R1"]["redacted_text"])[start:end]
    assert suara.analyze_feedback() == 0  # nothing left for this model
    suara.close()


def test_an_edited_comment_is_analysed_again_and_an_erased_one_never(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    """A re-import that changes a comment used to keep the old analysis (the dashboard showed
    the old text, rated as before); an erased customer's comment came back on the next import
    of the same export, and its placeholder was analysed as a comment."""
    suara = build(settings)
    path = write_csv(tmp_path / "ulasan.csv", REVIEWS)
    suara.import_file("reviews", path)
    assert suara.analyze_feedback() == 3
    edited = [dict(REVIEWS[0]), dict(REVIEWS[1], ulasan="Barang rusak parah, kecewa"), REVIEWS[2]]
    suara.import_file("reviews", write_csv(tmp_path / "lagi.csv", edited))
    assert suara.analyze_feedback() == 1
    found = _analyses(suara.store)
    assert found["R2"]["sentiment"] == "negative"
    assert found["R2"]["redacted_text"] == "Barang rusak parah, kecewa"
    suara.import_file("reviews", write_csv(tmp_path / "lagi2.csv", edited))
    assert suara.analyze_feedback() == 0  # the same text again: nothing to redo
    items = schema.feedback_items
    with suara.store.engine.connect() as connection:
        r3 = connection.execute(
            select(items.c.id, items.c.customer_id).where(items.c.external_id == "R3")
        ).one()
    assert r3.customer_id is None  # the reviews carry no customer: erase through a new one
    with suara.store.transaction() as connection:
        customer = connection.execute(
            schema.customers.insert().returning(schema.customers.c.id),
            {"name": "Ani", "created_at": datetime.now(UTC), "updated_at": datetime.now(UTC)},
        ).scalar_one()
        connection.execute(items.update().where(items.c.id == r3.id).values(customer_id=customer))
    suara.erase_customer(customer, requested_by="dpo")
    assert suara.analyze_feedback() == 0  # the placeholder is not feedback
    suara.import_file("reviews", write_csv(tmp_path / "lagi3.csv", edited))
    with suara.store.engine.connect() as connection:
        text = connection.execute(select(items.c.text).where(items.c.id == r3.id)).scalar_one()
    assert text == ERASED_TEXT
    assert "R3" not in _analyses(suara.store)
    suara.close()


def test_a_ticket_description_is_analysed_and_stays_erased(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    """Ticket descriptions were never analysed (only comments, reviews and responses)."""
    suara = build(settings)
    ticket = {"id": "T1", "customer_id": "C1", "channel": "email", "created_at": "04/02/2025",
              "description": "Paket telat seminggu, kurirnya tidak bisa dihubungi"}  # fmt: skip
    suara.import_file("tickets", write_csv(tmp_path / "t.csv", [ticket]))
    assert suara.analyze_feedback() == 1
    (found,) = _analyses(suara.store).values()
    assert found["sentiment"] == "negative"
    assert any(a["aspect"] == "delivery" for a in found["aspects"])  # type: ignore[attr-defined]
    with suara.store.engine.connect() as connection:
        customer = connection.execute(select(schema.customers.c.id)).scalar_one()
    suara.erase_customer(customer, requested_by="dpo")
    solved = dict(ticket, subject="Refund ke 0812-3456-7890", status="solved", csat="4")
    suara.import_file("tickets", write_csv(tmp_path / "t2.csv", [solved]))
    t = schema.support_tickets
    with suara.store.engine.connect() as connection:
        texts = connection.execute(select(schema.feedback_items.c.text)).scalars().all()
        bodies = connection.execute(select(schema.ticket_messages.c.body)).scalars().all()
        row = connection.execute(select(t.c.subject, t.c.status, t.c.csat, t.c.customer_id)).one()
        people = connection.execute(select(schema.customers.c.id)).scalars().all()
    assert texts == [ERASED_TEXT]
    assert bodies == [ERASED_TEXT]
    # the figures stay current, detached: not the words, nor a customer made anew
    assert tuple(row) == (ERASED_TEXT, "solved", 4, customer)
    assert people == [customer]
    assert suara.analyze_feedback() == 0
    suara.close()


def test_edits_within_a_file_and_back_again_keep_the_right_analysis(
    settings: Settings, store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    suara = build(settings)
    twice = [dict(REVIEWS[1], ulasan="bagus"), dict(REVIEWS[1], ulasan="Barang rusak, kecewa")]
    path = write_csv(tmp_path / "dua.csv", twice)  # one id twice: the last row is the item
    suara.import_file("reviews", path)
    assert suara.analyze_feedback() == 1
    suara.import_file("reviews", path)  # unchanged: the analysis stays
    assert suara.analyze_feedback() == 0
    for text, sentiment in [("Mantap, puas", "positive"), ("Barang rusak, kecewa", "negative")]:
        suara.import_file("reviews", write_csv(tmp_path / "x.csv", [dict(REVIEWS[1], ulasan=text)]))
        assert suara.analyze_feedback() == 1
        assert _analyses(suara.store)["R2"]["sentiment"] == sentiment
    # an analysis read before the item was edited (a background one) is not stored over it
    items = schema.feedback_items
    with suara.store.engine.connect() as connection:
        item = connection.execute(select(items.c.id).where(items.c.external_id == "R2")).scalar()
    suara.import_file("reviews", write_csv(tmp_path / "y.csv", [dict(REVIEWS[1], ulasan="ok")]))
    suara.analyze_items([(item, "Barang rusak, kecewa")])
    assert "R2" not in _analyses(suara.store)
    caplog.set_level("ERROR")
    suara.analyze_response(10**9)  # no such response: nothing, and no exception
    suara.close()
    suara.analyze_response(1)  # a closed application: nothing
    suara.close()


def test_a_store_analysed_in_worker_processes_stores_what_one_process_would(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    reviews = [
        dict(review, id_ulasan=f"{review['id_ulasan']}-{i}", ulasan=f"{review['ulasan']} #{i}")
        for i in range(200)
        for review in REVIEWS
    ]
    suara = build(settings)
    suara.import_file("reviews", write_csv(tmp_path / "ulasan.csv", reviews))
    assert suara.analyze_feedback(batch_size=2_000, workers=2) == len(reviews)
    assert suara.text._workers is not None  # the batch was shared out
    found = _analyses(suara.store)
    expected = TextAnalyzer().analyze_many([r["ulasan"] for r in reviews])
    for review, analysis in zip(reviews, expected, strict=True):
        row = found[review["id_ulasan"]]
        assert (row["sentiment"], row["redacted_text"]) == (
            analysis.sentiment.label.value,
            analysis.text,
        )
    suara.close()


def test_import_command_analyses_unless_told_not_to(tmp_path: Path) -> None:
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    path = write_csv(tmp_path / "ulasan.csv", REVIEWS)
    quiet = runner.invoke(app, ["import", "reviews", str(path), "--no-analyze"], env=env)
    assert quiet.exit_code == 0, quiet.output
    assert "analysed" not in quiet.output
    later = runner.invoke(app, ["text", "reanalyze"], env=env)
    assert later.exit_code == 0, later.output
    assert "3 feedback items analysed" in later.output
    again = runner.invoke(app, ["import", "reviews", str(path)], env=env)
    assert "0 feedback items analysed" in again.output


def test_analyze_file_writes_redacted_annotations(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "komentar.csv", REVIEWS)
    target = tmp_path / "out.csv"
    args = ["text", "analyze", str(path), "--text-column", "ulasan", "--out", str(target)]
    result = runner.invoke(app, args, env={"SUARA_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id_ulasan"] for r in rows] == ["R1", "R2", "R3"]
    assert rows[0]["ulasan"] == REVIEWS[0]["ulasan"]  # every input column is kept
    for column in ("language", "sentiment", "sentiment_score", "emotion", "aspects"):
        assert column in rows[0]
    assert rows[0]["sentiment"] == "negative"
    aspects = json.loads(rows[0]["aspects"])
    delivery = next(a for a in aspects if a["aspect"] == "delivery")
    assert delivery["polarity"] == "negative"
    start, end = delivery["spans"][0]
    assert rows[0]["text_redacted"][start:end].lower() in rows[0]["ulasan"].lower()
    assert "0812" not in rows[2]["text_redacted"]


def test_analyze_file_writes_parquet(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "komentar.csv", REVIEWS)
    target = tmp_path / "out.parquet"
    args = ["text", "analyze", str(path), "--text-column", "ulasan", "--out", str(target)]
    assert runner.invoke(app, args, env={"SUARA_HOME": str(tmp_path)}).exit_code == 0
    rows = pq.read_table(target).to_pylist()
    assert [r["sentiment"] for r in rows][:2] == ["negative", "positive"]


def test_analyze_file_names_a_missing_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "komentar.csv", REVIEWS)
    result = runner.invoke(app, ["text", "analyze", str(path)], env={"SUARA_HOME": str(tmp_path)})
    assert result.exit_code == 2
    assert "no column 'text'" in result.output


def test_analyze_file_in_worker_processes_writes_the_same_rows(tmp_path: Path) -> None:
    """A file big enough to be shared among processes gives the rows one process gives."""
    rows = [
        dict(review, id_ulasan=f"{review['id_ulasan']}-{i}", ulasan=f"{review['ulasan']} #{i}")
        for i in range(200)
        for review in REVIEWS
    ]
    path = write_csv(tmp_path / "komentar.csv", rows)
    written = []
    for workers in ("1", "2"):
        target = tmp_path / f"out-{workers}.csv"
        args = ["text", "analyze", str(path), "--text-column", "ulasan", "--out", str(target)]
        result = runner.invoke(
            app, [*args, "--workers", workers], env={"SUARA_HOME": str(tmp_path)}
        )
        assert result.exit_code == 0, result.output
        written.append(target.read_text("utf-8"))
    assert written[0] == written[1]
    assert written[0].count("\n") == len(rows) + 1


def test_a_failed_write_leaves_the_earlier_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "komentar.csv", REVIEWS)
    target = tmp_path / "out.csv"
    target.write_text("the earlier run\n", encoding="utf-8")

    def disk_full(self: outputs.CsvRows, rows: list[dict[str, object]]) -> None:
        self._writer.writerow(rows[0])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.CsvRows, "write", disk_full)
    args = ["text", "analyze", str(path), "--text-column", "ulasan", "--out", str(target)]
    result = runner.invoke(app, args, env={"SUARA_HOME": str(tmp_path)})
    assert result.exit_code == 2
    assert "No space left on device" in result.output
    assert target.read_text(encoding="utf-8") == "the earlier run\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "out" in p.name) == ["out.csv"]


def test_analyze_file_keeps_the_output_permissions_and_names_a_folder(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "komentar.csv", REVIEWS)
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    args = ["text", "analyze", str(path), "--text-column", "ulasan", "--out"]
    env = {"SUARA_HOME": str(tmp_path)}
    assert runner.invoke(app, [*args, str(target)], env=env).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.read_text(encoding="utf-8").startswith("id_ulasan,")
    folder = runner.invoke(app, [*args, str(tmp_path)], env=env)
    assert folder.exit_code == 2
    assert "it is a folder" in folder.output


def test_analyze_file_reports_plainly_what_it_did_and_refused(tmp_path: Path) -> None:
    env = {"SUARA_HOME": str(tmp_path), "SUARA_LANGUAGE": "en"}
    labelled = [{"ulasan": r["ulasan"], "sentiment": "neg"} for r in REVIEWS]
    path = write_csv(tmp_path / "berlabel.csv", labelled)
    done = runner.invoke(app, ["text", "analyze", str(path), "--text-column", "ulasan"], env=env)
    assert done.exit_code == 0, done.output
    assert "'sentiment' is written as 'sentiment_input'" in done.output
    assert "3 rows → " in done.output
    assert (tmp_path / "berlabel.analyzed.csv").is_file()
    brackets = write_csv(tmp_path / "b.csv", [{"[/b] note": "x"}])
    refused = runner.invoke(app, ["text", "analyze", str(brackets)], env=env)
    assert refused.exit_code == 2
    assert "it has [/b] note" in refused.output  # printed as written, not read as markup
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"x")
    result = runner.invoke(app, ["text", "analyze", str(broken)], env=env)
    assert (result.exit_code, "not a readable Excel file" in result.output) == (2, True)
    alone = runner.invoke(app, ["text", "analyze", str(path), "--labels", "A=positive"], env=env)
    assert (alone.exit_code, "give the model too" in alone.output) == (2, True)
