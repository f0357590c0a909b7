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
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from suara.text.normalize import (
    CACHED_WORD_CHARS,
    NormalizedText,
    Token,
    _resource_lines,
    indonesian_stopwords,
    normalize,
)
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
    wkwk wkwkwk haha hehe hihi emopos emoneg emoneu pokoknya aku saya kami kita gue gua
    benar-benar"""
)
_CX_WORDS = _words(
    """lama baru baik benar besar kecil cukup jauh dekat masalah tanya jawab datang sampai hari
    bulan minggu tahun awal akhir guna enak mirip seenaknya"""
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
    """Indonesian (PySastrawi), English (scikit-learn's list, ``resources/en_stopwords.txt``)
    and chat particles; not the linkers, nor the words PySastrawi lists that say something
    about an experience ("lama", "kecil")."""
    english = frozenset(w for line in _resource_lines("en_stopwords.txt") for w in line.split())
    words = indonesian_stopwords() | english | _CHAT_WORDS
    return frozenset(words - LINKERS - _CX_WORDS)


def chunks(text: str, *, normalized: NormalizedText | None = None) -> list[list[_Word]]:
    """Runs of content words (and linkers) between stopwords, punctuation and symbols;
    ``normalized`` (``normalize(text)``) saves normalising again."""
    return [
        [_Word(word, token.start, token.end) for word, token in zip(words, tokens, strict=True)]
        for words, tokens in _pieces(normalize(text) if normalized is None else normalized)
    ]


def _pieces(normalized: NormalizedText) -> list[tuple[list[str], list[Token]]]:
    """The candidate phrases as their words and, word for word, the token each came from.

    Parallel lists rather than :class:`_Word` tuples: :func:`key_phrases` needs only the words
    and the offsets of the first and last token, and builds no object per word.
    """
    words: list[str] = []
    tokens: list[Token] = []
    runs = [(words, tokens)]
    for token in normalized.tokens:
        if token.kind != "word" or (
            token.text.isupper() and token.text.lower() in _PLACEHOLDER_WORDS
        ):
            parts: tuple[str | None, ...] = _CUT
        else:
            # The cache is read here too: a call per token costs as much as the lookup.
            parts = _split_cache.get(token.norm) or _split(token.norm)
        for word in parts:
            # A new run at a cut, and after MAX_WORDS words (a run is cut into phrases of at
            # most that many, counted from its start).
            if words and (word is None or len(words) == MAX_WORDS):
                words, tokens = [], []
                runs.append((words, tokens))
            if word is not None:
                words.append(word)
                tokens.append(token)
    pieces = []
    for words, tokens in runs:
        # A linker never ends a phrase, and linkers alone are no phrase.
        while words and words[-1] in LINKERS:
            del words[-1], tokens[-1]
        if words:
            pieces.append((words, tokens))
    return pieces


_CUT: tuple[str | None, ...] = (None,)
_SPLIT_CACHE_SIZE = 1 << 16
_split_cache: dict[str, tuple[str | None, ...]] = {}


def _split(norm: str) -> tuple[str | None, ...]:
    """The words of a token's normal form, ``None`` for each that cuts a run (a stopword, a
    single letter, a number).

    Memoised: a corpus repeats the same few thousand words, and this is the innermost loop.
    """
    words = _split_cache.get(norm)
    if words is None:
        stop = stopwords()
        words = tuple(
            None if word in stop or len(word) < 2 or word.isdigit() else word
            for word in norm.split()
        )
        if len(_split_cache) < _SPLIT_CACHE_SIZE and len(norm) <= CACHED_WORD_CHARS:
            _split_cache[norm] = words
    return words


def key_phrases(
    text: str, *, top: int = 5, normalized: NormalizedText | None = None
) -> tuple[KeyPhrase, ...]:
    """The ``top`` candidate phrases of ``text`` by RAKE score (ties: earlier first)."""
    pieces = _pieces(normalize(text) if normalized is None else normalized)
    frequency: dict[str, int] = {}
    degree: dict[str, int] = {}
    for words, _ in pieces:
        n = len(words)
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
            degree[word] = degree.get(word, 0) + n
    # Linkers link, they do not score: 0.0 leaves every float sum exactly as it was.
    weight = {w: 0.0 if w in LINKERS else d / frequency[w] for w, d in degree.items()}
    seen: set[str] = set()
    # (-score, start, index): plain tuple order is the ranking, ties broken as a stable sort
    # on (-score, start) would break them, and no key function to call.
    ranked: list[tuple[float, int, int, str, int]] = []
    for index, (words, tokens) in enumerate(pieces):
        phrase = " ".join(words)
        if phrase in seen:
            continue
        seen.add(phrase)
        score = sum(map(weight.__getitem__, words), 0.0)
        # round() is slow, and a whole number (each word seen once) is its own rounding.
        if not score.is_integer():
            score = round(score, 4)
        ranked.append((-score, tokens[0].start, index, phrase, tokens[-1].end))
    ranked.sort()
    return tuple(
        KeyPhrase(phrase, start, end, -score) for score, start, _, phrase, end in ranked[:top]
    )


def terms(text: str, *, max_n: int = 3) -> list[str]:
    """Content words and their 2..``max_n``-grams inside candidate phrases (for TF-IDF)."""
    out: list[str] = []
    for words, _ in _pieces(normalize(text)):
        for n in range(1, max_n + 1):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
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
