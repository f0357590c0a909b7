from __future__ import annotations

import pytest

from suara.domain.errors import TextModelError
from suara.domain.frameworks import Aspect, Emotion, Polarity
from suara.text import TextAnalyzer, TextLanguage, analyze, analyze_many


def test_analyze_one_comment() -> None:
    result = analyze(
        "Brg bagusss bgt, seller fast respon 👍 tp pengiriman lamaaa. WA sy 0812-3456-7890"
    )
    assert "0812" not in result.text
    assert "[PHONE]" in result.text
    assert result.language is TextLanguage.INDONESIAN
    assert result.sentiment.label is Polarity.POSITIVE
    assert result.normalized.startswith("barang bagus banget seller fast respon emopos")
    assert next(s.text for s in result.sentences).startswith("Brg bagusss")
    aspects = {a.aspect: a.polarity for a in result.aspects}
    assert aspects[Aspect.DELIVERY] is Polarity.NEGATIVE
    assert aspects[Aspect.SELLER_SERVICE] is Polarity.POSITIVE
    assert result.emotion is not None
    assert result.emotion.label in set(Emotion)
    assert result.signals[0].symbol == "👍"
    assert result.model_version.startswith("sentiment-fast-")
    for aspect in result.aspects:
        for span in aspect.spans:
            assert result.text[span.start : span.end] == span.text


def test_english_comment_has_no_emotion() -> None:
    result = analyze("The package arrived late and the box was damaged.")
    assert result.language is TextLanguage.ENGLISH
    assert result.emotion is None
    assert {a.aspect for a in result.aspects} >= {Aspect.DELIVERY, Aspect.PACKAGING}


def test_analyze_many_reports_progress() -> None:
    seen: list[tuple[int, int]] = []
    texts = ["mantap", "jelek", "", "ok", "barang sampai"]
    results = TextAnalyzer().analyze_many(
        texts, progress=lambda d, t: seen.append((d, t)), batch_size=2
    )
    assert [r.text for r in results] == texts
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert analyze_many([]) == []


def test_unknown_tier_is_refused() -> None:
    with pytest.raises(TextModelError, match="tier"):
        TextAnalyzer(tier="best")  # type: ignore[arg-type]
