"""Praise that means blame: "makasih ya udh ngirim barang bekas, lecet2 semua. luar biasa 👏👏".

Shoppers often complain in irony, and the labelled sets the models learnt from hold none
(not one of their texts has an emoji), so the models read the praise words as praise. A
comment is read as ironic when it holds all three of: a word of generic praise
(:data:`PRAISE`, not negated), a fact that is bad by itself (a negative polar word or a term
with a negative polarity of its own, not denied: "ga ada yang rusak 🙂" is thanks), and an
emoji that shoppers use for irony (:data:`IRONIC_EMOJI`) — and nothing that makes it a mixed
verdict instead: no contrast word ("bagus tapi lecet 🙂") and no word that plays the bad
fact down or concedes it (:data:`PLAYED_DOWN`: "lecet dikit 🙂", "telat sehari gpp 🙂",
"walaupun telat, mantap 🙂"). Then its praise counts as blame: the analyser mirrors a positive
comment, sentence or praised aspect into a negative one (docs/models.md has how often the
rule holds on the spot checks; on the labelled sets it never does).
"""

from __future__ import annotations

from functools import cache

from suara.text.aspects import lexical_form, terms
from suara.text.features import NEGATIONS, polar_words
from suara.text.normalize import NormalizedText, normalize
from suara.text.sentences import CONTRAST

# base code points: a skin tone or a variation selector after one does not matter
IRONIC_EMOJI = frozenset("🙃🙂👏🤡🙄😒")
PRAISE = frozenset(
    ["mantap", "hebat", "keren", "top", "salut", "juara", "biasa", "kasih", "bagus", "sopan",
     "amanah", "ramah", "rapi", "puas", "memuaskan", "sempurna", "good", "great", "nice",
     "amazing", "perfect", "thanks"]
)  # fmt: skip
"""Normal forms of generic praise ("luar biasa" and "terima kasih" by their second word)."""
# words that play a bad fact down or concede it, which make a comment mixed or grateful
# rather than ironic: "lecet dikit 🙂", "walaupun telat, barangnya mantap 🙂", "kirain bakal
# rusak, ternyata bagus 👏", "alhamdulillah ga pecah 👏"
PLAYED_DOWN = frozenset(
    ["sedikit", "agak", "lumayan", "apa-apa", "wajar", "maklum", "dimaklumi", "overall",
     "tetap", "minor", "walaupun", "walau", "meski", "meskipun", "biarpun", "ternyata",
     "mengira", "untung", "untungnya", "alhamdulillah"]
)  # fmt: skip
# what denies a bad fact: "ga ada yang rusak", "anti pecah", "no damage"
_DENIALS = NEGATIONS | {"anti"}
_DENIAL_REACH = 3  # "tidak ada yang rusak": the denial three words before


@cache
def bad_facts() -> frozenset[str]:
    """Words that are bad news by themselves: the negative polar words, and the one-word
    aspect terms with a negative polarity of their own ("lecet", "bekas", "penyok")."""
    negative = {w for w, sign in polar_words().items() if sign == "-"}
    negative.update(t.words[0] for t in terms() if t.polarity < 0 and len(t.words) == 1)
    return frozenset(negative)


def is_ironic(normalized: NormalizedText) -> bool:
    """Whether ``normalized`` praises in irony (module docstring). Most comments hold no
    emoji of :data:`IRONIC_EMOJI`, and the test stops there."""
    if not any(t.kind == "emoji" and t.text[:1] in IRONIC_EMOJI for t in normalized.tokens):
        return False
    words = normalized.words
    if not CONTRAST.isdisjoint(words) or not PLAYED_DOWN.isdisjoint(words):
        return False
    praised = any(
        w in PRAISE and (i == 0 or words[i - 1] not in NEGATIONS) for i, w in enumerate(words)
    )
    if not praised:
        return False
    bad = bad_facts()
    for i, word in enumerate(words):
        form = lexical_form(word)  # "lecet-lecet" is "lecet"
        if form in bad and _DENIALS.isdisjoint(words[max(0, i - _DENIAL_REACH) : i]):
            return True
    return False


def praises(opinion_text: str) -> bool:
    """Whether an opinion span's words (as written) hold a word of :data:`PRAISE`."""
    return not PRAISE.isdisjoint(normalize(opinion_text).words)
