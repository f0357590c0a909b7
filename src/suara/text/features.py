"""Hashed word and character n-gram features, the same at training and at scoring time.

Words are the normalised words of :mod:`suara.text.normalize`. Negation (``tidak``,
``bukan``, ``not`` …) scopes the next two words of its clause, not counting ``ada``, ``yang``,
``satu`` and ``pun`` ("tidak ada yang rusak"): a scoped word and its character n-grams are
hashed apart from the same word unnegated, so "tidak rusak" carries none of "rusak"'s weight.
A negation inside a scope is a scoped word too ("ga ada yg kurang": nothing is missing).
A scoped word listed in ``resources/polar_words.tsv`` also adds one feature shared by every
negated word of its polarity: the training data say "tidak mengecewakan" and "tidak kecewa"
often and "tidak cacat" or "not bad" rarely, and the shared feature carries what the frequent
cases teach to the rare ones. Character n-grams (2-5, inside word boundaries) make the model
robust to the spelling variants no slang table lists. Hashing keeps the model a fixed-size
table: no vocabulary file to ship.

A whole batch is hashed at once with numpy: the texts are joined into one array of code
points, and the hash of any span is read off prefix sums of a polynomial rolling hash
(Karp & Rabin 1987) modulo 2^64, ``h(s[a:b]) = P^(b-1) · (Q[b] − Q[a])`` with
``Q[i] = Σ_{j<i} s[j] · P^-j`` (``P`` odd, so it has an inverse modulo 2^64), then spread
over ``N_BUCKETS`` by Fibonacci hashing. No Python loop runs per n-gram; the hashes are
stable across runs and platforms.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from suara.text.normalize import normalize

_BITS = 20
N_BUCKETS = 1 << _BITS
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
NEGATION_SCOPE = 2
# Words that do not use up a negation's scope: "tidak ada yang rusak" and "gak satu pun
# lecet" negate "rusak" and "lecet" as "tidak rusak" does
NEGATION_FILLERS = frozenset(["ada", "yang", "satu", "pun"])
CHAR_NGRAMS = (2, 5)
WORD_NGRAMS = 2
_POLAR_WORDS = resources.files("suara.text").joinpath("resources", "polar_words.tsv")


@cache
def polar_entries() -> tuple[tuple[str, str, str], ...]:
    """(word, ``+`` or ``-``, ``id`` or ``en``) of ``resources/polar_words.tsv``."""
    entries = []
    for line in _POLAR_WORDS.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, polarity, *language = (cell.strip() for cell in line.split("\t"))
            entries.append((word, polarity, language[0] if language else "id"))
    return tuple(entries)


def polar_words() -> dict[str, str]:
    """Word -> ``+`` or ``-``."""
    return {word: polarity for word, polarity, _ in polar_entries()}


SCHEME = (
    f"poly64-fib{_BITS}-w{WORD_NGRAMS}-c{CHAR_NGRAMS[0]}-{CHAR_NGRAMS[1]}"
    f"-neg{NEGATION_SCOPE}cfd-polar{hashlib.sha256(_POLAR_WORDS.read_bytes()).hexdigest()[:8]}"
)
"""Names the features; a model records it and is refused by code that hashes otherwise (an
edit of the polar word list changes it too)."""

_U64 = np.uint64
_P = 0x100000001B3  # the FNV-64 prime: odd, so invertible modulo 2^64
_P_INV = pow(_P, -1, 1 << 64)
_SPACE = ord(" ") + 1  # code points are shifted by one so that no character hashes to 0
_STOPS = np.array([ord(c) + 1 for c in ".!?,"], dtype=np.uint64)  # ends of clauses
_GOLDEN = 0x9E3779B97F4A7C15
_SALT = {  # one per kind of feature, so a word and a character n-gram never share a hash
    "word": 0x9E3779B97F4A7C15,
    "ngram": 0xBF58476D1CE4E5B9,
    "neg": 0x94D049BB133111EB,
    "bang": 0x2545F4914F6CDD1D,
    "char": 0xD6E8FEB86659FD93,
    "negchar": 0x4CF5AD432745937F,
    "polar": 0x7FB5D329728EA185,
}
_NEGATED_POSITIVE, _NEGATED_NEGATIVE = 1, 2


@dataclass(frozen=True, slots=True)
class HashedBatch:
    """Features of a batch in coordinate form: ``values[k]`` is the weight of bucket
    ``buckets[k]`` in text ``docs[k]``. A bucket may repeat within a text (a word and a
    character n-gram that collide); their values add."""

    n: int
    docs: np.ndarray
    buckets: np.ndarray
    values: np.ndarray


def bucket_of(h: np.ndarray, salt: int) -> np.ndarray:
    """Fibonacci hashing (Knuth, TAOCP vol. 3, 6.4): the top bits of ``(h ^ salt) · φ·2^64``
    pick one of ``N_BUCKETS``; every bit of ``h`` reaches them."""
    with np.errstate(over="ignore"):
        return np.asarray(((h ^ _U64(salt)) * _U64(_GOLDEN)) >> _U64(64 - _BITS))


@cache
def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """``P^k`` and ``P^-k`` modulo 2^64 for ``k < size`` (size a power of two)."""
    with np.errstate(over="ignore"):
        up = np.cumprod(np.full(size, _P, dtype=_U64))
        down = np.cumprod(np.full(size, _P_INV, dtype=_U64))
    one = np.ones(1, dtype=_U64)
    return np.concatenate([one, up[:-1]]), np.concatenate([one, down[:-1]])


def _word_hashes(words: Iterable[str]) -> np.ndarray:
    """Span hashes of single words, as :func:`hash_batch` computes them (for look-ups)."""
    out = []
    for word in words:
        h = 0
        for ch in word:
            h = (h * _P + ord(ch) + 1) & ((1 << 64) - 1)
        out.append(h)
    return np.array(out, dtype=_U64)


@cache
def _negation_hashes() -> np.ndarray:
    return np.sort(_word_hashes(NEGATIONS))


@cache
def _filler_hashes() -> np.ndarray:
    return np.sort(_word_hashes(NEGATION_FILLERS))


@cache
def _polar_hashes() -> tuple[np.ndarray, np.ndarray]:
    """Sorted span hashes of the positive and of the negative polar words."""
    table = polar_words()
    return tuple(  # type: ignore[return-value]
        np.sort(_word_hashes(w for w, p in table.items() if p == sign)) for sign in "+-"
    )


def _scope(
    negation: np.ndarray, word_doc: np.ndarray, clause: np.ndarray, counted: np.ndarray
) -> np.ndarray:
    """The words in the scope of a negation: up to ``NEGATION_SCOPE`` words after it (the
    fillers not counted) in its text and clause."""
    scoped = np.zeros(len(negation), dtype=bool)
    for k in range(1, NEGATION_SCOPE + len(NEGATION_FILLERS) + 1):
        scoped[k:] |= (
            negation[:-k]
            & (word_doc[k:] == word_doc[:-k])
            & (clause[k:] == clause[:-k])
            & (counted[k:] - counted[:-k] <= NEGATION_SCOPE)
        )
    return scoped


def _negations_and_scope(
    negation: np.ndarray, word_doc: np.ndarray, clause: np.ndarray, counted: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The negations that negate, and the words they negate. A negation in the scope of one
    before it that negates is negated, not negating: "ga ada yg kurang" (nothing is lacking)
    negates "kurang" as "tidak rusak" negates "rusak". Read left to right, a chain; walked
    here over the negations alone, which are few (a run of 40,000 "ga" takes milliseconds).
    Letting a negation after another word open a scope of its own instead ("not good not
    recommended") lowered sentiment validation (docs/models.md)."""
    negating = negation.copy()
    reach = NEGATION_SCOPE + len(NEGATION_FILLERS)
    opener = -1
    for j in np.flatnonzero(negation).tolist():
        if (
            opener >= 0
            and j - opener <= reach
            and word_doc[j] == word_doc[opener]
            and clause[j] == clause[opener]
            and counted[j] - counted[opener] <= NEGATION_SCOPE
        ):
            negating[j] = False
        else:
            opener = j
    scoped = _scope(negating, word_doc, clause, counted)
    return negating, scoped & ~negating


def hash_batch(
    normalized: Sequence[str],
    *,
    word_ngrams: int = WORD_NGRAMS,
    char_ngrams: tuple[int, int] = CHAR_NGRAMS,
) -> HashedBatch:
    """Features of normalised texts: word 1-``word_ngrams``-grams, negation-scoped words,
    ``!``, and character n-grams (``char_ngrams``, inside word boundaries); each block (words,
    characters) of a text is L2-normalised with sublinear term frequency (``1 + log tf``).
    The result is sorted by text."""
    return _hash_batch(normalized, word_ngrams=word_ngrams, char_ngrams=char_ngrams)


def _hash_batch(
    normalized: Sequence[str], *, word_ngrams: int, char_ngrams: tuple[int, int]
) -> HashedBatch:
    n = len(normalized)
    padded = [f" {' '.join(t.split())} " for t in normalized]
    joined = "".join(padded)
    size = len(joined)
    if size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return HashedBatch(n, empty, empty, np.zeros(0))
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cp = cp.astype(_U64) + _U64(1)
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=n)
    doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
    up, down = _powers(1 << max(4, (size + 1).bit_length()))
    space = cp == _U64(_SPACE)
    spaces = np.zeros(size + 1, dtype=np.int32)
    np.cumsum(space, out=spaces[1:])
    keys: list[np.ndarray] = []
    groups: list[np.ndarray] = []
    with np.errstate(over="ignore"):
        prefix = np.zeros(size + 1, dtype=_U64)
        np.cumsum(cp * down[:size], out=prefix[1:])

        # words: maximal runs between spaces; those that start with . ! ? , are punctuation,
        # which ends a clause: a negation's scope stays inside its clause
        starts = np.flatnonzero(~space[1:] & space[:-1]) + 1
        ends = np.flatnonzero(~space[:-1] & space[1:]) + 1
        stop = np.isin(cp[starts], _STOPS)
        clause = np.cumsum(stop)[~stop]
        starts, ends = starts[~stop], ends[~stop]
        word_doc = doc[starts]
        raw = up[ends - 1] * (prefix[ends] - prefix[starts])
        negation = np.isin(raw, _negation_hashes())
        # counted[j] - counted[i]: the words after i up to j that use up a negation's scope
        counted = np.cumsum(~np.isin(raw, _filler_hashes()))
        negation, scoped = _negations_and_scope(negation, word_doc, clause, counted)
        plain = ~scoped
        keys.append(bucket_of(raw[plain], _SALT["word"]))
        groups.append(word_doc[plain] * 2)
        keys.append(bucket_of(raw[scoped], _SALT["neg"]))
        groups.append(word_doc[scoped] * 2)
        for code, table in zip(
            (_NEGATED_POSITIVE, _NEGATED_NEGATIVE), _polar_hashes(), strict=True
        ):
            hit = scoped & np.isin(raw, table)
            keys.append(bucket_of(np.full(int(hit.sum()), code, dtype=_U64), _SALT["polar"]))
            groups.append(word_doc[hit] * 2)
        gram = raw
        for k in range(1, word_ngrams):
            same = word_doc[k:] == word_doc[:-k]
            gram = gram[:-1] * _U64(_P) + raw[k:] * _U64(_GOLDEN)
            keys.append(bucket_of(gram[same], _SALT["ngram"] + k))
            groups.append(word_doc[k:][same] * 2)
        bang = np.unique(doc[cp == _U64(ord("!") + 1)])
        keys.append(bucket_of(np.zeros(len(bang), dtype=_U64), _SALT["bang"]))
        groups.append(bang * 2)

        # character n-grams of " word ": spans with no space inside, not all space, in one
        # text; those of a negated word (starting in it or on the space before it) apart
        edge = np.zeros(size + 1, dtype=np.int8)
        edge[starts[scoped]] = 1  # words are apart, so no start is another word's end
        edge[ends[scoped]] = -1
        in_negated = np.cumsum(edge[:size]) > 0
        in_negated[:-1] |= in_negated[1:]
        lo, hi = char_ngrams
        for width in range(lo, hi + 1):
            m = size - width + 1
            if m <= 0:
                continue
            ok = doc[:m] == doc[width - 1 :]
            ok &= spaces[width - 1 : size] == spaces[1 : m + 1]
            ok &= spaces[width:] - spaces[:m] < width
            h = up[width - 1 : size] * (prefix[width:] - prefix[:m])
            for salt, kept_here in (
                (_SALT["char"], ok & ~in_negated[:m]),
                (_SALT["negchar"], ok & in_negated[:m]),
            ):
                keys.append(bucket_of(h[kept_here], salt + width))
                groups.append(doc[:m][kept_here] * 2 + 1)
    # one sort gathers each text's repeated features; int32 keys (2n blocks above 20 bits of
    # bucket) sort twice as fast as int64 ones and fit up to 1,024 texts, a batch's size
    key_type = np.dtype(np.int32 if 2 * n <= 1 << (31 - _BITS) else np.int64)
    key = np.left_shift(np.concatenate(groups).astype(key_type), _BITS)
    key |= np.concatenate(keys).astype(key_type)
    key.sort()
    boundary = np.empty(len(key), dtype=bool)
    boundary[:1] = True
    np.not_equal(key[1:], key[:-1], out=boundary[1:])
    first = np.flatnonzero(boundary)
    unique = key[first]
    counts = np.diff(first, append=len(key))
    weight = np.log(counts)  # sublinear tf: 1 + log tf, and 1 where tf is 1 (log 1 = 0)
    weight += 1.0
    block = (unique >> _BITS).astype(np.int64)  # text k: 2k: its words, 2k + 1: its characters
    norm = np.sqrt(np.bincount(block, weights=weight * weight, minlength=2 * n))
    buckets = (unique & (N_BUCKETS - 1)).astype(np.int64)
    return HashedBatch(n, block >> 1, buckets, weight / norm[block])


def hashed_features(normalized: str) -> tuple[np.ndarray, np.ndarray]:
    """Bucket ids and values of one normalised text (see :func:`hash_batch`)."""
    batch = hash_batch([normalized])
    return batch.buckets, batch.values


def normalized_texts(texts: Iterable[str]) -> list[str]:
    return [normalize(t).text for t in texts]
