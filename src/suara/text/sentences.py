"""Sentences and clauses of a comment, as spans of the original text.

Boundaries come from the tokens of :mod:`suara.text.normalize`, so a URL, an email or a
decimal ("4.5") never splits a sentence, and informal writing without spaces ("bagus..kurir
lama") still does. Clauses split at commas and at contrast words ("tapi", "but"), where an
aspect's opinion usually changes.
"""

from __future__ import annotations

from typing import NamedTuple

from suara.text.normalize import NormalizedText, Token, normalize

ABBREVIATIONS = frozenset(
    [
        "jl",
        "jln",
        "no",
        "dr",
        "gg",
        "pt",
        "cv",
        "mr",
        "mrs",
        "ms",
        "st",
        "dll",
        "dsb",
        "tsb",
        "an",
        "rp",
        "kg",
    ]
)
CONTRAST = frozenset(
    ["tapi", "namun", "sayangnya", "tetapi", "padahal", "but", "however", "although", "though"]
)
CLAUSE_PUNCT = frozenset(",;:")


class Segment(NamedTuple):
    """A sentence or clause: ``text == original[start:end]``; ``tokens`` lie inside it. A
    named tuple, as :class:`~suara.text.normalize.Token`: a comment has several."""

    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


def _is_sentence_end(tokens: tuple[Token, ...], i: int) -> bool:
    tok = tokens[i]
    if tok.kind != "punct" or tok.text[0] not in ".!?":
        return False
    if tok.text == "." and i > 0:
        prev = tokens[i - 1]
        if prev.text.lower() in ABBREVIATIONS and prev.end == tok.start:
            return False
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt and prev.kind == "number" and nxt.kind == "number" and nxt.start == tok.end:
            return False
    return True


def _segment(original: str, tokens: list[Token]) -> Segment:
    start, end = tokens[0].start, tokens[-1].end
    return Segment(start, end, original[start:end], tuple(tokens))


def split_sentences(text: str | NormalizedText) -> list[Segment]:
    """Sentences of a comment; a comment without sentence punctuation is one sentence."""
    norm = normalize(text) if isinstance(text, str) else text
    tokens, original = norm.tokens, norm.original
    sentences: list[Segment] = []
    current: list[Token] = []
    content = False  # a word, emoji or number: a sentence without one is dropped
    for i, tok in enumerate(tokens):
        if current and "\n" in original[current[-1].end : tok.start]:
            if content:
                sentences.append(_segment(original, current))
            current, content = [], False
        current.append(tok)
        content = content or tok.kind in _SENTENCE_KINDS
        if tok.kind == "punct" and _is_sentence_end(tokens, i):
            if content:
                sentences.append(_segment(original, current))
            current, content = [], False
    if current and content:
        sentences.append(_segment(original, current))
    return sentences


def split_clauses(sentence: Segment, original: str) -> list[Segment]:
    """Clauses of one sentence: split at ``, ; :``, before contrast words and where an emoji
    ends a phrase (:func:`_emoji_ends`)."""
    clauses: list[Segment] = []
    current: list[Token] = []
    content = False  # a word or emoji: a clause without one is dropped
    for tok in sentence.tokens:
        kind = tok.kind
        if kind == "punct" and tok.text in CLAUSE_PUNCT:
            if content:
                clauses.append(_segment(original, current))
            current, content = [], False
            continue
        if kind == "word" and current and (tok.norm in CONTRAST or _emoji_ends(current)):
            if content:
                clauses.append(_segment(original, current))
            current, content = [], False
        current.append(tok)
        content = content or kind in _CLAUSE_KINDS
    if current and content:
        clauses.append(_segment(original, current))
    return clauses


def _emoji_ends(current: list[Token]) -> bool:
    """Whether an emoji after a phrase of two words or more ends the clause, as a comma
    would: in "Gk nyesel checkout 😆 tas nya bagussss" "bagus" is the bag's, not the
    checkout's; but "Pengirimannya 🚀 cepat banget" and "Paket :) aman" are one clause."""
    return current[-1].kind == "emoji" and sum(t.kind == "word" for t in current) >= 2


_SENTENCE_KINDS = frozenset(["word", "emoji", "number"])
_CLAUSE_KINDS = frozenset(["word", "emoji"])
