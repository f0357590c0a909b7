"""Key phrases: the multi-word expressions that say what a comment is about.

A comment is normalised (:mod:`suara.text.normalize`: slang expanded, so "voucher gk bisa
dipake" reads "voucher tidak bisa dipakai") and cut into candidate phrases at stopwords,
punctuation, numbers, emoji and PII placeholders, as RAKE does (Rose et al. 2010, "Automatic
Keyword Extraction from Individual Documents"). Negations and "bisa/can" may sit inside a
phrase ("tidak bisa dipakai") but never end one. Each word scores degree/frequency over the
candidates, a phrase the sum of its words' scores, so longer specific phrases outrank lone
words. Stopwords: PySastrawi's Indonesian list, scikit-learn's English list and the particles
of chat ("kak", "sih", "dong"). :func:`terms` gives the same words and their 2-3-grams to the
topic model (:mod:`suara.text.topics`), which ranks them per cluster with c-TF-IDF.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from suara.text.normalize import NormalizedText, indonesian_stopwords, normalize
from suara.text.pii import PLACEHOLDERS

MAX_WORDS = 5


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LINKERS = _words(
    "tidak bukan belum jangan kurang nggak gak bisa dapat not no never cannot can dont"
)
_CHAT_WORDS = _words(
    """kak kakak min admin gan sis bang mas mbak sih deh dong nih loh lho kok ya yah aja saja
    banget sekali pas udah sudah lagi juga tapi terus trus jadi gimana bgt nya ok oke okay oh
    wkwk wkwkwk haha hehe hihi emopos emoneg emoneu pokoknya aku saya kami kita gue gua"""
)
_CX_WORDS = _words(
    """lama baru baik benar besar kecil cukup jauh dekat masalah tanya jawab datang sampai hari
    bulan minggu tahun awal akhir guna"""
)
_PLACEHOLDER_WORDS = frozenset(p.strip("[]").lower() for p in PLACEHOLDERS.values())


@dataclass(frozen=True, slots=True)
class KeyPhrase:
    """A phrase in normal form; ``start``/``end`` index the text it was read from."""

    text: str
    start: int
    end: int
    score: float


class _Word(NamedTuple):
    text: str
    start: int
    end: int


@cache
def stopwords() -> frozenset[str]:
    """Indonesian (PySastrawi), English (scikit-learn) and chat particles; not the linkers,
    nor the words PySastrawi lists that say something about an experience ("lama", "kecil")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = indonesian_stopwords() | frozenset(ENGLISH_STOP_WORDS) | _CHAT_WORDS
    return frozenset(words - LINKERS - _CX_WORDS)


def chunks(text: str, *, normalized: NormalizedText | None = None) -> list[list[_Word]]:
    """Runs of content words (and linkers) between stopwords, punctuation and symbols;
    ``normalized`` (``normalize(text)``) saves normalising again."""
    stop = stopwords()
    runs: list[list[_Word]] = []
    run: list[_Word] = []
    for token in (normalize(text) if normalized is None else normalized).tokens:
        if token.kind != "word" or (
            token.text.isupper() and token.text.lower() in _PLACEHOLDER_WORDS
        ):
            if run:
                runs.append(run)
                run = []
            continue
        for word in token.norm.split():
            if word in stop or len(word) < 2 or word.isdigit():
                if run:
                    runs.append(run)
                    run = []
            else:
                run.append(_Word(word, token.start, token.end))
    if run:
        runs.append(run)
    pieces = []
    for run in runs:
        for lo in range(0, len(run), MAX_WORDS):
            piece = _trim(run[lo : lo + MAX_WORDS])
            if piece:
                pieces.append(piece)
    return pieces


def _trim(words: list[_Word]) -> list[_Word]:
    while words and words[-1].text in LINKERS:
        words = words[:-1]
    return words if any(w.text not in LINKERS for w in words) else []


def _phrase(words: Iterable[_Word]) -> str:
    return " ".join(w.text for w in words)


def key_phrases(
    text: str, *, top: int = 5, normalized: NormalizedText | None = None
) -> tuple[KeyPhrase, ...]:
    """The ``top`` candidate phrases of ``text`` by RAKE score (ties: earlier first)."""
    candidates = chunks(text, normalized=normalized)
    frequency: dict[str, int] = {}
    degree: dict[str, int] = {}
    for words in candidates:
        for word in words:
            frequency[word.text] = frequency.get(word.text, 0) + 1
            degree[word.text] = degree.get(word.text, 0) + len(words)
    seen: dict[str, tuple[float, int, int]] = {}
    for words in candidates:
        phrase = _phrase(words)
        if phrase in seen:
            continue
        score = sum(degree[w.text] / frequency[w.text] for w in words if w.text not in LINKERS)
        seen[phrase] = (round(score, 4), words[0].start, words[-1].end)
    ranked = sorted(seen.items(), key=lambda p: (-p[1][0], p[1][1]))
    return tuple(
        KeyPhrase(phrase, start, end, score) for phrase, (score, start, end) in ranked[:top]
    )


def terms(text: str, *, max_n: int = 3) -> list[str]:
    """Content words and their 2..``max_n``-grams inside candidate phrases (for TF-IDF)."""
    out: list[str] = []
    for words in chunks(text):
        tokens = [w.text for w in words]
        for n in range(1, max_n + 1):
            for i in range(len(tokens) - n + 1):
                gram = tokens[i : i + n]
                if gram[-1] in LINKERS or all(t in LINKERS for t in gram):
                    continue
                out.append(" ".join(gram))
    return out


def class_tfidf(terms_by_class: dict[int, list[str]]) -> dict[int, list[tuple[str, float]]]:
    """c-TF-IDF (Grootendorst 2022, BERTopic): ``tf(t, c) * log(1 + A / f(t))`` with ``A``
    the mean number of terms per class and ``f(t)`` the term's count over all classes; each
    class's terms ranked best first."""
    counts = {c: Counter(ts) for c, ts in terms_by_class.items()}
    total: Counter[str] = Counter()
    for counter in counts.values():
        total.update(counter)
    mean = sum(sum(c.values()) for c in counts.values()) / max(1, len(counts))
    ranked: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for c, counter in counts.items():
        size = max(1, sum(counter.values()))
        scores = {
            t: (n / size) * _log1p(mean / total[t]) for t, n in counter.items() if total[t] > 0
        }
        ranked[c] = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return dict(ranked)


def _log1p(x: float) -> float:
    import math

    return math.log1p(x)
