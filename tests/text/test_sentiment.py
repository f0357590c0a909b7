from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from suara.domain.errors import TextModelError
from suara.domain.frameworks import Polarity
from suara.text import datasets as ds
from suara.text.features import polar_entries
from suara.text.linear import LinearTextModel, fit_linear
from suara.text.sentences import split_sentences
from suara.text.sentiment import MODELS_DIR, FastSentiment, load_shipped_model
from suara.text.train import evaluate, negation_examples

DATA = Path(__file__).parents[2] / ".." / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not beside the repo")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Barang bagus bgt, pengiriman cepat, mantul 👍", Polarity.POSITIVE),
        ("kecewa, barang rusak dan seller gk respon 😡", Polarity.NEGATIVE),
        ("Great product, works perfectly", Polarity.POSITIVE),
        ("Terrible quality, it broke after one day", Polarity.NEGATIVE),
        # a negation turns a word round (features.polar_words)
        ("tidak mengecewakan", Polarity.POSITIVE),
        ("barangnya tidak lecet", Polarity.POSITIVE),
        ("pengiriman tidak lama", Polarity.POSITIVE),
        ("not bad at all, works fine", Polarity.POSITIVE),
        ("tidak puas", Polarity.NEGATIVE),
        ("kurir ngaret, barang zonk", Polarity.NEGATIVE),
        # no negation example spells these (train.negation_examples)
        ("barang mulus tidak ada cacat sama sekali", Polarity.POSITIVE),
        ("the food was not bad, service ok", Polarity.POSITIVE),
        # a negation's scope ends with its clause
        ("gak nyesel. recommended", Polarity.POSITIVE),
        ("Pengiriman tidak telat, bagus", Polarity.POSITIVE),
    ],
)
def test_clear_cases(text: str, expected: Polarity) -> None:
    result = FastSentiment().score(text)
    assert result.label is expected
    assert -1 <= result.score <= 1
    assert sum(result.probabilities.values()) == pytest.approx(1, abs=1e-3)


def test_shipped_models_are_small_and_versioned() -> None:
    sizes = [p.stat().st_size for p in MODELS_DIR.glob("*.npz")]
    assert len(sizes) == 3  # sentiment-fast, emotion-fast, accurate-e5-lora (adapters only)
    assert sum(sizes) < 5 * 2**20
    model = load_shipped_model("sentiment-fast")
    assert model.version.startswith("sentiment-fast-")
    assert set(model.classes) == {"positive", "negative", "neutral"}
    assert 0.2 < model.temperature < 5


def test_save_load_round_trip(tmp_path: Path) -> None:
    texts = ["bagus sekali", "jelek sekali", "biasa saja", "mantap", "kecewa berat", "ya sudah"]
    labels = ["positive", "negative", "neutral", "positive", "negative", "neutral"]
    model = fit_linear(texts, labels, name="tiny", version="t1", c=1.0)
    model.save(tmp_path / "tiny.npz")
    loaded = LinearTextModel.load(tmp_path / "tiny.npz")
    assert loaded.classes == model.classes
    np.testing.assert_allclose(loaded.predict_proba(texts), model.predict_proba(texts), atol=1e-3)


def test_unreadable_model_is_a_suara_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(TextModelError):
        LinearTextModel.load(bad)


def test_sentences_split_informal_text() -> None:
    text = "Barang bagus..kurir lama! Harga Rp 150.000, rating 4.5 dari Jl. Merdeka\nmakasih"
    assert [s.text for s in split_sentences(text)] == [
        "Barang bagus..",
        "kurir lama!",
        "Harga Rp 150.000, rating 4.5 dari Jl. Merdeka",
        "makasih",
    ]


@needs_data
def test_shipped_model_card_scores_reproduce() -> None:
    """The shipped model still scores what docs/models.md says on the SmSA test split."""
    model = load_shipped_model("sentiment-fast")
    scores = evaluate(model, ds.smsa(DATA, "test"))
    assert scores["macro_f1"] == pytest.approx(
        model.meta["scores"]["smsa/test"]["macro_f1"], abs=1e-3
    )
    assert scores["macro_f1"] >= 0.74
    assert json.dumps(model.meta["trained_on"])


@needs_data
def test_prdect_has_one_split_for_both_tasks() -> None:
    """A review is in the same split for sentiment and emotion, and no text is in two."""
    splits = ("train", "valid", "test")
    by_task = {
        target: {s: {e.text for e in ds.prdect(DATA, s, target=target)} for s in splits}
        for target in ("sentiment", "emotion")
    }
    for s in splits:
        assert by_task["sentiment"][s] == by_task["emotion"][s]
    texts = by_task["emotion"]
    assert not texts["train"] & texts["test"]
    assert not texts["train"] & texts["valid"]
    assert not texts["valid"] & texts["test"]
    sizes = [sum(1 for _ in ds.prdect(DATA, s)) for s in splits]
    assert sum(sizes) == 4_400
    assert 0.78 < sizes[0] / 4_400 < 0.82


def test_negation_examples_turn_every_polar_word_round() -> None:
    examples = negation_examples()
    entries = polar_entries()
    assert len(examples) == 2 * len(entries)
    by_text = {e.text: e.label for e in examples}
    assert by_text["tidak lecet"] == by_text["not bad at all"] == "positive"
    assert by_text["tidak puas sama sekali"] == by_text["not good"] == "negative"
    assert "tidak bad" not in by_text
    assert "not lecet" not in by_text
