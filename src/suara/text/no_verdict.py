"""Comments that give no verdict, whatever the sentiment models make of them.

Two kinds are common in a shop's feedback and absent from the labelled sets the models learnt
from: a question to the seller before buying ("Ready stok kak? Bisa dikirim hari ini?") and
a receipt whose writer says they have not judged yet ("Pesanan sudah diterima, belum
dicoba", "review menyusul"). The models read the first as a complaint (the sets' questions
are rhetorical ones) and the second as praise or blame by its other words. Each rule here
holds only when no word of the comment gives an opinion — no negation other than the
deferral's own "belum", no polar or opinion word, no term with a polarity of its own, no
positive or negative emoji — so that a question or a deferral beside a complaint is still
read as the complaint it is (a negation that only tags a question, "bisa COD gak kak?", is
Indonesian's "or not", unless a word of :data:`SARCASM` makes it a jibe). How often each
holds on the labelled sets is in docs/models.md.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import cache

from suara.text.aspects import lexical_form, opinions, terms
from suara.text.features import NEGATIONS, polar_words
from suara.text.normalize import (
    EMOJI_TOKENS,
    SELLER_ADDRESS,
    NormalizedText,
    Token,
    cached,
    stem,
)
from suara.text.questions import QUESTION_MARKS, complains, is_question
from suara.text.sentences import CONTRAST, Segment

# what may follow a question's tag before its mark: "bisa gak kak?", "ada gak sih?"
_AFTER_A_TAG = SELLER_ADDRESS | {"ya", "kah", "nih", "sih", "dong"}
# words that make a tag question sarcasm: "Niat jualan gak sih kak?", "Kak, mau tanggung jawab
# gak?", "Admin ngerti bahasa Indonesia gak?", "bisa baca gak?"
SARCASM = frozenset(
    ["niat", "tanggung", "otak", "ngerti", "mengerti", "paham", "becus", "waras", "mikir",
     "berpikir", "malu", "baca", "sopan", "jujur", "serius", "peduli", "punya"]
)  # fmt: skip

# Verbs of trying a product out, by root: "belum dicoba", "blm sempet dibuka", "belum di tes"
TRYING_OUT = frozenset(
    ["coba", "buka", "pakai", "pake", "cek", "tes", "test", "pasang", "install", "unboxing",
     "guna"]
)  # fmt: skip
# ... and of judging later: "nanti diupdate", "ntar sy kabarin", "nanti dicek dulu" (not of
# using: "entar pake baju apa?" is no deferral)
REPORTING = frozenset(
    ["update", "review", "kabar", "ulas", "rating", "cek", "coba", "cobain", "tes", "test",
     "buka"]
)  # fmt: skip
LATER = frozenset(["nanti", "entar", "ntar", "nnt", "besok", "bsk"])
# words that may stand between "belum" and the verb: "belum sempat dicoba", "belum di tes"
_BETWEEN = frozenset(["di", "sempat", "saya", "aku", "ya", "kak"])
_LATER_REACH = 4  # words after "nanti" that may hold the verb: "nanti saya cek dulu isinya"
_SHOWN_LATER = frozenset(["menyusul"])  # "review menyusul", "ulasan menyusul"
_REVIEW = frozenset(["review", "ulas", "rating"])
_DEFERRING = frozenset({"belum"} | LATER | _SHOWN_LATER)  # a deferral holds one of these


def asks_the_seller(normalized: NormalizedText, sentences: Sequence[Segment]) -> bool:
    """Whether a comment is a question to the seller with no opinion in it: it addresses the
    seller (:data:`SELLER_ADDRESS`), one of its sentences is a question
    (:func:`~suara.text.questions.is_question`), no word of it makes a question a complaint
    ("kenapa", "kok", "mana") and no word gives an opinion (module docstring): "Ready stok
    kak? Kalo order sekarang bisa dikirim hari ini?". (The analyser also requires that no
    aspect term of the comment has an opinion word beside it.)"""
    asked = questions(sentences, normalized.original)
    return any(asked) and (
        idle_question_excuses(normalized, [s for s, q in zip(sentences, asked, strict=True) if q])
        is not None
    )


# How an English question to the seller opens, with no "kak" to address them: "Is this
# compatible with Samsung A54?", "Do you ship to Bali?", "How long does shipping take?" — an
# auxiliary before its subject, or a question word before what a buyer asks about. "How
# stupid is that?", "Do Indonesians believe …?" and "What kind of drink …?" are rhetorical
_AUXILIARIES = frozenset(
    ["is", "are", "does", "do", "did", "can", "could", "will", "would", "may", "should",
     "has", "have"]
)  # fmt: skip
_SUBJECTS = frozenset(["this", "it", "these", "there", "the", "my", "your", "i"])
# "you" asks the seller only of what a shop does: "Do you ship to Bali?", not "Can you refund
# my money?" (a demand) nor "Do you even check …?"
_SHOP_VERBS = frozenset(["ship", "deliver", "sell", "have", "accept", "offer", "send", "stock"])
# words that make an English question rhetorical: "Is this how you pack items?"
_RHETORICAL = frozenset(["even", "how", "seriously", "really", "why", "what"])
_QUESTION_WORD_TOPICS = {  # question word -> what may follow it in a buyer's question
    "how": frozenset(["long", "many", "much", "do", "does", "to", "can"]),
    "what": frozenset(["size", "color", "colour", "is", "are", "about", "sizes", "colors"]),
    "when": frozenset(["will", "is", "does", "do", "can"]),
    "which": frozenset(["size", "color", "colour", "one", "is", "variant"]),
    "where": frozenset(["is", "do", "does", "can"]),
}


def asks_in_english(words: Sequence[str]) -> bool:
    """Whether the comment opens with an English question to the seller (comment above)."""
    if len(words) < 2:
        return False
    first, second = words[0], words[1]
    third = words[2] if len(words) > 2 else ""
    if first in _AUXILIARIES:
        if third in _RHETORICAL:
            return False
        return second in _SUBJECTS or (second == "you" and third in _SHOP_VERBS)
    return second in _QUESTION_WORD_TOPICS.get(first, ()) and third not in _RHETORICAL


# Words that only ask inside a question: "tanpa" in a question after a variant ("Ada varian
# tanpa gula ga kak?", "bisa dikirim tanpa kardus?": a variant, not a lack; "barang dikirim
# tanpa bubble kak, gimana ini?" is a complaint), and the two sides of "atau"/"or": "Ini ori
# atau KW ya kak?", "original or fake?"
_ASKING_ONLY = frozenset(["tanpa", "without"])
_VARIANT_ASKED = frozenset(
    ["varian", "versi", "pilihan", "tipe", "type", "model", "ready", "stok", "tersedia", "jual",
     "available", "variant", "version"]
)  # fmt: skip
_ALTERNATIVES = frozenset(["atau", "or"])
# "… atau gimana?" hedges a complaint ("paket saya hilang atau gimana?"); it offers no choice
_HEDGES = frozenset(["gimana", "bagaimana", "apa", "apaan", "kenapa", "what", "how"])


# Words that suppose, fear or wish rather than report: in a comment that asks the seller
# something, what follows one to its clause's end is no verdict either. "Kak kalo rusak bisa
# retur ga?" (if it breaks), "Bisa dikirim pake kayu ga kak? Takut pecah di jalan", "butuh
# cepet soalnya" (I need it fast), "semoga cepat sampai ya kak". A word that shows the case
# is at hand ("kalau rusak begini …") or was lived through ("kalo dicuci luntur parah",
# "kalau dipake panas terus") keeps its clause a report
SUPPOSING = frozenset(
    ["kalau", "jika", "jikalau", "apabila", "bila", "seandainya", "andai", "andaikan",
     "misal", "misalnya", "if", "takut", "khawatir", "kuatir", "cemas", "biar", "supaya",
     "agar", "butuh", "semoga", "mudah-mudahan", "hopefully"]
)  # fmt: skip
_AT_HAND = frozenset(["begini", "begitu", "parah", "banget", "sekali", "terus", "melulu", "selalu"])


def supposed(tokens: Sequence[Token]) -> set[int]:
    """Start offsets of the words of each clause stretch that a word of :data:`SUPPOSING`
    opens (itself included), up to a punctuation mark, an emoji or a contrast word; none of a
    stretch that holds a word of :data:`_AT_HAND`, and never a word that makes a question a
    complaint ("kalau ditanya kenapa ga dijawab?")."""
    excused: set[int] = set()
    stretch: list[int] = []
    at_hand = False
    for token in [*tokens, None]:
        if token is None or token.kind in ("punct", "emoji") or token.norm in CONTRAST:
            if not at_hand:
                excused.update(stretch)
            stretch, at_hand = [], False
        elif token.kind == "word":
            if stretch:
                at_hand = at_hand or token.norm in _AT_HAND
                if not complains(token.norm):
                    stretch.append(token.start)
            elif token.norm in SUPPOSING:
                stretch = [token.start]
    return excused


def idle_question_excuses(
    normalized: NormalizedText, asked: Sequence[Segment] = ()
) -> set[int] | None:
    """The part of :func:`asks_the_seller` that reads the words: None unless the comment
    addresses the seller — by a word of :data:`SELLER_ADDRESS`, by opening with an English
    question (:func:`asks_in_english`) or by a question that ends in "ya"
    (:func:`_asks_politely`) — and gives no opinion; else the words of the question
    sentences ``asked`` that only ask (:func:`asked_about`), which the analyser leaves
    undecided too, so it need not look for them again. A negation that only tags a question
    ("Ini bisa COD gak kak?", "udah dikirim belum?") is Indonesian's "or not", no opinion;
    inside ``asked``, "tanpa" names a variant and the words on either side of "atau" are what
    is asked, not said ("Ini ori atau KW ya kak?")."""
    words = normalized.words
    english = bool(asked) and asks_in_english(words)
    if SELLER_ADDRESS.isdisjoint(words) and not english and not _asks_politely(asked):
        return None
    excused = asked_about(asked) | supposed(normalized.tokens)
    if excused or not NEGATIONS.isdisjoint(words):
        if not SARCASM.isdisjoint(words):
            return None
        words = _without_question_tags(normalized.tokens, excused)
    return excused if _gives_no_opinion(normalized, words) else None


def _asks_politely(asked: Sequence[Segment]) -> bool:
    """Whether a question about shopping (a word of :func:`_shop_words`) ends in "ya"
    before its mark, which asks someone who will answer: "size chart nya pake cm atau inch
    ya?", "gimana cara ganti alamat di app ya?" — not "masih zaman ya?" nor "dia lagi apa
    ya?", which the labelled sets hold as rhetorical."""
    for sentence in asked:
        words = [t.norm for t in sentence.tokens if t.kind == "word"]
        shopping = not _shop_words().isdisjoint(words)
        if words and words[-1] == "ya" and shopping and _RHETORICAL_YA.isdisjoint(words):
            return True
    return False


# "masih zaman ya?" (is that still a thing?) asks no one, whatever it is about: "maling pulsa
# masih zaman ya?"
_RHETORICAL_YA = frozenset(["zaman", "jaman"])


@cache
def _shop_words() -> frozenset[str]:
    """The one-word aspect terms and the words that ask for a variant: what a question to a
    shop is about. (Verbs of ordering were tried too, "kalau pesan hari ini, kira2 sampe
    sebelum lebaran ga ya?", and dropped: they made complaints that end in "ya?" questions,
    "udah seminggu lebih, kapan datang ya?", "pesan 3 yang datang cuma 2 ya?".)"""
    singles = {t.words[0] for t in terms() if len(t.words) == 1 and t.words[0].isalpha()}
    return frozenset(singles | _VARIANT_ASKED)


def asked_about(asked: Sequence[Segment]) -> set[int]:
    """Start offsets of the word tokens of the question sentences ``asked`` that only ask:
    :data:`_ASKING_ONLY` in a question after a word of :data:`_VARIANT_ASKED`, a word on
    either side of :data:`_ALTERNATIVES`, and the words of a clause that a negation tags as a
    question ("Kak ini aman buat ibu hamil ga ya?", "bagus gak kak?": is it, or not? — but in
    "Barangnya rusak, bisa retur ga kak?" only "bisa retur" is asked)."""
    excused: set[int] = set()
    for sentence in asked:
        excused.update(_tagged_clause(sentence.tokens))
        tokens = [t for t in sentence.tokens if t.kind == "word"]
        variant = False  # a word of _VARIANT_ASKED seen so far (one pass: no rescans)
        for i, token in enumerate(tokens):
            before = tokens[i - 1].norm if i else ""
            if (before in _HOW_MUCH and _next_norm(tokens, i) != "lagi") or (
                token.norm in NEGATIONS
                and before in _ASKED_AFTER
                and _next_norm(tokens, i) != "sih"
            ):
                excused.add(token.start)  # "berapa lama?", "ready ga ya size 40?"
            variant = variant or token.norm in _VARIANT_ASKED
            if token.norm in _ASKING_ONLY:
                if variant:
                    excused.add(token.start)
            elif token.norm in _ALTERNATIVES and 0 < i < len(tokens) - 1:
                sides = (tokens[i - 1], tokens[i + 1])
                if all(side.norm not in _HEDGES for side in sides):
                    excused.update(side.start for side in sides)
    return excused


# "How long?" asks, whatever the word: "garansinya berapa lama?" (not "lama banget", nor
# "mau nunggu berapa lama lagi?")
_HOW_MUCH = frozenset(["berapa", "seberapa"])


def _next_norm(tokens: Sequence[Token], at: int) -> str:
    """The normal form of the token after ``at``, or "" at the end."""
    return tokens[at + 1].norm if at + 1 < len(tokens) else ""


# What a tagged question asks starts at its verb of asking where it has one: "Barangnya rusak
# bisa retur ga kak?" asks "bisa retur", and says "rusak"
_ASKING_VERBS = frozenset(
    ["bisa", "boleh", "mau", "ada", "apakah", "sudah", "masih", "dapat", "perlu", "harus",
     "bakal", "akan", "jadi"]
)  # fmt: skip


# A negation straight after one of these, in a question, is its tag even where more of the
# question follows: "ready ga ya size 40?", "ada gak kak warna navy?", "bisa ga dikirim hari
# ini?" (but not "bisa ga sih?", a jibe); after "sudah", "masih" a negation
# negates ("masih ga bisa login, harus gimana ya?")
_ASKED_AFTER = frozenset(["bisa", "boleh", "ada", "mau", "ready", "tersedia"])


def _tagged_clause(tokens: Sequence[Token]) -> list[int]:
    """Start offsets of the words before a negation that tags a question, the tag itself
    excepted: back to the clause's start (a punctuation mark, an emoji, a contrast word),
    or to a verb of asking (:data:`_ASKING_VERBS`) if one comes first."""
    for i, token in enumerate(tokens):
        if token.kind == "word" and token.norm in NEGATIONS and _ends_question(tokens, i):
            start = i
            while start > 0:
                before = tokens[start - 1]
                if before.kind in ("punct", "emoji") or before.norm in CONTRAST:
                    break
                start -= 1
                if before.kind == "word" and before.norm in _ASKING_VERBS:
                    break
            return [t.start for t in tokens[start:i] if t.kind == "word"]
    return []


def _without_question_tags(tokens: Sequence[Token], excused: Collection[int] = ()) -> list[str]:
    """The words of ``tokens``, less each negation that tags a question — nothing but
    :data:`_AFTER_A_TAG` stands between it and the question mark (the caller has ruled out
    :data:`SARCASM`) — and less the tokens that start at an offset in ``excused``."""
    words: list[str] = []
    for i, token in enumerate(tokens):
        if token.kind != "word" or token.start in excused:
            continue
        if not (token.norm in NEGATIONS and _ends_question(tokens, i)):
            words += token.norm.split()
    return words


def _ends_question(tokens: Sequence[Token], at: int) -> bool:
    for token in tokens[at + 1 :]:
        if token.kind == "punct":
            return token.text[0] in QUESTION_MARKS
        if token.kind != "word" or token.norm not in _AFTER_A_TAG:
            return False
    return False


def reserves_judgement(
    normalized: NormalizedText, score: Callable[[list[str]], list[float]] | None = None
) -> bool:
    """Whether the writer says they have not judged yet and gives no opinion: "Pesanan sudah
    diterima, belum dicoba", "Paket diterima tetangga, nanti sy cek dulu isinya", "Udah
    sampai, review menyusul". A deferral is "belum" before a verb of trying out
    (:data:`TRYING_OUT`, at most the words of ``_BETWEEN`` between), a word of
    :data:`LATER` before one of reporting or trying out (:data:`REPORTING`) within
    ``_LATER_REACH`` words, or "review"/"ulasan" followed by "menyusul".

    A deferral's own "belum" is no negation of anything. Anything else that gives an
    opinion stops the rule: a word of the lexicons (module docstring; "belum dicoba, tapi
    packing rapi" is praise); a word of :data:`NOT_DEFERRING` — someone else's "nanti dicek"
    reported ("CS nya cuma bilang nanti dicek terus"), the shop's delay ("belum dicek sama
    CS"), a star rating ("bintang 1 dulu, nanti diupdate"), a repeat order — and, where
    ``score`` (a sentiment model's scores in [-1, 1] of normal-form texts) is given, any
    stretch between punctuation, less the deferrals' words and the :data:`_TRAILING` words
    right after them, that it scores at :data:`LEANING` or beyond: the lexicons are far from
    complete ("belum dicoba, isinya cuma setengah"). A stretch of :data:`RECEIPT_FACTS`
    alone is not scored; a comment of nothing else ("Barang sudah diterima.", "Paket udh
    sampe") has not judged either, unless an emoji or a question mark says more."""
    text = normalized.text
    if _only_receipt(normalized):
        return True
    if not any(word in text for word in _DEFERRING):  # most comments: a few C searches
        return False
    words = normalized.words
    deferrals = _deferrals(words)
    if not deferrals or not NOT_DEFERRING.isdisjoint(words):
        return False
    padded = f" {text} "
    if any(phrase in padded for phrase in _REPEAT_ORDERS):
        return False
    excused = {lo for lo, _ in deferrals if words[lo] == "belum"}
    if not _gives_no_opinion(normalized, [w for i, w in enumerate(words) if i not in excused]):
        return False
    if score is None:
        return True
    skipped = {i for lo, hi in deferrals for i in range(lo, hi)}
    rest = [
        stretch
        for stretch in _stretches(normalized.tokens, skipped, {hi for _, hi in deferrals})
        if not RECEIPT_FACTS.issuperset(stretch.split())
    ]
    return all(abs(s) < LEANING for s in score(rest)) if rest else True


def _only_receipt(normalized: NormalizedText) -> bool:
    """Whether the comment only says how the parcel came (:data:`RECEIPT_FACTS`), with no
    emoji and no question ("barang sudah sampai??" may be surprise or complaint)."""
    words = normalized.words
    if not words or not RECEIPT_FACTS.issuperset(words):
        return False
    return not any(
        t.kind == "emoji" or (t.kind == "punct" and t.text[0] in QUESTION_MARKS)
        for t in normalized.tokens
    )


LEANING = 0.5
"""A model's score at which a stretch of a deferring comment is read as an opinion after all:
receipts score near 0 ("pesanan sudah diterima" 0.15, "paket diterima tetangga" 0.04 by the
fast model), complaints and thanks beyond 0.55 ("isinya cuma setengah" −0.77, "makasih
seller" 0.96)."""

# A stretch of nothing but these words states how the parcel came ("dikirim pakai JNE",
# "diterima tetangga kemarin sore"), no opinion: it is not scored. The fast model learnt the
# words from complaints ("barang yang dikirim tidak sesuai") and scores "dikirim" alone -1.0
RECEIPT_FACTS = frozenset(
    ["pesanan", "paket", "paketnya", "barang", "barangnya", "produk", "produknya", "order",
     "orderan", "sudah", "telah", "baru", "diterima", "terima", "sampai", "datang", "tiba",
     "dikirim", "kirim", "terkirim", "diantar", "dianter", "antar", "pakai", "via", "lewat",
     "dengan", "oleh", "ke", "di", "dari", "dan", "sama", "yang", "hari", "hr", "ini", "tadi",
     "td", "kemarin", "kemaren", "pagi", "siang", "sore", "malam", "tanggal", "jam",
     "tetangga", "satpam", "rumah", "kantor", "kurir", "ekspedisi", "jne", "jnt", "sicepat",
     "anteraja", "gosend", "gojek", "grab", "grabexpress", "pos", "tiki", "ninja", "xpress",
     "lion", "parcel", "wahana", "spx", "shopee", "express", "idexpress", "sap", "saya",
     "aku"]
)  # fmt: skip

# words that make a deferral someone else's, or say what it defers already
NOT_DEFERRING = frozenset(
    ["katanya", "bilang", "dijawab", "jawab", "jawabnya", "dibalas", "balas", "balasnya",
     "bales", "dibales", "alasan", "alasannya", "mulu", "melulu", "doang", "bintang",
     "langganan", "cs", "admin", "seller", "penjual", "chat", "chatnya"]
)  # fmt: skip
# ("cs", "admin", "seller", "chat": "belum dicek sama CS", "chat belum dibuka seller" are the
# shop's delay, not the writer's deferral)
_REPEAT_ORDERS = (" order lagi ", " beli lagi ", " pesan lagi ", " repeat order ")


def _deferrals(words: Sequence[str]) -> list[tuple[int, int]]:
    """Each deferral as a range of word indices, from the word that defers to its verb."""
    found = []
    for i, word in enumerate(words):
        if word == "belum":
            for j in range(i + 1, min(i + 4, len(words))):
                if _is_one_of(words[j], TRYING_OUT):
                    found.append((i, j + 1))
                    break
                if words[j] not in _BETWEEN:
                    break
        elif word in LATER:
            for j in range(i + 1, min(i + 1 + _LATER_REACH, len(words))):
                if _is_one_of(words[j], REPORTING):
                    found.append((i, j + 1))
                    break
        elif word in _SHOWN_LATER and i and _is_one_of(words[i - 1], _REVIEW):
            found.append((i - 1, i + 1))
    return found


# words that trail a deferral and say nothing ("nanti sy cek dulu isinya", "ntar sy kabarin
# lg"), which a model alone reads by its priors ("lagi" −0.56, "dulu isinya" −0.56); only
# right after a deferral ("belum dicoba, isinya cuma setengah" is a complaint)
_TRAILING = frozenset(
    ["lagi", "dulu", "isinya", "isi", "ya", "deh", "aja", "saja", "dong", "nih", "sih", "kak",
     "gan", "sis", "admin", "saya", "aku"]
)  # fmt: skip


def _stretches(tokens: Sequence[Token], skipped: set[int], ends: set[int]) -> list[str]:
    """The comment's words between punctuation, less the word indices ``skipped`` and the
    :data:`_TRAILING` words that follow a word index in ``ends`` (a deferral's end) before any
    other word or punctuation."""
    stretches: list[list[str]] = [[]]
    k = 0
    trailing = False
    for token in tokens:
        if token.kind == "word":
            for word in token.norm.split():
                trailing = trailing and word in _TRAILING
                if k not in skipped and not trailing:
                    stretches[-1].append(word)
                k += 1
                trailing = trailing or k in ends  # the next words may trail the deferral
        elif token.kind == "punct" and token.norm:
            trailing = False
            if stretches[-1]:
                stretches.append([])
    return [" ".join(s) for s in stretches if s]


def _is_one_of(word: str, verbs: frozenset[str]) -> bool:
    """Whether ``word`` is a form of one of ``verbs`` (a root of :func:`_roots`); a word that
    holds none of them is not stemmed (the stemmer takes tens of microseconds a new word)."""
    return any(verb in word for verb in verbs) and not verbs.isdisjoint(_roots(word))


def _roots(word: str) -> set[str]:
    """Roots a verb as shoppers write it may have: the stemmer's, and the word or that stem
    without the colloquial prefixes and suffixes the stemmer leaves ("dicobain" -> "coba",
    "diupdate" -> "update", "ngecek" and "mengecek" -> "cek", "mereview" -> "review")."""
    stemmed = cached(stem, word) if word.isalpha() else word
    return {stemmed, _affixes_off(word), _affixes_off(stemmed)}


def _affixes_off(word: str) -> str:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


_PREFIXES = ("menge", "meng", "nge", "di", "me", "ng")  # the longest that fits comes off
_SUFFIXES = ("in", "nya", "kan")


def _gives_no_opinion(normalized: NormalizedText, words: Sequence[str]) -> bool:
    """Whether none of ``words`` (the comment's words, less any the caller excuses), and none
    of the comment's emoji and phrases, gives an opinion."""
    unique = set(words)
    unique.update([lexical_form(w) for w in unique if "-" in w])  # "rusak2" is "rusak"
    if not NEGATIONS.isdisjoint(unique):
        return False
    if any(t.kind == "emoji" and t.norm != EMOJI_TOKENS["neutral"] for t in normalized.tokens):
        return False
    singles, phrases, stems = opinion_lexicon()
    if not singles.isdisjoint(unique) or any(complains(w) for w in unique):
        return False
    padded = f" {normalized.text} "
    if any(phrase in padded for phrase in phrases):
        return False
    return not any(cached(stem, w) in stems for w in unique if w.isalpha())


@cache
def opinion_lexicon() -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """What gives a comment an opinion: single words (opinion words, polar words, terms with
    a polarity of their own), phrases of several (padded with spaces, to find in a padded
    normal form), and the stems of the stemmed (``~``) ones."""
    every = [p for table in opinions().values() for p in table]
    every += [t.words for t in terms() if t.polarity]
    singles = {p[0] for p in every if len(p) == 1 and not p[0].startswith("~")}
    stems = {stem(p[0][1:]) for p in every if len(p) == 1 and p[0].startswith("~")}
    phrases = tuple(f" {' '.join(w.lstrip('~') for w in p)} " for p in every if len(p) > 1)
    return frozenset(singles | set(polar_words())), phrases, frozenset(stems)


def questions(sentences: Sequence[Segment], original: str) -> list[bool]:
    """For each sentence, whether it is a question (:func:`~suara.text.questions.is_question`),
    each worked out once, whatever the number of its clauses."""
    if not any(mark in original for mark in QUESTION_MARKS):
        return [False] * len(sentences)
    return [is_question(s, original) for s in sentences]
