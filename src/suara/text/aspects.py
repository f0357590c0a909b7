"""Explainable aspect tagging (cx-frameworks.md §6) from a curated lexicon.

Every aspect found comes with the spans of the words that triggered it, so the dashboard can
highlight them, and with a polarity decided, in order, by: an opinion word for that aspect
near the term in the same clause ("pengiriman *lama*", "packing *aman*"), negation flipping
it ("*tidak* sesuai"); the term's own polarity ("palsu", "telat"); else the clause's
sentiment. Terms and opinion words live in ``resources/aspect_terms.tsv`` and
``resources/opinion_words.tsv``, in normalised form, Indonesian (with slang) and English.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from suara.domain.frameworks import ASPECTS, Aspect, CxFactor, Polarity, PyramidDimension
from suara.text.features import NEGATIONS
from suara.text.normalize import Token, _resource_lines, stem
from suara.text.sentences import Segment

WINDOW = 4
NEGATION_REACH = 2
NEUTRAL_BAND = 0.2


@dataclass(frozen=True, slots=True)
class Term:
    aspect: Aspect
    words: tuple[str, ...]
    polarity: int  # +1, -1 or 0
    needs_opinion: bool


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class AspectMention:
    aspect: Aspect
    polarity: Polarity
    score: float
    span: TextSpan
    opinion: TextSpan | None
    evidence: str  # "opinion" word nearby, the "term" itself, or the clause's "sentiment"


@dataclass(frozen=True, slots=True)
class AspectResult:
    """One aspect of a comment, with every mention that supports it."""

    aspect: Aspect
    polarity: Polarity
    score: float
    mentions: tuple[AspectMention, ...]
    dimension: PyramidDimension
    factors: tuple[CxFactor, ...]

    @property
    def spans(self) -> tuple[TextSpan, ...]:
        return tuple(m.span for m in self.mentions)


@cache
def terms() -> tuple[Term, ...]:
    out = []
    for line in _resource_lines("aspect_terms.tsv"):
        aspect, phrase, *rest = line.split("\t")
        flags = rest[0] if rest else ""
        sign = 1 if "+" in flags else -1 if "-" in flags else 0
        out.append(Term(Aspect(aspect), tuple(phrase.split()), sign, "?" in flags))
    return tuple(sorted(out, key=lambda t: -len(t.words)))


@cache
def opinions() -> dict[str, dict[tuple[str, ...], int]]:
    table: dict[str, dict[tuple[str, ...], int]] = {}
    for line in _resource_lines("opinion_words.tsv"):
        aspect, phrase, sign = line.split("\t")
        table.setdefault(aspect, {})[tuple(phrase.split())] = 1 if sign.strip() == "+" else -1
    return table


Unit = tuple[str, Token]


def _pattern_keys(pattern: str) -> tuple[str, ...]:
    """Index keys under which a first pattern word is filed (see :func:`_word_keys`)."""
    if pattern.startswith("~"):
        return (pattern[1:], stem(pattern[1:]))
    return (pattern,)


@lru_cache(maxsize=1 << 16)
def _word_keys(word: str) -> tuple[str, ...]:
    """The keys a word is looked up by: itself, and its stem for ``~`` (stemmed) patterns.

    Stemming a word PySastrawi has not seen costs ~150 µs, most of a new comment's analysis,
    so it is skipped where no stemmed (``~``) key can be the stem. Sastrawi strips prefixes,
    which may recode the root's first letter (``meny-apu`` → ``sapu``, ``peng-irim`` →
    ``kirim``), and the suffix chain derivational + possessive + particle (``-kan``,
    ``-nya``, ``-lah`` …), so a key ``k`` can be the stem of ``word`` only if ``word`` ends
    in ``k[1:]`` and such a chain. The words matched are the same either way (tested; the
    aspects of 4,000 corpus comments were compared, too)."""
    if not word.isalpha():
        return (word,)
    tails, lengths = _key_tails()
    for size in _CHAIN_SIZES:
        if size and word[-size:] not in _SUFFIX_CHAINS:
            continue
        body = word[: len(word) - size]
        if any(body[-n:] in tails for n in lengths if n <= len(body)):
            return (word, stem(word))
    return (word,)


_SUFFIX_CHAINS = frozenset(
    d + p + q
    for d in ("", "i", "kan", "an")
    for p in ("", "ku", "mu", "nya")
    for q in ("", "lah", "kah", "tah", "pun")
)
_CHAIN_SIZES = tuple(sorted({len(c) for c in _SUFFIX_CHAINS}))


@cache
def _key_tails() -> tuple[frozenset[str], tuple[int, ...]]:
    """The keys of stemmed (``~``) first words less their first letter, and the lengths of
    those tails: only a ``~`` word can match through its stem (:func:`_word_matches`)."""
    keys: set[str] = set()
    patterns = [t.words[0] for t in terms()]
    patterns += [phrase[0] for table in opinions().values() for phrase in table]
    for pattern in patterns:
        if pattern.startswith("~"):
            keys.update(_pattern_keys(pattern))
    tails = frozenset(k[1:] for k in keys if len(k) > 1)
    return tails, tuple(sorted({len(t) for t in tails}))


@cache
def _term_index() -> dict[str, tuple[int, ...]]:
    """Positions in :func:`terms` by the key of each term's first word, so a word is tried
    only against the terms that can start at it (matching stays in :func:`terms` order)."""
    index: dict[str, set[int]] = {}
    for n, term in enumerate(terms()):
        for key in _pattern_keys(term.words[0]):
            index.setdefault(key, set()).add(n)
    return {key: tuple(sorted(found)) for key, found in index.items()}


@cache
def _opinion_index(aspect: str) -> dict[str, tuple[tuple[int, tuple[str, ...], int], ...]]:
    """(order, phrase, sign) of the opinion phrases for ``aspect`` by first-word key."""
    index: dict[str, list[tuple[int, tuple[str, ...], int]]] = {}
    for order, (phrase, sign) in enumerate(opinions().get(aspect, {}).items()):
        for key in dict.fromkeys(_pattern_keys(phrase[0])):
            index.setdefault(key, []).append((order, phrase, sign))
    return {key: tuple(found) for key, found in index.items()}


@lru_cache(maxsize=1 << 16)
def _candidates(word: str) -> tuple[int, ...]:
    index = _term_index()
    found: set[int] = set()
    for key in dict.fromkeys(_word_keys(word)):
        found.update(index.get(key, ()))
    return tuple(sorted(found))


def units_of(clause: Segment) -> list[Unit]:
    """The normalised words of a clause, each with the token it came from."""
    return [(w, t) for t in clause.tokens if t.kind == "word" for w in t.norm.split()]


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.startswith("~"):
        return word == pattern[1:] or (word.isalpha() and stem(word) == stem(pattern[1:]))
    return word == pattern


def _match_at(units: Sequence[Unit], i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(units) and all(
        _word_matches(p, units[i + k][0]) for k, p in enumerate(words)
    )


def _negated(units: Sequence[Unit], i: int) -> bool:
    return any(units[k][0] in NEGATIONS for k in range(max(0, i - NEGATION_REACH), i))


def _span(original: str, tokens: Sequence[Token]) -> TextSpan:
    start, end = min(t.start for t in tokens), max(t.end for t in tokens)
    return TextSpan(start, end, original[start:end])


def _nearest_opinion(
    units: Sequence[Unit], lo: int, hi: int, aspect: Aspect
) -> tuple[int, int, int] | None:
    """(sign, start, end) of the nearest opinion phrase for ``aspect`` around units[lo:hi]."""
    for table in (aspect.value, "*"):
        index = _opinion_index(table)
        # (distance, phrase order, position): the order a scan phrase by phrase would keep
        best: tuple[int, int, int, int, int] | None = None
        for i in range(max(0, lo - WINDOW), min(len(units), hi + WINDOW)):
            seen: set[int] = set()
            for key in dict.fromkeys(_word_keys(units[i][0])):
                for order, phrase, sign in index.get(key, ()):
                    if order in seen or not _match_at(units, i, phrase):
                        continue
                    seen.add(order)
                    distance = 0 if lo <= i < hi else min(abs(i - lo), abs(i - hi + 1))
                    candidate = (distance, order, i, sign, i + len(phrase))
                    if best is None or candidate[:3] < best[:3]:
                        best = candidate
        if best is not None:
            distance, _, i, sign, end = best
            return (-sign if _negated(units, i) else sign), i, end
    return None


def find_mentions(clause: Segment, original: str, clause_score: float) -> list[AspectMention]:
    """Aspect mentions in one clause; ``clause_score`` is its sentiment in [-1, 1]."""
    units = units_of(clause)
    taken: set[tuple[Aspect, int]] = set()
    mentions: list[AspectMention] = []
    every = terms()
    for i in range(len(units)):
        for n in _candidates(units[i][0]):
            term = every[n]
            if (term.aspect, i) in taken or not _match_at(units, i, term.words):
                continue
            hi = i + len(term.words)
            found = _nearest_opinion(units, i, hi, term.aspect)
            if found is None and term.needs_opinion:
                continue
            taken.update((term.aspect, k) for k in range(i, hi))
            opinion, evidence = None, "sentiment"
            if found is not None:
                sign, evidence = found[0], "opinion"
                opinion = _span(original, [u[1] for u in units[found[1] : found[2]]])
            elif term.polarity:
                sign = -term.polarity if _negated(units, i) else term.polarity
                evidence = "term"
            else:
                sign = 0 if abs(clause_score) < NEUTRAL_BAND else (1 if clause_score > 0 else -1)
            score = sign * max(abs(clause_score), 0.5) if sign else clause_score
            mentions.append(
                AspectMention(
                    term.aspect,
                    _polarity(sign),
                    round(score, 4),
                    _span(original, [u[1] for u in units[i:hi]]),
                    opinion,
                    evidence,
                )
            )
    return mentions


def _polarity(sign: int) -> Polarity:
    return Polarity.POSITIVE if sign > 0 else Polarity.NEGATIVE if sign < 0 else Polarity.NEUTRAL


def aggregate(mentions: Sequence[AspectMention]) -> list[AspectResult]:
    """One result per aspect, in order of first mention, mapped onto the frameworks."""
    by_aspect: dict[Aspect, list[AspectMention]] = {}
    for m in sorted(mentions, key=lambda m: m.span.start):
        by_aspect.setdefault(m.aspect, []).append(m)
    results = []
    for aspect, items in by_aspect.items():
        lexical = [m for m in items if m.evidence != "sentiment"] or items
        signs = [1 if m.polarity is Polarity.POSITIVE else -1 if m.polarity is Polarity.NEGATIVE
                 else 0 for m in lexical]  # fmt: skip
        mean = sum(m.score for m in lexical) / len(lexical)
        total = sum(signs)
        sign = 1 if total > 0 else -1 if total < 0 else 0
        mapping = ASPECTS[aspect]
        results.append(
            AspectResult(
                aspect,
                _polarity(sign),
                round(mean, 4),
                tuple(items),
                mapping.dimension,
                mapping.factors,
            )
        )
    return results


ClauseScorer = Callable[[Sequence[str]], list[float]]
