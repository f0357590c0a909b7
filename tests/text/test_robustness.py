"""Whatever a customer (or a broken export) sends, analysis returns a valid result."""

from __future__ import annotations

import json
import random

import pytest

from suara.domain.errors import TextInputError
from suara.domain.frameworks import Polarity
from suara.text import TextAnalysis, TextAnalyzer


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return TextAnalyzer()


def _valid(result: TextAnalysis) -> None:
    assert result.sentiment.label in set(Polarity)
    assert -1.0 <= result.sentiment.score <= 1.0
    for aspect in result.aspects:
        for span in aspect.spans:
            assert 0 <= span.start < span.end <= len(result.text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "😡😡😡",
        "👍",
        ":) :( <3",
        "!!!???...",
        "a",
        "\x00\x01\x02 binary \xff\ufffd",
        "<script>alert('x')</script>",
        "barang " * 10,
    ],
)
def test_odd_inputs_give_a_valid_result(analyzer: TextAnalyzer, text: str) -> None:
    _valid(analyzer.analyze(text))


def test_a_50000_character_comment(analyzer: TextAnalyzer) -> None:
    text = ("Pengiriman telat, packing rusak, seller fast respon. " * 1000)[:50_000]
    result = analyzer.analyze(text)
    _valid(result)
    assert any(a.aspect.value == "delivery" for a in result.aspects)


def test_binary_garbage(analyzer: TextAnalyzer) -> None:
    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(5000)).decode("latin-1")
    _valid(analyzer.analyze(garbage))


@pytest.mark.parametrize(
    "text",
    [
        "bagus \udcff banget",  # a byte read with surrogateescape
        json.loads('"kurir telat \\ud83d"'),  # half an emoji, cut off in a JSON export
        "\udc80" * 50,
    ],
)
def test_lone_surrogates_become_the_replacement_character(
    analyzer: TextAnalyzer, text: str
) -> None:
    """Such a text cannot be encoded (nor stored, exported or read by lingua); it used to
    crash language detection."""
    result = analyzer.analyze(text)
    _valid(result)
    assert len(result.text) == len(text)
    result.text.encode("utf-8")
    assert all(c == "\ufffd" for a, c in zip(text, result.text, strict=True) if a != c)
    assert analyzer.analyze_many([text, "bagus"])[0] == result


def test_the_same_text_twice_gives_the_same_result(analyzer: TextAnalyzer) -> None:
    text = "Brg ori gan, tp pengiriman lama bgt. Kecewa sm kurirnya 😡 hub 0812-3456-7890"
    first, second = analyzer.analyze(text), analyzer.analyze(text)
    assert first == second
    assert "0812" not in first.text


@pytest.mark.parametrize("text", ["", "   \n\t ", "12345", "!!!???...", "- 5 -"])
def test_a_comment_with_nothing_to_read_is_neutral(analyzer: TextAnalyzer, text: str) -> None:
    """Not whatever the model's bias terms say (it used to call "" negative)."""
    result = analyzer.analyze(text)
    assert (result.sentiment.label, result.sentiment.score) == (Polarity.NEUTRAL, 0.0)
    assert all(s.sentiment.label is Polarity.NEUTRAL for s in result.sentences)
    assert analyzer.analyze("😡").sentiment.label is Polarity.NEGATIVE  # emoji are read


def test_what_is_not_a_list_of_texts_is_a_clear_error(analyzer: TextAnalyzer) -> None:
    with pytest.raises(TextInputError, match="text 1 is NoneType, not str"):
        analyzer.analyze_many(["bagus", None])  # type: ignore[list-item]
    with pytest.raises(TextInputError, match="text 0 is int"):
        analyzer.analyze(123)  # type: ignore[arg-type]
    with pytest.raises(TextInputError, match="not one string"):
        analyzer.analyze_many("barang bagus")
    with pytest.raises(TextInputError, match="workers must be 1 or more"):
        analyzer.analyze_many(["bagus"], workers=0)
