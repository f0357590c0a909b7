"""Explainable aspect tagging (cx-frameworks.md §6) from a curated lexicon.

Every aspect found comes with the spans of the words that triggered it, so the dashboard can
highlight them, and with a polarity decided, in order, by: an opinion word for that aspect
near the term in the same clause ("pengiriman *lama*", "packing *aman*"), negation flipping
it ("*tidak* sesuai"); the term's own polarity ("palsu", "telat"); else the clause's
sentiment. Terms and opinion words live in ``resources/aspect_terms.tsv`` and
``resources/opinion_words.tsv``, in normalised form, Indonesian (with slang) and English.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice
from operator import attrgetter, itemgetter
from typing import NamedTuple

from suara.domain.frameworks import ASPECTS, Aspect, CxFactor, Polarity, PyramidDimension
from suara.text.aspect_words import (
    COPULAS,
    DOUBT_ENDS,
    IDIOMATIC_REPEATS,
    NO_OWNERS,
    NOT_THINGS,
    WHEN_FOLLOWS,
)
from suara.text.features import NEGATION_FILLERS, NEGATIONS
from suara.text.normalize import (
    CACHED_WORD_CHARS,
    Token,
    _resource_lines,
    cached,
    indonesian_stopwords,
    stem,
)
from suara.text.sentences import Segment

WINDOW = 4
NEGATION_REACH = 2
# Verbs of expecting stop a negation before an opinion word: "gak nyangka bagus banget" and
# "didn't expect it to be this good" deny the expectation, not the praise (normal forms:
# "nyangka" is "menyangka"). The fast models' features do not stop there: doing so lowered
# sentiment validation (docs/models.md)
NEGATION_STOPS = frozenset(
    ["menyangka", "sangka", "disangka", "nyangkanya", "kira", "ngira", "mengira", "dikira",
     "nyana", "menyana", "expect", "expected", "expecting", "think", "thought", "kira-kira"]
)  # fmt: skip
# ... but a negation that orders ("jangan dikira bagus", "don't expect good quality", "do not
# expect …") denies what follows; "gak kira-kira mahal" is "extremely expensive"
_ORDERING = frozenset(["jangan", "don't", "dont"])
# A doubt denies the opinion that follows it in its clause: "gak yakin ini ori", "saya tidak
# yakin kualitasnya bagus", "I'm not sure the packing is safe", and — in the present only —
# "I don't think the quality is good" ("I didn't think it would be this good" denies an
# expectation instead, above). "percaya"/"believe" are left out: "gak percaya bisa sebagus
# ini", "can't believe how good" marvel
DOUBTING = frozenset(["yakin", "sure"])
_DOUBTING_IN_THE_PRESENT = frozenset(["think"])
_PRESENT_NEGATIONS = frozenset(["don't", "dont", "doesn't"])
# between the negation and the doubt, in normal form ("so" is "sok")
_DOUBT_FILLERS = frozenset(["terlalu", "begitu", "really", "quite", "sok", "too", "that"])
# words from the doubt to the opinion: "I don't think the quality is good" (4); farther, a
# new statement has begun ("ga yakin awalnya beli online alhamdulillah barangnya bagus")
_DOUBT_REACH = 4
NEUTRAL_BAND = 0.2


@dataclass(frozen=True, slots=True)
class Term:
    aspect: Aspect
    words: tuple[str, ...]
    polarity: int  # +1, -1 or 0
    needs_opinion: bool
    own_opinion: bool  # needs an opinion word of its aspect's own, not a generic one


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
    # "opinion" word nearby, the "term" itself, the clause's "sentiment", or none: a "question"
    # or a comment whose writer has not judged yet, "deferred" (:mod:`suara.text.no_verdict`);
    # "irony": praise that the comment means as blame (:mod:`suara.text.irony`)
    evidence: str


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
        needs = "?" in flags or "!" in flags
        out.append(Term(Aspect(aspect), tuple(phrase.split()), sign, needs, "!" in flags))
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
            return (word, cached(stem, word))
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


Opening = tuple[int, tuple[str, ...], int]  # (order in its table, phrase, sign)


@cache
def _opinion_index() -> dict[str, tuple[tuple[str, Opening], ...]]:
    """(table, opening) of every opinion phrase by the key of its first word; the table is
    the aspect the phrase speaks of, or ``*``."""
    index: dict[str, list[tuple[str, Opening]]] = {}
    for table, phrases in opinions().items():
        for order, (phrase, sign) in enumerate(phrases.items()):
            for key in dict.fromkeys(_pattern_keys(phrase[0])):
                index.setdefault(key, []).append((table, (order, phrase, sign)))
    return {key: tuple(found) for key, found in index.items()}


def lexical_form(word: str) -> str:
    """The word the lexicons know ``word`` by, where they do not know it as written: X for a
    repeat "X-X" (:data:`IDIOMATIC_REPEATS` aside), else the word itself."""
    if "-" not in word:
        return word
    head, _, tail = word.partition("-")
    return head if head == tail and word not in IDIOMATIC_REPEATS else word


def units_of(clause: Segment) -> list[Unit]:
    """The normalised words of a clause, each with the token it came from."""
    return [(w, t) for t in clause.tokens if t.kind == "word" for w in t.norm.split()]


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.startswith("~"):
        return word == pattern[1:] or (word.isalpha() and cached(stem, word) == stem(pattern[1:]))
    return word == pattern


def _rest_matches(words: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase``, whose first word matches ``words[i]``, goes on to the end there."""
    end = i + len(phrase)
    return end <= len(words) and all(map(_word_matches, phrase[1:], words[i + 1 : end]))


@dataclass(frozen=True, slots=True)
class _Lexeme:
    """What a word can start: the terms whose first word it matches, in :func:`terms` order,
    and by table the opinion phrases, each once. Worked out once per word, so a clause only
    tests the later words of a phrase, and only where one can start."""

    terms: tuple[Term, ...]
    opinions: dict[str, tuple[Opening, ...]]


def _lexeme(word: str) -> _Lexeme:
    """Candidates come from the indexes by the keys of :func:`_word_keys`, which stems a word
    only where a stemmed key could match; then each is checked against the word itself."""
    keys = dict.fromkeys(cached(_word_keys, word))
    index, every = _term_index(), terms()
    found = sorted({n for key in keys for n in index.get(key, ())})
    starts = tuple(every[n] for n in found if _word_matches(every[n].words[0], word))
    openings: dict[str, dict[int, Opening]] = {}
    for key in keys:
        for table, (order, phrase, sign) in _opinion_index().get(key, ()):
            seen = openings.setdefault(table, {})
            if order not in seen and _word_matches(phrase[0], word):
                seen[order] = (order, phrase, sign)
    if not starts and (word == POSSESSIVE or (word.endswith(POSSESSIVE) and _owner(word[:-3]))):
        starts = (POSSESSED,)
    elif word == _DEFINITE:
        starts = (*starts, THING)
    return _Lexeme(starts, {table: tuple(s.values()) for table, s in openings.items() if s})


# A thing of the product's, named by a word no term knows: "sepatunya enteng", "kaos nya
# adem", "velg nya presisi". In a review "X-nya" with an opinion on quality (or a generic one)
# speaks of the product or a part of it, whatever X is: its word list cannot be closed. Not
# after a function word ("hanya", "karenanya"), a word that opens a remark ("sayangnya",
# "pokoknya", "jujurnya"), a person ("kakaknya", "drivernya", "temennya"), a time ("malamnya"),
# the seller's trade or words ("usahanya", "bahasanya"), or a word the lexicons know (the
# courier's, the price's and the shop's words are terms; "bagusnya" is an opinion)
POSSESSIVE = "nya"
POSSESSED = Term(Aspect.PRODUCT_QUALITY, (POSSESSIVE,), 0, needs_opinion=True, own_opinion=False)
# ... and in English, "the X is …" with X one or two words no lexicon knows: "the yoga mat is
# thick", "the zipper feels cheap"
_DEFINITE = "the"
THING = Term(Aspect.PRODUCT_QUALITY, (_DEFINITE,), 0, needs_opinion=True, own_opinion=False)
_THING_WORDS = 2


# "masuk" (came through) is the arrival of a digital item only: "pulsa blm masuk", "voucher
# game langsung masuk"; a courier "masuk rumah", a parcel "salah masuk alamat"
_CAME_THROUGH = "masuk"
_DIGITAL = frozenset(["pulsa", "pulsanya", "token", "voucher", "topup", "topupnya"])


# A passive delivery verb after "yang" names the item that was sent, not how it travelled:
# "pesen hitam yg dikirim merah", "yg dikirim cuma 6" (97 PRDECT-ID reviews, 93 negative, were
# read as complaints of the delivery); "yg kirimnya sesuai estimasi" is the sending itself
_WHICH = "yang"
_PASSIVE = "di"


def _item_sent(words: Sequence[str], i: int) -> bool:
    return i > 0 and words[i - 1] == _WHICH and words[i].startswith(_PASSIVE)


def _apart(owners: Sequence[Token], i: int, original: str) -> bool:
    """Whether the "nya" at ``i`` follows the word before it across blank space only
    ("sofa nya", not "pesan 2 nya" nor "sepatu (nya")."""
    return original[owners[i - 1].end : owners[i].start].isspace()


def _thing_ends(words: Sequence[str], i: int) -> int:
    """Where the copula after "the X" (``words[i]`` is "the") is, or -1 (comment above)."""
    for k in range(i + 1, min(i + 2 + _THING_WORDS, len(words))):
        if words[k] in COPULAS:
            return k if k > i + 1 else -1
        if words[k] in NOT_THINGS or not _owner(words[k]):
            return -1
    return -1


def _owner(word: str) -> bool:
    """Whether ``word`` can be what "-nya" makes a thing of the product's (comment above)."""
    if not 3 <= len(word) <= CACHED_WORD_CHARS or not word.isalpha() or word in NO_OWNERS:
        return False
    if word.endswith(POSSESSIVE):  # "nyanya…": no noun, and no end to the look-ups
        return False
    if word in indonesian_stopwords():
        return False
    lexeme = _LEXICON[word]
    return not lexeme.terms and not lexeme.opinions


_CACHE_SIZE = 1 << 16


class _Lexicon(dict[str, _Lexeme]):
    """Each word's :class:`_Lexeme`, worked out on first sight: indexing a dict in the loop
    costs a fraction of calling a cached function. Emptied when full, so a flood of new words
    cannot grow it without bound."""

    def __missing__(self, word: str) -> _Lexeme:
        lexeme = _lexeme(word)
        if len(word) <= CACHED_WORD_CHARS:
            if len(self) >= _CACHE_SIZE:
                self.clear()
            self[word] = lexeme
        return lexeme


_LEXICON = _Lexicon()

# Token norms none of whose words starts a term. Most clauses are made of these only, and
# checking a clause's norms against this set is one pass in C, with no splitting into words.
_BARREN: set[str] = set()
_norm = attrgetter("norm")


def _learn_barren(tokens: Sequence[Token]) -> None:
    """Remember the norms of a clause none of whose words starts a term, so the next clause
    made of them is skipped. The fast check reads every token's norm, so those of tokens that
    are not words (punctuation, numbers, emoji), whose words were not looked up, are checked
    here first: one that could start a term must never be called barren."""
    for t in tokens:
        if t.kind == "word" or not any(_LEXICON[w].terms for w in t.norm.split()):
            if len(t.norm) > CACHED_WORD_CHARS:
                continue
            if len(_BARREN) >= _CACHE_SIZE:
                _BARREN.clear()
            if t.norm != _LATE:  # "seminggu baru sampai" holds no term but is late (_late)
                _BARREN.add(t.norm)


def _negation_before(words: Sequence[str], i: int) -> int:
    """Where the negation of ``words[i]`` is: within ``NEGATION_REACH`` words before it, the
    :data:`NEGATION_FILLERS` not counted, and not beyond another opinion word, which the
    negation then turns instead ("tidak bagus, murahan": "murahan" is not negated), nor
    beyond a verb of expecting (:data:`NEGATION_STOPS`); -1 where there is none."""
    j, reach = i, NEGATION_REACH
    opinion_words, pairs = _opinion_words()
    farthest = max(0, i - NEGATION_REACH - len(NEGATION_FILLERS))  # as the features' scope
    while j > farthest and reach:
        j -= 1
        if words[j] in NEGATIONS:
            return j
        if words[j] in NEGATION_STOPS and not _orders(words, j):
            return -1  # "gak nyangka bagus": the expectation is denied, not the praise
        if words[j] in opinion_words and (words[j], words[j + 1]) not in pairs:
            return -1  # but "tidak mudah rusak" negates the phrase "mudah rusak"
        if words[j] not in NEGATION_FILLERS:
            reach -= 1
    return -1


def _doubt_before(words: Sequence[str], i: int) -> int:
    """Where the negation of a doubt over ``words[i]`` is (:data:`DOUBTING`, comment above):
    at most ``_DOUBT_REACH`` words before it, with no other opinion word, verb of expecting
    or :data:`DOUBT_ENDS` between; -1 where there is none."""
    opinion_words, _ = _opinion_words()
    for j in range(i - 1, max(0, i - _DOUBT_REACH - 1), -1):
        word = words[j]
        if word in DOUBTING or word in _DOUBTING_IN_THE_PRESENT:
            k = j - 1
            while k > 0 and words[k] in _DOUBT_FILLERS:
                k -= 1
            before = words[k]
            if word in DOUBTING:
                return k if before in NEGATIONS else -1
            present = before in _PRESENT_NEGATIONS or (
                before == "not" and k > 0 and words[k - 1] in ("do", "does")
            )
            return k if present else -1
        if word in DOUBT_ENDS or word in NEGATION_STOPS or word in opinion_words:
            return -1
    return -1


def _orders(words: Sequence[str], j: int) -> bool:
    """Whether the word before ``words[j]`` is a negation that orders (:data:`_ORDERING`,
    or "not" after "do")."""
    before = words[j - 1] if j > 0 else ""
    return before in _ORDERING or (before == "not" and j > 1 and words[j - 2] == "do")


@cache
def _opinion_words() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The single-word opinion phrases of every table as written (stemmed patterns aside),
    and the two-word ones."""
    phrases = [p for table in opinions().values() for p in table]
    singles = frozenset(p[0] for p in phrases if len(p) == 1 and not p[0].startswith("~"))
    return singles, frozenset((p[0], p[1]) for p in phrases if len(p) == 2)


CONDITIONALS = frozenset(["kalau", "jika", "jikalau", "seandainya", "andai", "andaikan", "if"])


def _signed(words: Sequence[str], i: int, sign: int) -> int:
    """``sign`` of the opinion or term at ``words[i]``, turned by a negation before it — but
    0 when a condition opens the negation ("kalau tidak telat, bintang 5"; "bagus, kalau
    tidak rusak"): a counterfactual says nothing was fine, and usually that it was not."""
    negation = _negation_before(words, i)
    if negation < 0:
        negation = _doubt_before(words, i)
    if negation < 0:
        return sign
    window = words[max(0, negation - 2) : negation]
    return 0 if not CONDITIONALS.isdisjoint(window) else -sign


def _span(original: str, tokens: Sequence[Token]) -> TextSpan:
    if len(tokens) == 1:  # most spans: one word
        start, end = tokens[0].start, tokens[0].end
    else:
        start, end = min(t.start for t in tokens), max(t.end for t in tokens)
    return TextSpan(start, end, original[start:end])


_position = itemgetter(0)


def _nearest_opinion(
    words: Sequence[str],
    openings: Sequence[tuple[int, dict[str, tuple[Opening, ...]]]],
    lo: int,
    hi: int,
    aspect: Aspect,
    own_only: bool = False,
) -> tuple[int, int, int] | None:
    """(sign, start, end) of the nearest opinion phrase for ``aspect`` around words[lo:hi],
    the aspect's own before the generic (``*``) ones, which ``own_only`` leaves out;
    ``openings`` are the positions where some opinion phrase can start, in order."""
    own = aspect.value
    # (distance, phrase order, position, sign, end): the first three order the candidates as
    # a scan phrase by phrase would
    best: dict[str, tuple[int, int, int, int, int]] = {}
    # straight to the window: scanning from the start made a long clause quadratic
    first = bisect_left(openings, lo - WINDOW, key=_position)
    for i, opened in islice(openings, first, None):
        if i >= hi + WINDOW:
            break
        distance = 0 if lo <= i < hi else min(abs(i - lo), abs(i - hi + 1))
        for table in (own, "*"):
            for order, phrase, sign in opened.get(table, ()):
                if len(phrase) > 1 and not _rest_matches(words, i, phrase):
                    continue
                current = best.get(table)
                if current is None or (distance, order, i) < current[:3]:
                    best[table] = (distance, order, i, sign, i + len(phrase))
    found = best.get(own) or (None if own_only else best.get("*"))
    if found is None:
        return None
    _, _, i, sign, end = found
    return _signed(words, i, sign), i, end


class AspectHit(NamedTuple):
    """A term found in a clause, before the clause's sentiment is known: ``sign`` is set
    where an opinion word or the term itself decides the polarity, ``None`` where the
    clause's sentiment will."""

    aspect: Aspect
    span: TextSpan
    opinion: TextSpan | None
    sign: int | None
    evidence: str
    negated: bool = False  # a negation just before the term ("tidak dikirim")


def find_mentions(
    clause: Segment, original: str, clause_score: float, *, question: bool = False
) -> list[AspectMention]:
    """Aspect mentions in one clause; ``clause_score`` is its sentiment in [-1, 1];
    ``question``: the clause is in one (:func:`~suara.text.questions.is_question`)."""
    undecided = "question" if question else None
    return mentions_from(aspect_hits(clause, original), clause_score, undecided=undecided)


def aspect_hits(clause: Segment, original: str) -> list[AspectHit]:
    """The terms of one clause, matched without its sentiment: most clauses have none, and
    the analyser then need not score them (:func:`mentions_from` finishes the rest)."""
    tokens = clause.tokens
    if _BARREN.issuperset(map(_norm, tokens)):
        return []
    words: list[str] = []  # those of units_of(clause)
    owners: list[Token] = []  # and their tokens
    starts: list[tuple[int, tuple[Term, ...]]] = []  # where terms can start
    openings: list[tuple[int, dict[str, tuple[Opening, ...]]]] = []  # and opinion phrases
    for t in tokens:
        if t.kind != "word":
            continue
        for word in t.norm.split():
            lexeme = _LEXICON[word]
            if "-" in word and not (lexeme.terms or lexeme.opinions):
                word = lexical_form(word)  # "rusak-rusak"; "abal-abal" is an entry itself
                lexeme = _LEXICON[word]
            if lexeme.terms:
                starts.append((len(words), lexeme.terms))
            if lexeme.opinions:
                openings.append((len(words), lexeme.opinions))
            words.append(word)
            owners.append(t)
    late = _late(words, owners, original) if _LATE in words else []
    if not starts:
        if not late:
            _learn_barren(tokens)
        return late
    if "pas" in words:
        openings = [(i, o) for i, o in openings if not _pas_is_when(words, i)]
    taken: set[tuple[Aspect, int]] = set()
    # words inside a longer term, after its first: "kirim" in "salah kirim" is the wrong item,
    # not the delivery, so no term of any aspect starts there
    inside: set[int] = set()
    hits: list[AspectHit] = []
    for i, started in starts:
        if i in inside:
            continue
        longest = 1  # of the terms matched here: a shorter one is part of it
        for term in started:
            size = len(term.words)
            if size < longest or (term.aspect, i) in taken:
                continue
            if size > 1 and not _rest_matches(words, i, term.words):
                continue
            lo, hi = i, i + size
            if term is POSSESSED and words[i] == POSSESSIVE:  # written apart: "sofa nya"
                if i == 0 or not _owner(words[i - 1]) or not _apart(owners, i, original):
                    continue
                if i - 1 in inside:  # the last word of a term: "bubble wrap nya"
                    continue
                lo = i - 1
            elif term is THING:
                copula = _thing_ends(words, i)
                if copula < 0 or not all(_apart(owners, k, original) for k in range(i + 1, copula)):
                    continue  # "the (new) strap is bad" names no thing
                lo, hi = i + 1, copula  # the span is the thing; its opinion follows the copula
            elif term.aspect is Aspect.DELIVERY and _item_sent(words, i):
                own = _nearest_opinion(words, openings, i, hi, term.aspect, own_only=True)
                if own is None:  # "yg dikirim lama banget" is the delivery after all
                    continue
            found = (
                _nearest_opinion(words, openings, i, hi, term.aspect, term.own_opinion)
                if openings
                else None
            )
            if term is THING and found is not None and found[1] < hi:
                found = None  # "not good since the kids are 5": the opinion comes after "is"
            if (
                found is not None
                and words[found[1]] == _CAME_THROUGH
                and term.words[0] not in _DIGITAL
            ):
                found = None  # "salah masuk alamat", "kurir masuk rumah"
            if found is None and (term.needs_opinion or _vocative(owners[i])):
                continue
            if size == 1:  # most terms; saves building a generator
                taken.add((term.aspect, i))
            else:
                taken.update((term.aspect, k) for k in range(i, hi))
                inside.update(range(i + 1, hi))
                longest = size
            span = _span(original, owners[lo:hi])
            if found is not None:
                opinion = _span(original, owners[found[1] : found[2]])
                hits.append(AspectHit(term.aspect, span, opinion, found[0], "opinion"))
            elif term.polarity:
                sign = _signed(words, i, term.polarity)
                hits.append(AspectHit(term.aspect, span, None, sign, "term"))
            else:
                negated = _negation_before(words, i) >= 0
                hits.append(AspectHit(term.aspect, span, None, None, "sentiment", negated))
    return _without_borrowed_opinions(hits + late)


# "seminggu baru sampai", "10 hari baru sampe", "dari senin baru dibales", "tgl 3 baru
# dikirim": "baru" after a span of time is "not until", a complaint of lateness (all 7 such
# reviews in PRDECT-ID are rated 1–3); what came late names the aspect. Not after a point in
# time: "hari ini baru sampai", "minggu ini baru sampai" (just arrived)
_LATE = "baru"  # the word that marks lateness; never learnt as barren, so its clauses are read
_LATE_WHAT = {
    **dict.fromkeys(
        ["sampai", "datang", "tiba", "dikirim", "dikirimkan", "diproses", "dikemas", "diantar",
         "diserahkan", "diserahin", "dipickup", "dijemput"],
        Aspect.DELIVERY,
    ),
    **dict.fromkeys(
        ["dibalas", "dibales", "dibls", "direspon", "direspons", "ditanggapi", "ditanggepin",
         "balas", "bales", "respon"],
        Aspect.SELLER_SERVICE,
    ),
    **dict.fromkeys(["cair", "dikembalikan", "dibalikin", "direfund"], Aspect.RETURNS_REFUNDS),
}  # fmt: skip
_SPANS_OF_TIME = frozenset(
    ["hari", "minggu", "bulan", "jam", "seminggu", "sebulan", "sehari", "seharian", "sejam",
     "berhari-hari", "berminggu-minggu", "tanggal", "days", "weeks"]
)  # fmt: skip
# a day's name is a span only after "dari" ("dari senin baru dibales"); "selasa baru sampai"
# may be quick
_DAYS = frozenset(["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"])
_POINTS_IN_TIME = frozenset(["ini", "tadi", "kemarin", "kemaren", "lalu"])
_LATE_REACH = 3  # words from the span of time to "baru": "seminggu lebih baru sampai"


def _late(words: Sequence[str], owners: Sequence[Token], original: str) -> list[AspectHit]:
    """Negative hits for what came late: "baru" after a span of time (comment above) and
    before what came; the span is "baru" and that word, "baru" the opinion."""
    hits = []
    for i, word in enumerate(words[1:-1], start=1):
        if word != _LATE or words[i + 1] not in _LATE_WHAT:
            continue
        if words[i - 1] in _POINTS_IN_TIME:
            continue
        lo = max(0, i - _LATE_REACH)
        spans = any(
            w in _SPANS_OF_TIME or (w in _DAYS and k > 0 and words[k - 1] == "dari")
            for k, w in enumerate(words[lo:i], start=lo)
        )
        if spans:
            span = _span(original, owners[i : i + 2])
            opinion = _span(original, owners[i : i + 1])
            hits.append(AspectHit(_LATE_WHAT[words[i + 1]], span, opinion, -1, "opinion"))
    return hits


def _pas_is_when(words: Sequence[str], i: int) -> bool:
    return words[i] == "pas" and i + 1 < len(words) and words[i + 1] in WHEN_FOLLOWS


def _without_borrowed_opinions(hits: list[AspectHit]) -> list[AspectHit]:
    """``hits`` less the terms that only say how another aspect's term was: in "kurirnya
    jutek" or "packing rusak", "jutek" (a seller-service term) and "rusak" (a quality term)
    are the opinion on the courier and on the packing, not mentions of their own."""
    opinions: dict[tuple[int, int], set[Aspect]] = {}
    for h in hits:
        if h.opinion is not None and h.opinion != h.span:
            opinions.setdefault((h.opinion.start, h.opinion.end), set()).add(h.aspect)
    if not opinions:
        return hits
    return [h for h in hits if not _borrowed(h, opinions)]


def _borrowed(hit: AspectHit, opinions: dict[tuple[int, int], set[Aspect]]) -> bool:
    """Whether ``hit`` is a term that is its own evidence ("rusak": polarity of its own, or
    itself its aspect's opinion word) and the opinion on another aspect's term, only."""
    if hit.evidence != "term" and hit.opinion != hit.span:
        return False
    used_by = opinions.get((hit.span.start, hit.span.end))
    return used_by is not None and hit.aspect not in used_by


# Forms of address that normalise to a term: "bisa dikirim hari ini, min?" speaks to the
# admin, not of their service, so they count only with an opinion word ("min, balasnya lama
# banget")
VOCATIVES = frozenset(["min", "mimin"])


def _vocative(token: Token) -> bool:
    return len(token.text) <= 5 and token.text.lower() in VOCATIVES


def mentions_from(
    hits: Sequence[AspectHit], clause_score: float, *, undecided: str | None = None
) -> list[AspectMention]:
    """The mentions of a clause's ``hits`` once its sentiment ``clause_score`` is known.

    ``undecided`` says why the clause judges nothing: "question"
    (:func:`~suara.text.questions.is_question`: "bisa dikirim hari ini, kak?") or "deferred"
    (the writer has not judged yet: :func:`~suara.text.no_verdict.reserves_judgement`).
    Then a term that no opinion word or polarity of its own decides, and in a question no
    negation turns ("kok tidak dikirim?"), is neutral, with ``undecided`` as its evidence,
    whatever the clause's tone: asking about the delivery says nothing of how it went, and
    the sentence models read most questions as complaints."""
    mentions = []
    for hit in hits:
        sign, evidence = hit.sign, hit.evidence
        # a deferring comment has no negation but its deferral's "belum" ("belum dicoba
        # bahannya"), which judges nothing
        if sign is None and undecided and (undecided == "deferred" or not hit.negated):
            sign, evidence, score = 0, undecided, 0.0
        else:
            if sign is None:
                sign = 0 if abs(clause_score) < NEUTRAL_BAND else 1 if clause_score > 0 else -1
            score = sign * max(abs(clause_score), 0.5) if sign else clause_score
        mentions.append(
            AspectMention(
                hit.aspect, _polarity(sign), round(score, 4), hit.span, hit.opinion, evidence
            )
        )
    return mentions


def _polarity(sign: int) -> Polarity:
    return Polarity.POSITIVE if sign > 0 else Polarity.NEGATIVE if sign < 0 else Polarity.NEUTRAL


_span_start = attrgetter("span.start")
# evidence that no word of the comment gave
_UNDECIDED = ("sentiment", "question", "deferred")


def aggregate(mentions: Sequence[AspectMention]) -> list[AspectResult]:
    """One result per aspect, in order of first mention, mapped onto the frameworks."""
    if not mentions:  # most comments
        return []
    by_aspect: dict[Aspect, list[AspectMention]] = {}
    for m in sorted(mentions, key=_span_start):
        by_aspect.setdefault(m.aspect, []).append(m)
    results = []
    for aspect, items in by_aspect.items():
        lexical = [m for m in items if m.evidence not in _UNDECIDED] or items
        signs = [1 if m.polarity is Polarity.POSITIVE else -1 if m.polarity is Polarity.NEGATIVE
                 else 0 for m in lexical]  # fmt: skip
        mean = sum([m.score for m in lexical]) / len(lexical)
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
