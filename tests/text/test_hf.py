"""Bring your own model: a tiny, randomly initialised BERT the test builds and saves itself.

Needs the optional extra ``hf`` (torch, transformers), which ``.[dev]`` installs; without it
these tests skip. Nothing is downloaded.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from suara.cli import app
from suara.domain.errors import OptionalDependencyMissing, TextModelError
from suara.domain.frameworks import Polarity
from suara.text import TextAnalyzer
from suara.text.hf import HfSentiment, parse_labels, polarity_of

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None,
    reason="torch and transformers (the optional extra `hf`) are not installed: "
    "pip install -e '.[hf]' to run these tests",
)

WORDS = ["barang", "bagus", "jelek", "kirim", "cepat", "lambat", "kecewa", "puas", "seller",
         "respon", "the", "good", "bad"]  # fmt: skip
TEXTS = ["barang bagus", "kirim lambat, kecewa", "the good seller", "", "puas puas puas"]


def _save(folder: Path, labels: list[str]) -> Path:
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    folder.mkdir()
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ",", *WORDS]))
    BertTokenizer(str(vocab)).save_pretrained(str(folder))
    config = BertConfig(
        vocab_size=len(WORDS) + 6, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=37, max_position_embeddings=64, num_labels=len(labels),
        id2label=dict(enumerate(labels)), label2id={k: i for i, k in enumerate(labels)},
    )  # fmt: skip
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _save(tmp_path_factory.mktemp("hf") / "tiny-bert", ["negative", "neutral", "positive"])


def _reference(path: Path, texts: list[str]) -> Any:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(path))
    model = AutoModelForSequenceClassification.from_pretrained(str(path)).eval()
    with torch.inference_mode():
        logits = model(**tokenizer(texts, padding=True, return_tensors="pt")).logits
    return torch.softmax(logits, dim=-1).numpy()


def test_scores_match_the_checkpoint_in_batches(checkpoint: Path) -> None:
    model = HfSentiment(checkpoint, batch_size=2)
    results = model.score_many(TEXTS)
    assert len(results) == len(TEXTS)
    expected = _reference(checkpoint, [t or "-" for t in TEXTS])
    for row, result in zip(expected, results, strict=True):
        assert result.probabilities["negative"] == pytest.approx(row[0], abs=1e-3)
        assert result.probabilities["neutral"] == pytest.approx(row[1], abs=1e-3)
        assert result.probabilities["positive"] == pytest.approx(row[2], abs=1e-3)
        assert result.score == pytest.approx(row[2] - row[0], abs=1e-3)
    assert model.device == "cpu" or model.device.startswith("cuda")
    assert model.score_many([]) == []
    assert model.version.startswith("hf:tiny-bert+")
    assert model.version == HfSentiment(checkpoint).version


def test_star_ratings_and_named_labels_are_mapped(tmp_path: Path) -> None:
    stars = _save(tmp_path / "stars", [f"{n} star{'s' if n > 1 else ''}" for n in range(1, 6)])
    proba = HfSentiment(stars).predict_proba(["barang bagus"])
    assert proba.shape == (1, 3)
    assert proba.sum() == pytest.approx(1.0, abs=1e-5)
    assert polarity_of("POSITIVE") is Polarity.POSITIVE
    assert polarity_of("Negatif") is Polarity.NEGATIVE
    assert polarity_of("LABEL_0") is None


def test_labels_that_say_nothing_need_a_mapping(tmp_path: Path) -> None:
    bare = _save(tmp_path / "bare", ["LABEL_0", "LABEL_1"])
    with pytest.raises(TextModelError, match="LABEL_0=negative"):
        HfSentiment(bare).score("barang bagus")
    mapped = HfSentiment(bare, labels=parse_labels("LABEL_0=negative,LABEL_1=positive"))
    result = mapped.score("barang bagus")
    assert result.probabilities["neutral"] == 0
    with pytest.raises(TextModelError, match="--labels"):
        parse_labels("LABEL_0=bad")
    with pytest.raises(TextModelError, match=r"config\.json"):
        HfSentiment(tmp_path / "missing").score("x")


def test_missing_libraries_fail_with_the_install_hint(
    checkpoint: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def without_torch(name: str, package: str | None = None) -> Any:
        if name == "torch":
            raise ModuleNotFoundError("No module named 'torch'", name="torch")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_torch)
    with pytest.raises(OptionalDependencyMissing, match=r"suara\[hf\]"):
        HfSentiment(checkpoint).score("barang bagus")


def test_the_analyzer_and_the_command_use_the_checkpoint(checkpoint: Path, tmp_path: Path) -> None:
    analysis = TextAnalyzer(sentiment=HfSentiment(checkpoint)).analyze("Pengiriman lambat, kecewa")
    assert analysis.model_version.startswith("hf:tiny-bert+")
    assert any(a.aspect.value == "delivery" for a in analysis.aspects)
    source = tmp_path / "komentar.csv"
    source.write_text("text\nbarang bagus\nkirim lambat\n", encoding="utf-8")
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    result = CliRunner().invoke(
        app, ["text", "analyze", str(source), "--model", str(checkpoint)], env=env
    )
    assert result.exit_code == 0, result.output
    with (tmp_path / "komentar.analyzed.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["model_version"].split(";")[0] for r in rows] == [
        analysis.model_version.split(";")[0]
    ] * 2
    assert np.isfinite([float(r["sentiment_score"]) for r in rows]).all()


def test_a_comment_longer_than_the_model_takes_is_cut_to_fit(checkpoint: Path) -> None:
    """The checkpoint has 64 positions; a longer comment crashed ("size of tensor a (66)")."""
    long = " ".join(["barang bagus"] * 1_500)
    result = HfSentiment(checkpoint).score(long)
    assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-3)


def test_checkpoints_that_would_score_at_random_are_refused(tmp_path: Path) -> None:
    import shutil

    from transformers import BertConfig, BertModel

    no_tokenizer = _save(tmp_path / "no-tokenizer", ["negative", "positive"])
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        (no_tokenizer / name).unlink(missing_ok=True)
    with pytest.raises(TextModelError, match="no tokenizer files"):
        HfSentiment(no_tokenizer).score("barang bagus")
    headless = _save(tmp_path / "headless", ["negative", "positive"])
    config = BertConfig.from_pretrained(str(headless))
    for weights in headless.glob("*.safetensors"):
        weights.unlink()
    BertModel(config).save_pretrained(str(headless))  # the encoder alone, no classifier
    with pytest.raises(TextModelError, match="no trained classification head"):
        HfSentiment(headless).score("barang bagus")
    shutil.rmtree(headless)


@pytest.mark.parametrize(
    ("id2label", "message"),
    [
        ('{"a": "negative", "b": "positive"}', "must map output indexes"),
        ("null", "LABEL_0=negative"),  # the default two labels, which say nothing
        ('{"0": "negative", "2": "positive"}', "numbered 0 to 1"),
        ('["negative", "positive"]', "must map output indexes"),
    ],
)
def test_a_broken_config_is_a_clear_error(tmp_path: Path, id2label: str, message: str) -> None:
    import json

    folder = _save(tmp_path / "broken", ["negative", "positive"])
    config = json.loads((folder / "config.json").read_text())
    config["id2label"] = json.loads(id2label)
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(TextModelError, match=message):
        HfSentiment(folder).score("barang bagus")


def test_labels_must_name_the_models_own(tmp_path: Path) -> None:
    bare = _save(tmp_path / "bare", ["LABEL_0", "LABEL_1"])
    extra = parse_labels("LABEL_0=negative,LABEL_1=positive,LABEL_9=negative")
    with pytest.raises(TextModelError, match="names LABEL_9, which bare does not have"):
        HfSentiment(bare, labels=extra).score("barang bagus")
    with pytest.raises(TextModelError, match="LABEL_0 is given twice"):
        parse_labels("LABEL_0=negative,LABEL_0=positive")
    with pytest.raises(TextModelError, match="--labels"):
        parse_labels("=negative")


def test_weights_retrained_in_place_are_another_version(tmp_path: Path) -> None:
    """The version hashed file sizes only: new weights of the same size kept the version,
    and the store would not re-analyse what the old weights had read."""
    import torch
    from transformers import BertForSequenceClassification

    folder = _save(tmp_path / "m", ["negative", "positive"])
    before = HfSentiment(folder).version
    model = BertForSequenceClassification.from_pretrained(str(folder))
    with torch.no_grad():
        model.classifier.bias += 1.0
    model.save_pretrained(str(folder))
    assert HfSentiment(folder).version != before
    relabelled = HfSentiment(folder, labels={"negative": "positive", "positive": "negative"})
    assert relabelled.version != HfSentiment(folder).version
