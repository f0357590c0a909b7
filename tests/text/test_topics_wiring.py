"""`Suara.emerging_topics` and `suara text topics` read unaspected feedback from the store."""

from __future__ import annotations

import json
import random
from pathlib import Path

from typer.testing import CliRunner

from suara.app import build
from suara.cli import app
from suara.settings import Settings
from suara.storage import Store
from tests.ingest.files import write_csv

runner = CliRunner()

LIVE = ["live streaming seru banget", "kapan live streaming lagi", "live streaming tadi lucu"]
RESTOCK = ["kapan restock warna hitam", "restock warna hitam dong", "restock warna hitam kapan"]
ASPECTED = ["Pengiriman lama banget, paket telat", "Barang rusak, kecewa"]


def _reviews() -> list[dict[str, str]]:
    rng = random.Random(3)
    rows = []
    for month in range(1, 5):
        texts = [
            *(rng.choice(RESTOCK) for _ in range(6)),
            *(rng.choice(ASPECTED) for _ in range(4)),
        ]
        if month == 4:
            texts += [rng.choice(LIVE) for _ in range(12)]
        for text in texts:
            day = rng.randint(1, 28)
            rows.append({"id_ulasan": f"R{len(rows)}", "ulasan": text, "bintang": "4",
                         "tanggal": f"{day:02d}/{month:02d}/2025"})  # fmt: skip
    return rows


def test_the_app_finds_the_new_topic_among_unaspected_feedback(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    suara = build(settings)
    suara.import_file("reviews", write_csv(tmp_path / "ulasan.csv", _reviews()))
    suara.analyze_feedback()
    topics = suara.emerging_topics()
    live = next(t for t in topics if "live streaming" in t.name)
    assert live.emerging
    assert live.size == 12
    assert [label for label, _ in live.volume] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    restock = next(t for t in topics if "restock" in t.name)
    assert not restock.emerging
    assert restock.size == 24
    suara.close()


def test_the_topics_command_prints_json_and_a_table(tmp_path: Path) -> None:
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    path = write_csv(tmp_path / "ulasan.csv", _reviews())
    assert runner.invoke(app, ["import", "reviews", str(path)], env=env).exit_code == 0
    result = runner.invoke(app, ["text", "topics", "--json"], env=env)
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found[0]["emerging"]
    assert "live streaming" in found[0]["name"]
    table = runner.invoke(app, ["text", "topics"], env=env)
    assert table.exit_code == 0, table.output
    assert "live streaming" in table.output
    bad = runner.invoke(app, ["text", "topics", "--period", "year"], env=env)
    assert bad.exit_code == 2
    assert "choose month or week" in bad.output
    small = runner.invoke(app, ["text", "topics", "--min-size", "1"], env=env)
    assert small.exit_code == 2
    assert "--min-size" in small.output
    assert "min_size" not in small.output
    future = runner.invoke(app, ["text", "topics", "--since", "2999-01-01"], env=env)
    assert future.exit_code == 2
    assert "--since 2999-01-01 is after today" in future.output


def test_train_refuses_epochs_it_would_ignore(tmp_path: Path) -> None:
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    fast = runner.invoke(app, ["text", "train", "--epochs", "3"], env=env)
    assert fast.exit_code == 2
    assert "--epochs is for --only accurate" in fast.output
    none = runner.invoke(app, ["text", "train", "--only", "accurate", "--epochs", "0"], env=env)
    assert none.exit_code == 2
    assert "--epochs" in none.output
