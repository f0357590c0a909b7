"""PII redaction before a comment is shown or exported.

Customers paste their phone number, email, NIK (Indonesia's 16-digit national ID number),
NPWP (the tax number, in its 15-digit form), card number, bank account number (asking for a
refund) or address into comments. :func:`redact` replaces each with a placeholder such as
``[PHONE]`` and reports where it was, so the original is never displayed. Card numbers are
recognised by the Luhn checksum (ISO/IEC 7812-1); account numbers after a cue ("no rek BCA
…", "VA …"), which also names a number that reads as a card or a phone; names only where a
cue makes them detectable ("nama saya …", "Nama: …", "a.n. …", "a/n …", "an …" straight
after an account number, "Pak/Bpk/Bu/Mas/Mbak …", "my name is …"); e-mails also as written
to get past a marketplace's filter ("budi [at] gmail [dot] com"); an address with the RT/RW,
village, subdistrict and regency written beside it; social-media usernames ("@budi_99"), which
name their owner as surely as a name does. UU PDP No. 27/2022 treats all of these as
personal data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from suara.text.normalize import SELLER_ADDRESS


class PiiKind(StrEnum):
    EMAIL = "email"
    CARD = "card"
    NIK = "nik"
    NPWP = "npwp"
    PHONE = "phone"
    ADDRESS = "address"
    NAME = "name"
    ACCOUNT = "account"
    USERNAME = "username"


PLACEHOLDERS: dict[PiiKind, str] = {kind: f"[{kind.value.upper()}]" for kind in PiiKind}


@dataclass(frozen=True, slots=True)
class PiiSpan:
    kind: PiiKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Redaction:
    """``text`` with every span of ``original`` in ``spans`` replaced by its placeholder."""

    original: str
    text: str
    spans: tuple[PiiSpan, ...]


# Every run of spaces in these patterns is bounded (five at most): an unbounded one beside
# another, or beside an optional part, took seconds to minutes on a comment of 20,000 spaces
# ("rek" + spaces + "1": 56 s)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Written to get past a marketplace's filter: "budi [at] gmail [dot] com", "budi(at)gmail.com",
# "budi at gmail dot com", "budi@gmail dot com" — an "at" or "dot" in brackets, or spelled out
# between spaces; a bare "at" only before a known mail host ("at" and "dot" are words), a
# bare "." only between letters ("(AT) Honda. Mantap" is a car's automatic transmission)
_AT_BRACKETED = r"\s{0,5}[\[({]\s{0,5}(?i:at)\s{0,5}[\])}]\s{0,5}"
_DOT_SPELLED = r"(?:\s{0,5}[\[({]\s{0,5}(?i:dot)\s{0,5}[\])}]\s{0,5}| {1,5}(?i:dot) {1,5})"
_ANY_DOT = rf"(?:{_DOT_SPELLED}|\.)"
_MAIL_HOSTS = r"(?i:gmail|yahoo|ymail|hotmail|outlook|icloud|live|protonmail|proton)"
# after a bracketed "at" the address must end in what can be a top-level domain — two or
# three letters, or a longer one known, in lower case or all capitals: "matic (AT)
# Honda.Mantap" and "(AT) Honda.In my opinion" are a car's transmission and the review going
# on, "budi (at) mail.ru" and "budi(at)gmail.con" (a typo) addresses
_LONG_TOP_LEVEL = "info|online|site|store|shop|tech|asia|email|xyz|biz|web"
_TOP_LEVEL = rf"(?-i:[a-z]{{2,3}}|[A-Z]{{2,3}}|{_LONG_TOP_LEVEL}|{_LONG_TOP_LEVEL.upper()})"
_EMAIL_SPELLED = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:"
    rf"{_AT_BRACKETED}[\w-]+(?:{_ANY_DOT}[\w-]+)*{_ANY_DOT}{_TOP_LEVEL}(?![\w-])"
    rf"| {{1,5}}(?i:at) {{1,5}}{_MAIL_HOSTS}(?:(?:{_ANY_DOT}| {{0,5}}\. {{0,5}})[a-zA-Z]{{2,3}})+"
    r"(?![\w])"
    rf"|@[\w-]+{_DOT_SPELLED}[\w-]+(?:{_ANY_DOT}[\w-]+)*"
    r")"
)
# Social-media usernames (Instagram, TikTok, X): an "@" not inside a word, a letter or "_", then
# up to 29 letters, digits, "_" or inner dots. "@50rb" and "@ Rp 50.000" are prices ("each"),
# "budi@gmail.com" an e-mail; the shop's roles ("@admin", "@seller") name nobody
_USERNAME = re.compile(
    r"(?<![\w+\-@])@(?!(?i:rp|idr|usd)\.?\s{0,5}\d)[A-Za-z_](?:[\w.]{0,28}[\w])?(?![\w@])"
)
# "@min", "@kurir", "@all": the shop's roles, everyone, and the words a shopper addresses the
# seller by (as written: "min" is slang for "admin")
_NOT_USERNAMES = SELLER_ADDRESS | frozenset(
    ["min", "mimin", "penjual", "cs", "kurir", "toko", "owner", "all", "semua", "everyone"]
)
# 13-19 digits, optionally in groups separated by one space or dash.
_CARD = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")
_NIK = re.compile(
    r"(?<![\d])(?:\d{16}|\d{4}(?:[ .-]\d{4}){3}|\d{6}[ .-]\d{6}[ .-]\d{4})(?![\d])"
)  # 16 digits, or written in groups: 3174 0123 4567 8901, 317401-234567-8901
# the tax number (NPWP) in its 15-digit form, as printed (01.234.567.8-901.234) or after its
# name; the 16-digit one is the NIK, which the NIK pattern finds
_NPWP = re.compile(
    r"(?<![\d.])\d{2}\.\d{3}\.\d{3}\.\d[.-]\d{3}\.\d{3}(?![\d])"
    r"|(?<![\w])(?i:npwp)\.?\s{0,5}:?\s{0,5}(?P<number>\d{15})(?![\d])"
)
_SEP = r"[ .\-]?"
_PHONE = re.compile(
    r"(?<![\w+,])(?<!\d\.)(?:"  # not inside a number: Rp 150.000-200.000
    rf"(?:\+|00)?62{_SEP}\(?0?\)?{_SEP}\d{{2,4}}(?:{_SEP}\d{{2,5}}){{1,3}}"  # +62 8xx / +62 21
    rf"|\(?0\d{{1,3}}\)?{_SEP}\d{{3,4}}(?:{_SEP}\d{{2,5}}){{1,2}}"  # 08xx…, (021) 555…
    rf"|\+\d{{1,3}}{_SEP}\d{{2,4}}(?:{_SEP}\d{{2,5}}){{1,3}}"  # other international
    r")(?![\d])"
)
_ADDRESS = re.compile(
    r"(?<![\w])(?:jl|jln|jalan|gg|gang|komp|komplek|kompleks|perum|perumahan|blok)(?:\.\s{0,5}|\s{1,5})"
    r"(?:[^\s,;:!?()]{1,40}\s{1,5}){0,5}?"  # capped: "jl."*16666 took 4 s uncapped
    r"(?:no|nomor|nomer|blok)(?![a-z])\.?\s{0,5}[\w/-]+"  # not "nothing"
    r"(?:[, ]{1,5}(?:no|nomor|nomer|blok|kav)(?![a-z])\.?\s{0,5}[\w/-]+)*"  # Blok C2 No. 7
    r"(?:[, ]{1,5}rt\.?\s{0,5}\d+\s{0,5}/?\s{0,5}(?:rw\.?\s{0,5})?\d+)?",
    re.IGNORECASE,
)
# "Empuk buat jalan. Bahannya berkualitas." is no address: "jalan." ends a sentence
_STREET = r"(?<![\w])(?:(?i:jl|jln|gg)(?:\.\s{0,5}|\s{1,5})|(?i:jalan|gang)\s{1,5})"
_ADDRESS_SHORT = re.compile(  # Jl. Merdeka Raya 10 Bandung, JALAN Gatot Subroto Kav. 21
    _STREET
    + r"(?:[A-Z]\.|[A-Z][\w'-]*)(?:\s{1,5}|$|(?=[,;.]))"
    # a full stop only after an initial or an abbreviation ("Jl. H. Agus Salim No. 5"); after
    # a name or a number it ends the sentence: "Jl. Merdeka No. 5. Kualitasnya jelek"
    + r"(?:(?:(?i:no|nomor|kav|blok)\b\.?|[A-Z]\.|[A-Z][\w'-]*|\d+[\w/-]*)"
    + r"(?:\s{1,5}|$|(?=[,;.]))){0,5}"
)
_ADDRESS_NUMBERED = re.compile(  # jl. merdeka raya 10: lower case, up to the number
    r"(?<![\w])(?:jl|jln|gg)(?:\.\s{0,5}|\s{1,5})(?:[^\W\d_][\w'-]*\.?\s{1,5}){1,4}\d+[\w/-]*",
    re.IGNORECASE,
)
_MOBILE_GLUED = re.compile(  # wa081234567890, call me at+6281234567890: after a contact cue
    r"(?<![^\W\d_])(?i:wa|hp|telp|tlp|tel|cp|at|call|nmr|no|kontak|contact)"
    rf"(?P<number>(?:\+?62{_SEP}|0)8\d{{1,3}}(?:{_SEP}\d{{2,5}}){{1,3}})(?![\d])"
)
_RT_RW = re.compile(  # RT 03/RW 04, rt 3/4, RT.002 RW.005, rt 2, rw 5, RT/RW: 003/005
    r"(?<![\w])(?:rt\.?\s{0,5}\d{1,3}\s{0,5}(?:/\s{0,5}(?:rw\.?\s{0,5})?|[ ,]{0,5}rw\.?\s{0,5})"
    r"\d{1,3}|rt\s{0,5}/\s{0,5}rw\.?\s{0,5}:?\s{0,5}\d{1,3}\s{0,5}/\s{0,5}\d{1,3})(?![\w])",
    re.IGNORECASE,
)
# A village, subdistrict or regency that goes on an address ("…, Kel. Menteng, Kec. Tebet",
# "Dusun Krajan RT 2 RW 5"): part of the address beside one, and left alone elsewhere ("kopi
# dari Desa Sukamaju" names a product's origin)
_AREA = re.compile(  # one word, and up to two more with capitals: "Kel. Kelapa Gading Barat";
    # "kec tebet barangnya bagus" keeps the opinion after the name
    r"(?<![\w])(?i:kelurahan|kel|kecamatan|kec|desa|ds|dusun|dsn|kampung|kp|kabupaten|kab)"
    r"(?:\.[ \t]{0,5}|[ \t]{1,5})(?!(?i:saya|aku|kami|kita|ini|itu|sini|sana)(?![\w]))"
    r"[^\W\d_][\w'-]*(?:[ \t]{1,5}[A-Z][\w'-]*){0,2}"
)
_AREA_CUES = ("kel", "kec", "des", "ds", "dus", "dsn", "kamp", "kp", "kab")
_EN_ADDRESS = re.compile(
    r"(?<![\w])\d{1,5}\s{1,5}(?:[A-Z][a-z]+\s{1,5}){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln)\b\.?"
)
BANKS = (
    "bca", "bri", "bni", "mandiri", "bsi", "btn", "cimb", "cimb niaga", "niaga", "permata",
    "danamon", "ocbc", "panin", "mega", "muamalat", "bjb", "dki", "maybank", "uob", "hsbc",
    "dbs", "jago", "seabank", "jenius", "btpn", "blu", "allo", "neo", "bukopin", "sinarmas",
    "bpd", "bank",
)  # fmt: skip
_ACCOUNT = re.compile(  # no rek BCA 1234567890, rekening: 123-456-7890, VA 8808 1234 5678
    r"(?<![\w])(?i:no(?:mor)?\.?\s{0,5}rek(?:ening)?|norek|rek(?:ening)?|"
    r"acc(?:ount)?(?:\s{0,5}(?:no|number|num))?|virtual\s{1,5}account|va)(?![^\W\d_])"
    r"\.?\s{0,5}:?\s{0,5}"
    rf"(?:(?i:bank\s{{1,5}})?(?i:{'|'.join(BANKS)})\.?\s{{0,5}}:?\s{{0,5}})?"  # BCA, Bank BRI:
    r"(?P<number>\d(?:[ .-]?\d){7,19})(?!\d)"
)
_PRICE_OR_DATE = re.compile(r"\d{1,3}(?:[.,]\d{3})+|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{8}")
_ACCOUNT_CUES = ("rek", "acc", "va")
_NAME_WORD = r"[A-Z][a-z'\-]+"
# after a cue that only a name follows, also as bank account names are written: BUDI SANTOSO
_NAME_WORD_OR_CAPS = r"[A-Z](?:[a-z'\-]+|[A-Z'\-]{2,})"
_NAME = re.compile(  # one pass for both kinds of cue: most comments hold neither
    r"(?:(?i:nama\s{1,5}saya|nama\s{1,5}aku|namaku|my\s{1,5}name\s{1,5}is|a\.\s?n\.|a/n"
    r"|atas\s{1,5}nama|penerima)(?:\s{0,5}:\s{0,5}|\s{1,5})"
    r"|(?i:nama)\s{0,5}:\s{0,5})"  # "Nama: Budi", "Nama:Budi" (not "an. Budi": "35rb an. Bahan")
    rf"(?P<name>{_NAME_WORD_OR_CAPS}(?:\s{{1,5}}{_NAME_WORD_OR_CAPS}){{0,2}})"
    # Pak Joko, Bpk.Joko; not "Kak PAKET BELUM SAMPAI", which shouts
    r"|(?<![\w])(?:Pak|Bapak|Bpk|Bu|Ibu|Mas|Mbak|Mba|Kak|Bang|Mr|Mrs|Ms|Sdr|Sdri)"
    rf"(?:\.\s{{0,5}}|\s{{1,5}})(?P<titled>{_NAME_WORD}(?:\s{{1,5}}{_NAME_WORD}){{0,2}})"
)
_NAME_LOWER = re.compile(
    r"(?:(?i:nama\s{1,5}saya|namaku|my\s{1,5}name\s{1,5}is|atas\s{1,5}nama|a\.n\.|a/n)\s{1,5}"
    r"|(?i:nama\s{0,5}:)\s{0,5})(?P<name>[a-z]+(?:\s{1,5}[a-z]+)?)",
)
# "rek BCA 1234567890 an Joko": "an" (atas nama) straight after an account number, in any case
_NAME_AFTER_ACCOUNT = re.compile(  # also "a.n.Budi", and on the next line
    r"[\s,]{1,5}(?i:a\.\s?n\.\s{0,5}|a/n\s{0,5}|an\.\s{0,5}|an\s{1,5})"
    rf"(?P<name>{_NAME_WORD_OR_CAPS}(?:\s{{1,5}}{_NAME_WORD_OR_CAPS}){{0,2}}"
    r"|[a-z]+(?:\s{1,5}[a-z]+)?)"
)
# lower-case words that follow "an" after an account number and are no name: "an siapa ya?"
_NOT_LOWER_NAMES = frozenset(
    ["siapa", "tapi", "dan", "yang", "ya", "kak", "gan", "sis", "min", "sudah", "udah",
     "belum", "apa", "itu", "ini", "saya", "aku", "sama", "atau", "kok", "kenapa", "sih",
     "dong", "deh", "kan", "ke", "di", "dari", "untuk", "buat", "tolong", "mohon"]
)  # fmt: skip
_NOT_NAMES = frozenset(
    [
        "Saya",
        "Aku",
        "Kami",
        "Kita",
        "Terima",
        "Sudah",
        "Sangat",
        "Barang",
        "Seller",
        "Admin",
        "Kurir",
        "Tokopedia",
        "Shopee",
        "Indonesia",
        "Jakarta",
        "Semoga",
        "Mohon",
        "Tolong",
        "Bisa",
        "Tidak",
        "Belum",
        "Ini",
        "Itu",
        "Yang",
        "Dan",
        "The",
        "This",
        "That",
        "Very",
        "Not",
        "Happy",
        "Sorry",
        "Thanks",
        "Good",
        "Bad",
        "Paket",
        "Pesanan",
        "Produk",
        "Toko",
        "Rusak",
        "Bukan",
    ]
)


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) checksum of a digit string, as card numbers carry it."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return len(digits) >= 12 and total % 10 == 0


_DIGIT = re.compile(r"\d")
_ADDRESS_CUES = ("jl", "jalan", "gg", "gang", "komp", "perum", "blok")  # jln: jl


def find_pii(text: str) -> list[PiiSpan]:
    """Every PII span in ``text``, longest and earliest first where two overlap.

    A pattern runs only where its cue can occur (an ``@`` for emails, a digit for numbers,
    a street word for addresses, an upper-case letter or "nama"/"name" for names): most
    comments hold no PII, and the answer is the same."""
    text = matchable(text)
    # as the patterns' (?i) match: "ſ" is an "s" to them (casefold is slower: ASCII needs none)
    lower = text.lower() if text.isascii() else text.casefold()
    digits = _DIGIT.search(text) is not None
    found: list[PiiSpan] = []
    if "@" in text:
        found += [PiiSpan(PiiKind.EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]
        found += username_spans(text)
    if (
        " at " in lower
        or ("at" in lower and (")" in text or "]" in text or "}" in text))
        or ("@" in text and "dot" in lower)
    ):  # its "at" spelled out, or in brackets; or a spelled-out "dot" after an "@"
        found += spelled_emails(text)
    if digits:
        for m in _CARD.finditer(text):
            number = re.sub(r"\D", "", m.group())
            if _card(number, m.group()):
                found.append(PiiSpan(PiiKind.CARD, m.start(), m.end()))
        found += [PiiSpan(PiiKind.NIK, m.start(), m.end()) for m in _NIK.finditer(text)]
        if "npwp" in lower or text.count(".") >= 3:  # its name, or the printed form's dots
            found += npwp_spans(text)
        found += [PiiSpan(PiiKind.PHONE, m.start(), m.end()) for m in _PHONE.finditer(text)]
        found += glued_mobiles(text)
        if any(c in lower for c in _ACCOUNT_CUES):
            accounts = account_spans(text)
            found += accounts + names_after(text, accounts)
    patterns = [_ADDRESS, _ADDRESS_SHORT] if any(c in lower for c in _ADDRESS_CUES) else []
    patterns += [_ADDRESS_NUMBERED, _EN_ADDRESS] if digits else []
    patterns += [_RT_RW] if digits and "rt" in lower else []
    addresses: list[PiiSpan] = []
    for pattern in patterns:
        addresses += address_spans(pattern, text)
    if addresses and any(c in lower for c in _AREA_CUES):
        addresses += areas_beside(text, addresses)
    found += addresses
    names = [_NAME] if lower != text else []
    names += [_NAME_LOWER] if any(c in lower for c in ("nam", "a.n.", "a/n")) else []
    for pattern in names:
        found += name_spans(pattern, text)
    return _resolve(found)


def npwp_spans(text: str) -> list[PiiSpan]:
    """Tax numbers: the printed form whole; after "NPWP", the number (not the cue)."""
    return [
        PiiSpan(PiiKind.NPWP, m.start("number") if m.group("number") else m.start(), m.end())
        for m in _NPWP.finditer(text)
    ]


def username_spans(text: str) -> list[PiiSpan]:
    return [
        PiiSpan(PiiKind.USERNAME, m.start(), m.end())
        for m in _USERNAME.finditer(text)
        if m.group()[1:].lower() not in _NOT_USERNAMES
    ]


def spelled_emails(text: str) -> list[PiiSpan]:
    return [PiiSpan(PiiKind.EMAIL, m.start(), m.end()) for m in _EMAIL_SPELLED.finditer(text)]


def names_after(text: str, accounts: list[PiiSpan]) -> list[PiiSpan]:
    """The name an account is in, written straight after its number ("… 1234567890 a/n
    JOKO SUSANTO", "… an Joko")."""
    spans = []
    for account in accounts:
        m = _NAME_AFTER_ACCOUNT.match(text, account.end)
        if m is None or m.group("name").split()[0].capitalize() in _NOT_NAMES:
            continue
        end = m.end("name")
        if m.group("name").islower():  # "an joko susanto", not "an siapa ya", "an tapi belum"
            words = list(_WORD_RUN.finditer(text, m.start("name"), end))
            kept = next((k for k, w in enumerate(words) if w.group() in _NOT_LOWER_NAMES), None)
            if kept == 0:
                continue
            if kept is not None:
                end = words[kept - 1].end()
        spans.append(PiiSpan(PiiKind.NAME, m.start("name"), end))
    return spans


_WORD_RUN = re.compile(r"\S+")


def name_spans(pattern: re.Pattern[str], text: str) -> list[PiiSpan]:
    """The names a name pattern finds, less the words that only look like one ("Pak Kurir").
    In a comment written all in capitals a name in capitals is one word: "PAKET ATAS NAMA
    BUDI TIDAK SAMPAI" hides "BUDI", not the complaint after it."""
    shouted = not any(c.islower() for c in text)
    spans = []
    for m in pattern.finditer(text):
        group = "titled" if m.groupdict().get("titled") is not None else "name"
        name = m.group(group)
        if name.split()[0].capitalize() in _NOT_NAMES:
            continue
        end = m.end(group)
        if shouted and name.isupper() and " " in name.strip():
            end = m.start(group) + len(name.split()[0])
        spans.append(PiiSpan(PiiKind.NAME, m.start(group), end))
    return spans


_SEPARATORS = re.compile(r"[\s,;()\-]*")  # what may part the pieces of one address


def areas_beside(text: str, addresses: list[PiiSpan]) -> list[PiiSpan]:
    """Each run of addresses and villages, subdistricts or regencies (:data:`_AREA`) that
    only commas and spaces part, as one address, where the run holds both: "Jl. Mawar 5, Kel.
    Menteng, Kec. Tebet" is one. One sweep in order of position: a pasted blob of "kel a kel
    a …" costs linear time."""
    pieces = sorted(
        [(s.start, s.end, True) for s in addresses]
        + [(*m.span(), False) for m in _AREA.finditer(text)]
    )
    joined: list[PiiSpan] = []
    run_start, run_end = pieces[0][:2]
    kinds = {pieces[0][2]}
    for start, end, is_address in pieces[1:]:
        if start <= run_end or _SEPARATORS.fullmatch(text, run_end, start):
            run_end = max(run_end, end)
            kinds.add(is_address)
            continue
        if len(kinds) == 2:
            joined.append(PiiSpan(PiiKind.ADDRESS, run_start, run_end))
        run_start, run_end, kinds = start, end, {is_address}
    if len(kinds) == 2:
        joined.append(PiiSpan(PiiKind.ADDRESS, run_start, run_end))
    return joined


def glued_mobiles(text: str) -> list[PiiSpan]:
    """Mobile numbers written against a contact cue ("wa081234567890", "hp0812…"): 10
    digits at least, as every Indonesian mobile number has. Only after a cue: product and
    tracking codes (SPXID0812345678901, JP0812345678) are letters against digits too."""
    return [
        PiiSpan(PiiKind.PHONE, m.start("number"), m.end("number"))
        for m in _MOBILE_GLUED.finditer(text)
        if sum(c.isdigit() for c in m.group("number")) >= 10
    ]


def account_spans(text: str) -> list[PiiSpan]:
    """Bank and virtual account numbers after a cue ("no rek", "rekening", "VA", "account"):
    a bare run of digits is an order, a receipt or an account, and only the cue tells."""
    return [
        PiiSpan(PiiKind.ACCOUNT, m.start("number"), m.end("number"))
        for m in _ACCOUNT.finditer(text)
        if not _PRICE_OR_DATE.fullmatch(m.group("number"))  # rek 2.500.000, va 12-05-2024
    ]


def _card(digits: str, written: str) -> bool:
    """Whether a run of 13-19 ``digits`` (as ``written``) is a payment card: it passes the
    Luhn check, and is neither a bare 16-digit NIK nor an Indonesian mobile number (628…,
    08…, 14 digits at most), which pass it one time in ten."""
    if not luhn_valid(digits):
        return False
    if len(digits) <= 14 and digits.startswith(("628", "08")):
        return False
    return not (len(digits) == 16 and written.isdigit() and not _looks_like_card(digits))


def address_spans(pattern: re.Pattern[str], text: str) -> list[PiiSpan]:
    """The matches of an address pattern, without the spaces a match may end with."""
    return [
        PiiSpan(PiiKind.ADDRESS, m.start(), m.start() + len(m.group().rstrip()))
        for m in pattern.finditer(text)
    ]


def matchable(text: str) -> str:
    """``text`` as the patterns read it, one character for one (so spans hold): full-width
    forms as ASCII (０８１２…, ｂｕｄｉ＠…), every script's digits as 0-9 (٠٨١٢…, 𝟎𝟖…, ⁰⁸…),
    dashes (‑ – — −) as ``-``, spaces (no-break, thin) as a space, and invisible characters
    (zero-width space and joiners, soft hyphen) as ``.``, which the number and e-mail
    patterns take as a separator: each of them let a phone number, NIK or e-mail through."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(_ascii_match, text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _ascii_match(match: re.Match[str]) -> str:
    return _ascii_of(match.group())


@lru_cache(maxsize=4096)
def _ascii_of(char: str) -> str:
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    digit = unicodedata.digit(char, None)
    if digit is not None:
        return str(digit)
    category = unicodedata.category(char)
    if category == "Pd" or char == "\u2212":
        return "-"
    if category == "Zs":
        return " "
    if category == "Cf":
        return "."
    return char


def _looks_like_card(digits: str) -> bool:
    """A bare 16-digit run is a NIK unless it starts like a payment card (IIN 2-6)."""
    return digits[0] in "23456"


_CUED_KINDS = (PiiKind.ACCOUNT, PiiKind.NPWP)  # found after their names: surer than a checksum


def _resolve(spans: list[PiiSpan]) -> list[PiiSpan]:
    # of two equal spans the first found is kept, but a cue (account, NPWP) is the surer guess
    ordered = sorted(spans, key=lambda s: (s.start, -(s.end - s.start), s.kind not in _CUED_KINDS))
    kept: list[PiiSpan] = []
    for span in ordered:
        if kept and span.start < kept[-1].end:
            last = kept[-1]
            if span.end > last.end:
                kept[-1] = PiiSpan(last.kind, last.start, span.end)
            continue
        kept.append(span)
    return kept


def redact(text: str) -> Redaction:
    """Replace every PII span of ``text`` with its placeholder (``[EMAIL]``, ``[PHONE]`` …)."""
    spans = find_pii(text)
    parts: list[str] = []
    pos = 0
    for span in spans:
        parts.append(text[pos : span.start])
        parts.append(PLACEHOLDERS[span.kind])
        pos = span.end
    parts.append(text[pos:])
    return Redaction(text, "".join(parts), tuple(spans))
