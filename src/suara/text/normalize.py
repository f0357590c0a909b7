"""Normalisation of informal Indonesian and English comments.

Customers write "brg bagusss bgt, seller fast respon 👍": slang, abbreviations, elongated
words, reduplication written as ``2`` and emoji. :func:`normalize` tokenises the *original*
text (every token keeps its character offsets, so later stages can point back at the words
that triggered them) and gives each token its normal form. The slang table is Suara's own
curated ``resources/slang_id.tsv`` layered over the slang list of indo-normalizer (MIT,
Drestanto M. Dyasputro) when that package is installed; its typo correction is not used, it
damages text. Stems and stopwords come from PySastrawi (MIT).
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from dataclasses import dataclass, field
from functools import _lru_cache_wrapper, cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

EMOJI_TOKENS = {"positive": "emopos", "negative": "emoneg", "neutral": "emoneu"}

_EMOJI_CHARS = (
    "\U0001f300-\U0001f5ff\U0001f600-\U0001f64f\U0001f680-\U0001f6ff\U0001f900-\U0001f9ff"
    "\U0001fa70-\U0001faff\u2600-\u27bf\u2b50\u2b55\u2764"
)
_EMOJI = rf"[{_EMOJI_CHARS}][\ufe0f\U0001f3fb-\U0001f3ff]*"
_URL = r"(?:https?://|www\.)\S+"
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# an apostrophe as phone keyboards type it (’, ʼ) joins a word as "'" does: "don’t" is one
# word, "don't", and a negation
_APOSTROPHES = "'\u2019\u02bc"
_WORD = rf"[^\W_]+(?:[-{_APOSTROPHES}][^\W_]+)*"
_PUNCT = r"[.!?]+|[^\w\s]"


class Token(NamedTuple):
    """One token of the original text: ``text == original[start:end]``.

    ``norm`` is its normal form; it may hold several words ("mksh" -> "terima kasih") or be
    empty for a token that carries no meaning for analysis. A named tuple, not a dataclass:
    a comment has dozens and a frozen dataclass takes twice as long to build.
    """

    text: str
    start: int
    end: int
    norm: str
    kind: str  # word | number | emoji | url | email | punct


@dataclass(frozen=True, slots=True)
class EmojiSignal:
    symbol: str
    polarity: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class NormalizedText:
    original: str
    tokens: tuple[Token, ...]
    text: str = field(init=False, compare=False, repr=False)
    """The normalised text, lowercase, one space between words."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", " ".join(t.norm for t in self.tokens if t.norm))

    @property
    def words(self) -> list[str]:
        return [w for t in self.tokens if t.kind == "word" for w in t.norm.split()]

    @property
    def signals(self) -> tuple[EmojiSignal, ...]:
        return tuple(
            EmojiSignal(t.text, _emoji_polarity(t.norm), t.start, t.end)
            for t in self.tokens
            if t.kind == "emoji"
        )


def _emoji_polarity(norm: str) -> str:
    return {v: k for k, v in EMOJI_TOKENS.items()}.get(norm, "neutral")


def _resource_lines(name: str) -> list[str]:
    text = resources.files("suara.text").joinpath("resources").joinpath(name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def emoji_table() -> dict[str, str]:
    """Emoji and emoticons to polarity (``resources/emoji.tsv``)."""
    return dict(line.split("\t", 1) for line in _resource_lines("emoji.tsv"))


def _indo_normalizer_slang() -> dict[str, str]:
    """indo-normalizer's slang list, read as a file: its code (and typo fixing) is not run."""
    spec = importlib.util.find_spec("indo_normalizer")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "corpus" / "slangs.csv"
    if not path.is_file():
        return {}
    table: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines()[1:]:
        slang, _, formal = line.partition(",")
        if slang and formal and " " not in slang:
            table[slang.strip().lower()] = formal.strip().lower()
    return table


@cache
def slang_table() -> dict[str, str]:
    """Slang -> normal form: Suara's curated table over indo-normalizer's list."""
    table = _indo_normalizer_slang()
    for line in _resource_lines("slang_id.tsv"):
        slang, _, normal = line.partition("\t")
        if normal.strip():
            table[slang.strip()] = normal.strip()
        else:
            table.pop(slang.strip(), None)
    return table


@cache
def english_words() -> frozenset[str]:
    return frozenset(w for line in _resource_lines("en_words.txt") for w in line.split())


@cache
def indonesian_words() -> frozenset[str]:
    """Sastrawi's root-word dictionary plus its stopwords and the slang table's forms."""
    words: set[str] = set(indonesian_stopwords())
    spec = importlib.util.find_spec("Sastrawi")
    if spec is not None and spec.submodule_search_locations:
        root = Path(next(iter(spec.submodule_search_locations)))
        path = root / "Stemmer" / "data" / "kata-dasar.txt"
        if path.is_file():
            words.update(w.strip() for w in path.read_text("utf-8").splitlines() if w.strip())
    words.update(w for v in slang_table().values() for w in v.split())
    return frozenset(words)


@cache
def indonesian_stopwords() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Indonesian stem of one lowercase word (PySastrawi): "pengirimannya" -> "kirim"."""
    return str(_stemmer().stem(word))


@cache
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@cache
def _token_pattern() -> re.Pattern[str]:
    emoticons = sorted((e for e in emoji_table() if not _is_emoji(e)), key=len, reverse=True)
    emoticon = "|".join(re.escape(e) for e in emoticons)
    return re.compile(
        rf"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<emoji>{_EMOJI}|(?<!\w)(?:{emoticon})(?!\w))"
        rf"|(?P<word>{_WORD})|(?P<punct>{_PUNCT})"
    )


def _is_emoji(symbol: str) -> bool:
    return bool(re.fullmatch(_EMOJI, symbol))


_ELONGATED = re.compile(r"([a-z])\1{2,}")
_REDUPLICATED = re.compile(r"^([a-z]{2,})2(an|nya|kan|in|lah|pun|ku|mu)?$")
# Prefixes written before the repeat ("berjam2" is "berjam-jam", "sejelas2nya"
# "sejelas-jelasnya"): the root repeats, not the prefixed word. "se" only before "-nya", its
# superlative ("sedikit2" is "sedikit-sedikit")
_REPEAT_PREFIXES = ("ber", "ter", "di")
_MIN_ROOT = 3
# Roots Sastrawi gets wrong after a prefix: "beribu" stems to "ibu" (mother), "beratus" to
# "atus", "beramai" to "ama", "berapi" to "rap"; their repeats are "beribu-ribu" (thousands),
# "beratus-ratus", "beramai-ramai", "berapi-api"
_REPEATED_ROOTS = {"beribu": "ribu", "beratus": "ratus", "beramai": "ramai", "berapi": "api"}


CACHED_WORD_CHARS = 64
"""The word caches (here, in aspects and key phrases) keep words up to this long: they are
bounded by entries, which a pasted blob of 50,000 letters in each would make meaningless."""
CACHED_TEXT_CHARS = 2_000

R = TypeVar("R")


def cached(function: _lru_cache_wrapper[R], word: str) -> R:
    """``function(word)`` through its cache when ``word`` is short enough to keep."""
    return function(word) if len(word) <= CACHED_WORD_CHARS else function.__wrapped__(word)


# Words a shopper addresses the seller by, in normal form ("min" is "admin"): a comment that
# names one asks the shop, not the reader (no_verdict), and "@kakak" is no username (pii)
SELLER_ADDRESS = frozenset(
    ["kak", "kakak", "admin", "gan", "agan", "juragan", "sis", "sista", "seller", "bos",
     "bang", "mas", "mbak", "mba", "om"]
)  # fmt: skip

# Slang that written in capitals is an acronym or a name, not the word: "RA Kartini", "TK/RA"
# (an Islamic kindergarten), "NDA", "HR" (human resources), "Civic GT"
CAPITALS_KEPT = frozenset(["ra", "ora", "nda", "hr", "gt"])


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """Normal form of one word: slang expanded, elongation and ``kata2`` repaired."""
    w = word.lower()
    slang = slang_table()
    if w in slang:
        return w if word.isupper() and w in CAPITALS_KEPT else slang[w]
    head, hyphen, tail = w.partition("-")
    # "bener-bener", "berkali-berkali", "barang-barangnya": a repeat written out reads as one
    # written with "2" ("bener2", "berkali2", "barang2nya")
    # (a head of three letters or more: "ma-main", "bu-buku" are a stutter, not a repeat)
    repeat = (
        f"{head}2{tail[len(head) :]}" if hyphen and len(head) > 2 and tail.startswith(head) else w
    )
    match = _REDUPLICATED.match(repeat)
    if match:
        return _reduplicated(match.group(1), match.group(2) or "")
    if _ELONGATED.search(w):
        double = _ELONGATED.sub(r"\1\1", w)
        single = _ELONGATED.sub(r"\1", w)
        for candidate in (double, single):
            if candidate in slang:
                return slang[candidate]
            if candidate in indonesian_words() or candidate in english_words():
                return candidate
        return single
    undoubled = _undoubled(w, slang)
    return undoubled if undoubled is not None else _clitic_split(w, slang)


def _undoubled(word: str, slang: dict[str, str]) -> str | None:
    """Normal form of a word whose last letter is doubled ("mantapp", "bangett", "baguss";
    three or more are :data:`_ELONGATED`'s), where the single form is slang or an Indonesian
    word of four letters or more; else None. English doubles letters too, and the English
    list is short ("butt", "matt" stay), so never ll, ff, zz, ee or oo ("overall", "staff",
    "employee", "taboo"), nor ss on a root under five ("pass")."""
    if len(word) <= 4 or word[-1] != word[-2] or not word[-1].isalpha() or _known(word):
        return None
    single = word[:-1]
    if word[-1] in "lfzeo" or (word[-1] == "s" and len(single) < 5):
        return None
    if single in slang:
        return slang[single]
    return single if single in indonesian_words() else None


# Clitics written on a slang word: "brgnya" is "barangnya", "dtgnya" "datangnya", "udhlah"
# "sudahlah", "mksdku" "maksudku". The shortest base each may follow: "nemu" (find) is not
# "ne" (ini) + "mu", nor "Teuku" (a name) "teu" + "ku"
_CLITICS = (("nya", 3), ("lah", 3), ("kah", 3), ("pun", 3), ("ku", 4), ("mu", 4))


def _known(word: str) -> bool:
    return word in indonesian_words() or word in english_words()


def _clitic_split(word: str, slang: dict[str, str]) -> str:
    """``word`` with a slang base before its clitic expanded, where the base expands to one
    word and ``word`` itself is no word the dictionaries know; else ``word``."""
    for clitic, shortest in _CLITICS:
        base = word[: -len(clitic)]
        if word.endswith(clitic) and len(base) >= shortest and base in slang:
            normal = slang[base]
            if " " in normal or _known(word):
                return word
            return normal + clitic
    return word


def _reduplicated(written: str, suffix: str) -> str:
    """Normal form of a word written with ``2`` for its repeat: "brg2" "barang-barang",
    "asal2an" "asal-asalan", "seenak2nya" "seenak-enaknya". After a prefix only the root
    repeats, where Sastrawi finds that root right after it ("bermacam" stems to "macam";
    "bersih" and "terus" are roots themselves). A base that expands to several words ("mksh")
    keeps a suffixed word as written: the shorthand cannot say which word repeats."""
    base = cached(normalize_word, written)
    if " " in base:
        return base if not suffix else f"{written}2{suffix}"
    if base in _REPEATED_ROOTS:
        return f"{base}-{_REPEATED_ROOTS[base]}{suffix}"
    if len(base) <= CACHED_WORD_CHARS:  # a pasted blob is no word to stem
        prefixes = _REPEAT_PREFIXES + (("se",) if suffix == "nya" else ())
        for prefix in prefixes:
            root = base[len(prefix) :]
            if not base.startswith(prefix) or len(root) < _MIN_ROOT:
                continue
            found = cached(stem, base)
            if found == root or (prefix == "ber" and found == f"r{root}"):
                # "ber" drops the "r" of its root: "berebut2" is "berebut-rebut"
                return f"{base}-{found}{suffix}"
    return f"{base}-{base}{suffix}"


def _emoji_norm(symbol: str) -> str:
    table = emoji_table()
    key = symbol.replace("\ufe0f", "")
    key = re.sub("[\U0001f3fb-\U0001f3ff]", "", key)
    return EMOJI_TOKENS[table.get(key, table.get(symbol, "neutral"))]


# Units a number takes, whatever the slang table makes of the word alone: "30 cm" is thirty
# centimetres, not "30 cuma" (cm: "cuma", only); "7 km", "500 m", "250 g" likewise — but "g"
# after one digit is "ga" ("order 2 g dateng"): grams come in tens at least
UNITS = frozenset(["cm", "mm", "m", "km", "g", "gr", "kg", "ml", "l", "lt"])


def _is_unit(word: str, number: str) -> bool:
    return word in UNITS and (word != "g" or len(number) > 1)


def tokenize(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    append = tokens.append
    kind = ""
    for m in _token_pattern().finditer(text):
        after_number = kind == "number"
        kind = m.lastgroup or "punct"
        raw = m.group()
        if kind == "word":
            kind, norm = cached(_word_form, raw)
            if after_number and len(raw) <= 2 and _is_unit(raw.lower(), tokens[-1].text):
                norm = raw.lower()
        elif kind == "punct":
            # sentence ends stay, and a comma as "," (a clause ends there: it bounds a
            # negation's scope in the features); other marks carry nothing
            norm = raw if raw[0] in ".!?" else "," if raw[0] in ",;" else ""
        elif kind == "emoji":
            norm = _emoji_norm(raw)
        else:  # url, email
            norm = ""
        start, end = m.span()
        append(Token(raw, start, end, norm, kind))
    return tuple(tokens)


@lru_cache(maxsize=65536)
def _word_form(raw: str) -> tuple[str, str]:
    """Kind and normal form of a word token as written."""
    if raw.isdigit():
        return "number", raw
    word = raw if raw.isascii() else unicodedata.normalize("NFKC", _straight(raw))
    return "word", cached(normalize_word, word)


def _straight(word: str) -> str:
    """``word`` with its phone apostrophes as "'"; one at an end is a quote mark ("ʼbagusʼ":
    Unicode counts ʼ as a letter, so the tokeniser cannot split it off)."""
    return word.replace("\u2019", "'").replace("\u02bc", "'").strip("'") or word


def normalize(text: str) -> NormalizedText:
    """Tokenise and normalise ``text``; offsets refer to ``text`` itself. Texts up to
    ``CACHED_TEXT_CHARS`` are kept a while (the stages of one comment each ask)."""
    if len(text) > CACHED_TEXT_CHARS:
        return NormalizedText(text, tokenize(text))
    return _normalize(text)


@lru_cache(maxsize=4096)
def _normalize(text: str) -> NormalizedText:
    return NormalizedText(text, tokenize(text))
