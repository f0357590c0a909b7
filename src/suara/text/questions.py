"""Which sentences ask something: a question leaves the aspects it names undecided
(:func:`~suara.text.aspects.mentions_from`) and, addressed to the seller, gives the comment no
verdict (:mod:`suara.text.no_verdict`)."""

from __future__ import annotations

from suara.text.sentences import Segment

# Words that make a question a complaint: "kenapa belum dikirim?", "mana bonusnya?"
COMPLAINT_QUESTION_WORDS = frozenset(
    ["kenapa", "mengapa", "kok", "masa", "mana", "gunanya", "why", "where"]
)


QUESTION_MARKS = "?？"  # and the full-width one, of East Asian input methods


def is_question(sentence: Segment, original: str | None = None) -> bool:
    """Whether ``sentence`` asks something: it ends in one question mark — a run of them
    ("dikirim apa??", "apa? ?") is exasperation, and where emoji were lost in an export each
    became a "?" — and no word of :data:`COMPLAINT_QUESTION_WORDS` makes it a complaint.
    ``original``, the comment the sentence is part of, shows the marks after the sentence
    (a run's later marks make no sentence of their own)."""
    text = sentence.text.rstrip()
    if not text or text[-1] not in QUESTION_MARKS:
        return False
    before = text[:-1].rstrip()
    if before and before[-1] in QUESTION_MARKS:
        return False
    after = "" if original is None else original[sentence.end :].lstrip()
    if after and after[0] in QUESTION_MARKS:
        return False
    return not any(complains(t.norm) for t in sentence.tokens if t.kind == "word")


def complains(norm: str) -> bool:
    """Whether a token's normal form holds a word that makes a question a complaint."""
    return not COMPLAINT_QUESTION_WORDS.isdisjoint(norm.split())
