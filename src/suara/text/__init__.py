"""Text analytics: normalisation, language, sentiment, aspects, emotion, key phrases,
topics and PII, offline.

``analyze(text)`` / ``analyze_many(texts)`` give a :class:`TextAnalysis`; a
:class:`TextAnalyzer` keeps its models for repeated use. The shipped models and their scores
are described in ``docs/models.md``; ``python -m suara.text.train`` rebuilds them.
"""

from __future__ import annotations

from suara.text.analysis import (
    EmotionResult,
    SentenceSentiment,
    TextAnalysis,
    TextAnalyzer,
    Tier,
    analyze,
    analyze_many,
)
from suara.text.aspects import AspectMention, AspectResult, TextSpan
from suara.text.language import LanguageResult, TextLanguage, detect_language
from suara.text.normalize import NormalizedText, normalize
from suara.text.phrases import KeyPhrase, key_phrases
from suara.text.pii import PiiKind, PiiSpan, Redaction, redact
from suara.text.sentences import split_sentences
from suara.text.sentiment import FastSentiment, SentimentResult

__all__ = [
    "AspectMention",
    "AspectResult",
    "EmotionResult",
    "FastSentiment",
    "KeyPhrase",
    "LanguageResult",
    "NormalizedText",
    "PiiKind",
    "PiiSpan",
    "Redaction",
    "SentenceSentiment",
    "SentimentResult",
    "TextAnalysis",
    "TextAnalyzer",
    "TextLanguage",
    "TextSpan",
    "Tier",
    "analyze",
    "analyze_many",
    "detect_language",
    "key_phrases",
    "normalize",
    "redact",
    "split_sentences",
]
