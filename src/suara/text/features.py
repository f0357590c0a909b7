"""Hashed word and character n-gram features, the same at training and at scoring time.

Words are the normalised words of :mod:`suara.text.normalize`; negation (``tidak``,
``bukan``, ``not`` …) marks the next two words, so "tidak bagus" and "bagus" differ even for a
unigram model. Character n-grams (2-5, inside word boundaries) make the model robust to the
spelling variants no slang table lists. Hashing (CRC-32, stable across runs and platforms)
keeps the model a fixed-size table: no vocabulary file to ship.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from suara.text.normalize import normalize

N_BUCKETS = 1 << 20
NEGATIONS = frozenset(
    [
        "tidak",
        "bukan",
        "belum",
        "kurang",
        "jangan",
        "tanpa",
        "not",
        "no",
        "never",
        "dont",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "wasn't",
        "won't",
        "can't",
        "cannot",
    ]
)
CHAR_NGRAMS = (2, 5)


@lru_cache(maxsize=1 << 19)
def _hash(feature: str) -> int:
    """Cached: character n-grams and common words recur in almost every comment."""
    return zlib.crc32(feature.encode("utf-8")) & (N_BUCKETS - 1)


def analyzer_words(normalized: str) -> list[str]:
    """Word features of a normalised text: unigrams, bigrams and negation-scoped words."""
    words = [w for w in normalized.split() if w not in {".", "!", "?"} and w[0] not in ".!?"]
    feats = [f"w:{w}" for w in words]
    feats += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    scope = 0
    for w in words:
        if w in NEGATIONS:
            scope = 2
            continue
        if scope:
            feats.append(f"n:{w}")
            scope -= 1
    if "!" in normalized:
        feats.append("p:!")
    return feats


def analyzer_chars(normalized: str) -> list[str]:
    feats: list[str] = []
    lo, hi = CHAR_NGRAMS
    for word in normalized.split():
        padded = f" {word} "
        for n in range(lo, hi + 1):
            feats.extend(f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return feats


def hashed_features(normalized: str) -> tuple[np.ndarray, np.ndarray]:
    """Bucket ids and values of one normalised text; each block is L2-normalised."""
    counts: dict[int, float] = {}
    for block in (analyzer_words(normalized), analyzer_chars(normalized)):
        if not block:
            continue
        local = Counter(map(_hash, block))  # first-seen order, as the model was trained
        weights = {h: 1.0 + math.log(c) for h, c in local.items()}
        norm = math.sqrt(sum(v * v for v in weights.values()))
        for h, v in weights.items():
            counts[h] = counts.get(h, 0.0) + v / norm
    ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    return ids, values


def normalized_texts(texts: Iterable[str]) -> list[str]:
    return [normalize(t).text for t in texts]


def feature_rows(texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Hashed features of raw texts (normalised first)."""
    return [hashed_features(n) for n in normalized_texts(texts)]
