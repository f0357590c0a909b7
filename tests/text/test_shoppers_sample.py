"""The labelled shoppers' comments that ``bench/spot_check_bench.py`` reads are part of the
repository: an earlier set lived in an ignored folder and was lost with its checkout."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from suara.domain.frameworks import Aspect, Polarity

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "bench" / "data").glob("shoppers_*.jsonl"))


def test_every_set_the_bench_reads_is_here() -> None:
    assert [p.name for p in SAMPLES] == [
        "shoppers_2026-12-07.jsonl",
        "shoppers_2026-12-07b.jsonl",
        "shoppers_2026-12-07c.jsonl",
        "shoppers_2026-12-08d.jsonl",
        "shoppers_2026-12-08e.jsonl",
    ]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_the_sample_is_not_ignored_by_git(sample: Path) -> None:
    try:
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", str(sample)], cwd=ROOT, check=False
        ).returncode
    except FileNotFoundError:
        pytest.skip("git is not installed")
    if ignored == 128:
        pytest.skip("not a git checkout")
    assert ignored == 1, f"{sample} must not be ignored by git"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_the_sample_is_well_formed(sample: Path) -> None:
    rows = [json.loads(line) for line in sample.read_text("utf-8").splitlines()]
    assert len({r["id"] for r in rows}) == len(rows)
    assert len(rows) == 200
    assert len({r["text"] for r in rows}) == 200
    assert Counter(r["split"] for r in rows) == {"dev": 100, "held_out": 100}
    polarities = {p.value for p in Polarity}
    for row in rows:
        assert row["split"] == ("dev" if row["id"] % 2 else "held_out")
        assert row["sentiment"] in polarities
        keys = [a["aspect"] for a in row["aspects"]]
        assert len(keys) == len(set(keys))
        for aspect in row["aspects"]:
            assert aspect["aspect"] in {a.value for a in Aspect}
            assert aspect["polarity"] in polarities
