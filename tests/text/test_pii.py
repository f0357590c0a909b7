from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.text.pii import PiiKind, luhn_valid, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hubungi 0812-3456-7890 ya", "Hubungi [PHONE] ya"),
        ("wa +62 812 3456 7890", "wa [PHONE]"),
        ("wa +6281234567890.", "wa [PHONE]."),
        ("telp (021) 555-1234", "telp [PHONE]"),
        ("email: budi.santoso@gmail.com", "email: [EMAIL]"),
        ("NIK 3201234567890123", "NIK [NIK]"),
        ("kartu 4111 1111 1111 1111", "kartu [CARD]"),
        ("kirim ke Jl. Merdeka Raya No. 12B, Bandung", "kirim ke [ADDRESS], Bandung"),
        ("alamat jalan sudirman no 5", "alamat [ADDRESS]"),
        ("nama saya Budi Santoso, makasih", "nama saya [NAME], makasih"),
        ("Pak Joko ramah sekali", "Pak [NAME] ramah sekali"),
        ("I live at 221 Baker Street", "I live at [ADDRESS]"),
    ],
)
def test_redacts_known_formats(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "harga Rp 150.000, beli 2 pcs, rating 4.5",
        "invoice INV/20240101/XX/123 sampai tanggal 12-05-2024",
        "Terima kasih Kak, barang bagus",
        "dari Tokopedia, packing aman",
        "Empuk buat jalan. Bahannya berkualitas.",  # "jalan." ends a sentence
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert redact(text).text == text


def test_card_needs_a_valid_luhn_checksum() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    # not a card; sixteen grouped digits are still redacted, as the NIK they may be
    assert [s.kind for s in redact("kartu 4111 1111 1111 1112").spans] == [PiiKind.NIK]
    assert redact("kartu 4111 1111 1111 111").spans == ()


def test_spans_point_at_the_original() -> None:
    red = redact("mail a@b.co atau 081234567890")
    assert [(s.kind, red.original[s.start : s.end]) for s in red.spans] == [
        (PiiKind.EMAIL, "a@b.co"),
        (PiiKind.PHONE, "081234567890"),
    ]


_digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
_sep = st.sampled_from(["", " ", "-", "."])
_filler = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,!?", max_size=30)


@st.composite
def phones(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["08", "+628", "628", "+62 8", "+62-8", "0062 8", "(+62) 8"]))
    groups = [
        "".join(draw(st.lists(_digits, min_size=n, max_size=n)))
        for n in draw(st.sampled_from([(2, 4, 4), (2, 3, 4), (1, 4, 4), (2, 4, 3), (3, 4, 4)]))
    ]
    sep = draw(_sep)
    return prefix + groups[0] + sep + groups[1] + sep + groups[2]


@st.composite
def emails(draw: st.DrawFn) -> str:
    local = draw(st.from_regex(r"[a-z][a-z0-9._+-]{0,15}", fullmatch=True))
    domain = draw(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True))
    tld = draw(st.sampled_from(["com", "co.id", "id", "net", "ac.id"]))
    return f"{local}@{domain}.{tld}"


@settings(max_examples=300, deadline=None)
@given(before=_filler, phone=phones(), after=_filler)
def test_never_leaks_a_phone(before: str, phone: str, after: str) -> None:
    out = redact(f"{before} {phone} {after}").text
    assert phone not in out
    digits = re.sub(r"\D", "", phone)
    assert digits[-8:] not in re.sub(r"\D", "", out)


@settings(max_examples=300, deadline=None)
@given(before=_filler, email=emails(), after=_filler)
def test_never_leaks_an_email(before: str, email: str, after: str) -> None:
    out = redact(f"{before} {email} {after}").text
    assert email not in out
    assert "@" not in out


@settings(max_examples=200, deadline=None)
@given(nik=st.from_regex(r"[1-9][0-9]{15}", fullmatch=True), before=_filler)
def test_never_leaks_a_nik(nik: str, before: str) -> None:
    assert nik not in redact(f"{before} NIK: {nik}.").text


def _every_pattern(text: str) -> list[tuple[PiiKind, int, int]]:
    """find_pii without its cheap cue checks: every pattern on every text."""
    from suara.text import pii

    text = pii.matchable(text)
    found = [pii.PiiSpan(PiiKind.EMAIL, m.start(), m.end()) for m in pii._EMAIL.finditer(text)]
    found += pii.username_spans(text)
    for m in pii._CARD.finditer(text):
        if pii._card(re.sub(r"\D", "", m.group()), m.group()):
            found.append(pii.PiiSpan(PiiKind.CARD, m.start(), m.end()))
    found += [pii.PiiSpan(PiiKind.NIK, m.start(), m.end()) for m in pii._NIK.finditer(text)]
    found += pii.npwp_spans(text)
    found += [pii.PiiSpan(PiiKind.PHONE, m.start(), m.end()) for m in pii._PHONE.finditer(text)]
    found += pii.glued_mobiles(text)
    accounts = pii.account_spans(text)
    found += accounts + pii.names_after(text, accounts)
    found += pii.spelled_emails(text)
    addresses: list[pii.PiiSpan] = []
    for pattern in (
        pii._ADDRESS, pii._ADDRESS_SHORT, pii._ADDRESS_NUMBERED, pii._RT_RW, pii._EN_ADDRESS
    ):  # fmt: skip
        addresses += pii.address_spans(pattern, text)
    if addresses:
        addresses += pii.areas_beside(text, addresses)
    found += addresses
    for pattern in (pii._NAME, pii._NAME_LOWER):
        found += pii.name_spans(pattern, text)
    return [(s.kind, s.start, s.end) for s in pii._resolve(found)]


CUE_PIECES = st.sampled_from(
    ["Jl. Merdeka No. 5", "JALAN Sudirman no 7", "gg mawar blok C2", "rt 03/04", "RT.1/RW.2",
     "nama saya budi", "NAMA SAYA Budi", "a.n. Siti", "A.N. Siti", "Pak Joko", "Mbak Rina",
     "0812-3456-7890", "+62 21 555 1234", "4111 1111 1111 1111", "3201234567890123",
     "budi@mail.com", "221 Baker Street", "barang bagus", " ", ", ", "١٢٣", "²",
     "Jl. Merdeka 10 Bandung", "jl.sudirman no 5", "3174 0123 4567 8901",
     "ｂｕｄｉ＠ｍａｉｌ．ｃｏｍ", "no rek BCA 1234567890", "VA 8808 1234 5678 9012",
     "REKENING: 123-00-1234567-8", "Blok C2 No. 7", "62812345678901", "wa081234567890",
     "0812\u20113456\u20117890", "a\u200b@b.co", "٠٨١٢٣٤٥٦٧٨٩٠", "Jl.Merdeka No.5",
     "budi [at] gmail [dot] com", "budi(at)mail.co", "budi at gmail dot com", "Kel. Menteng",
     "kec tebet", "Dusun Krajan", ", ", "RT 002 RW 005", "an Joko", "a/n Siti", "A/N Budi",
     "1234567890", "NPWP 12.345.678.9-012.345", "npwp: 123456789012345", "Nama: Budi",
     "nama:budi", "an. Budi", "an. budi", "Bpk. Joko", "35rb an.", "budi@gmail dot com",
     "@budi_99", "@rina.dewi.", "@50rb", "@ Rp 5.000", "@admin", "ig:@si.budi",
     "(AT) Honda. Mantap", "Deſa Sukamaju", "\nKel. Menteng", "RT/RW 003/005",
     "kel. pondok labu", "a/n JOKO", "Bpk.Joko", "Nama:Budi", "an siapa", "\nan Budi",
     "a.n.Budi", "PAKET ATAS NAMA BUDI TIDAK", "budi at gmail . com", "Kec. Kelapa Gading"]
)  # fmt: skip


@given(st.lists(st.one_of(CUE_PIECES, st.text(max_size=8)), max_size=8))
@settings(max_examples=300, deadline=None)
def test_cue_checks_never_change_what_is_found(pieces: list[str]) -> None:
    from suara.text.pii import find_pii

    text = " ".join(pieces)
    assert [(s.kind, s.start, s.end) for s in find_pii(text)] == _every_pattern(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jl. Merdeka 10 Bandung", "[ADDRESS]"),
        ("kirim ke Jl. Merdeka Raya 10 ya", "kirim ke [ADDRESS] ya"),
        ("JL. SUDIRMAN NO. 5", "[ADDRESS]"),
        ("Gg. Mawar 3", "[ADDRESS]"),
        ("Jalan Gatot Subroto Kav. 21", "[ADDRESS]"),
        ("jl.sudirman no 5", "[ADDRESS]"),
        ("jl. merdeka raya 10 bandung", "[ADDRESS] bandung"),
        ("NIK 3174 0123 4567 8901", "NIK [NIK]"),
        ("NIK 317401-234567-8901", "NIK [NIK]"),
        ("ｂｕｄｉ＠ｇｍａｉｌ．ｃｏｍ ０８１２３４５６７８９０", "[EMAIL] [PHONE]"),
        # "jalan" is also a verb: no street without a street name
        ("Perumahan Griya Asri Blok C2 No. 7", "[ADDRESS]"),
        ("Komplek Taman Sari Blok B No 12 Bandung", "[ADDRESS] Bandung"),
        ("Perumahan Asri Blok C2 nothing else", "[ADDRESS] nothing else"),
        # a mobile number that happens to pass the Luhn check is still a phone
        ("wa 62812345678901", "wa [PHONE]"),
        ("refund ke no rek BCA 1234567890 ya", "refund ke no rek BCA [ACCOUNT] ya"),
        ("rekening Mandiri: 123-00-1234567-8", "rekening Mandiri: [ACCOUNT]"),
        ("nomor rekening bank BRI 0012-01-123456-50-1", "nomor rekening bank BRI [ACCOUNT]"),
        ("bayar ke VA 8808 1234 5678 9012", "bayar ke VA [ACCOUNT]"),
        ("norek: 0123456789", "norek: [ACCOUNT]"),
        ("account no 123456789", "account no [ACCOUNT]"),
        # no cue, or the cue is part of another word: an order number, a count
        ("rekomendasi 123456 banget", "rekomendasi 123456 banget"),
        ("barang rek 12 pcs, va 2 kali", "barang rek 12 pcs, va 2 kali"),
        # glued to a word, or written with separators and digits the eye reads past
        ("wa0812-3456-7890", "wa[PHONE]"),
        ("call me at+6281234567890", "call me at[PHONE]"),
        ("hp 0812\u20113456\u20117890", "hp [PHONE]"),  # non-breaking hyphens
        ("hp 0812–3456–7890", "hp [PHONE]"),  # en dashes
        ("hp 0812\u200b3456\u200b7890", "hp [PHONE]"),  # zero-width spaces
        ("hp 0812\u00a03456\u00a07890", "hp [PHONE]"),  # no-break spaces
        ("NIK 3174\u200b0123\u200b4567\u200b8901", "NIK [NIK]"),
        ("hp ٠٨١٢٣٤٥٦٧٨٩٠", "hp [PHONE]"),  # Arabic-Indic digits
        ("hp 𝟎𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎", "hp [PHONE]"),  # mathematical digits
        ("mail a\u200b@b.co", "mail [EMAIL]"),
        ("rek1234567890", "rek[ACCOUNT]"),
        ("kode SKU08123456", "kode SKU08123456"),  # too short for a mobile number
        # amounts, dates and codes are not accounts or phones, cue or no cue
        ("refund ke rekening sebesar Rp 1.250.000", "refund ke rekening sebesar Rp 1.250.000"),
        ("bayar pakai VA total 1.250.000", "bayar pakai VA total 1.250.000"),
        ("rek 2.500.000 masuk", "rek 2.500.000 masuk"),
        ("va expired 12-05-2024", "va expired 12-05-2024"),
        ("account suspended since 20240101", "account suspended since 20240101"),
        ("resi SPXID0812345678901", "resi SPXID0812345678901"),
        ("kode JP0812345678, SM-A0812345678", "kode JP0812345678, SM-A0812345678"),
        ("harga Rp 150.000-200.000", "harga Rp 150.000-200.000"),
        ("harga Rp 150.000–200.000", "harga Rp 150.000–200.000"),
        ("harga 150,000-200,000", "harga 150,000-200,000"),
        ("hp.081234567890", "hp.[PHONE]"),
        ("Jl.Merdeka No.5", "[ADDRESS]"),
        ("paket sudah jalan sejak 3 hari", "paket sudah jalan sejak 3 hari"),
        ("jalan 2 kali ke toko", "jalan 2 kali ke toko"),
        # e-mails spelled out to get past a marketplace's filter
        ("email budi [at] gmail [dot] com", "email [EMAIL]"),
        ("budi.s(at)yahoo.co.id ya", "[EMAIL] ya"),
        ("kontak budi at gmail dot com", "kontak [EMAIL]"),
        ("datang at home, dot com bubble", "datang at home, dot com bubble"),
        ("budi [at] gmail dot com", "[EMAIL]"),
        ("budi at gmail [dot] com", "[EMAIL]"),
        ("budi at gmail.com", "[EMAIL]"),
        ("budi@gmail dot com", "[EMAIL]"),
        # "(AT)" is a car's automatic transmission, and a full stop no dot of an address
        ("Oli buat motor matic (AT) Honda. Mantap", "Oli buat motor matic (AT) Honda. Mantap"),
        ("Cocok untuk Avanza (AT) 2015. Recommended", "Cocok untuk Avanza (AT) 2015. Recommended"),
        # with no space after the stop either: an address ends in a top-level domain
        ("Oli buat motor matic (AT) Honda.Mantap", "Oli buat motor matic (AT) Honda.Mantap"),
        ("rina [at] yahoo.co.id ya", "[EMAIL] ya"),
        ("budi(at)gmail.com.Mantap", "[EMAIL].Mantap"),
        ("BUDI(AT)GMAIL.COM", "[EMAIL]"),
        ("budi (at) mail.ru", "[EMAIL]"),  # any two or three letters end an address
        ("budi(at)gmail.con", "[EMAIL]"),
        ("Oli matic (AT) Honda.In my opinion bagus", "Oli matic (AT) Honda.In my opinion bagus"),
        # the name an account is in
        ("refund ke rek BCA 1234567890 an Joko Susanto", "refund ke rek BCA [ACCOUNT] an [NAME]"),
        ("rek 1234567890 a/n Siti", "rek [ACCOUNT] a/n [NAME]"),
        ("total 50000 an apa ya", "total 50000 an apa ya"),
        ("Mudah2 an Awet ya", "Mudah2 an Awet ya"),  # reduplication, not "atas nama"
        # social-media usernames; a price "each" and the shop's roles are none
        ("makasih @budi_santoso99 udah bantu", "makasih [USERNAME] udah bantu"),
        ("follow ig @rina.dewi ya.", "follow ig [USERNAME] ya."),
        ("ig:@si.budi_99, tiktok @_x_", "ig:[USERNAME], tiktok [USERNAME]"),
        (
            "kaos @50rb, celana @ Rp 75.000, topi @Rp20.000",
            "kaos @50rb, celana @ Rp 75.000, topi @Rp20.000",
        ),
        ("@admin tolong dicek, @Seller kok lama", "@admin tolong dicek, @Seller kok lama"),
        ("mail budi@gmail.com", "mail [EMAIL]"),
        ("kaos @IDR 50.000, @kakak @mbak", "kaos @IDR 50.000, @kakak @mbak"),
        ("Bagus banget.@rina_dewi cek deh", "Bagus banget.[USERNAME] cek deh"),
        # a form's fields, "Bpk." for Bapak, the tax number
        ("Nama: Budi Santoso", "Nama: [NAME]"),
        ("nama: budi santoso", "nama: [NAME]"),
        ("Nama produk: Sepatu", "Nama produk: Sepatu"),
        ("transfer ke rek 1234567890 an. Budi Santoso", "transfer ke rek [ACCOUNT] an. [NAME]"),
        ("harga 35rb an. Bahan halus", "harga 35rb an. Bahan halus"),  # "about 35k"
        ("atas namanya bagus", "atas namanya bagus"),
        ("Bpk. Joko Widodo", "Bpk. [NAME]"),
        ("Bpk.Joko", "Bpk.[NAME]"),
        ("Nama:Budi Santoso", "Nama:[NAME]"),
        ("Nama: BUDI SANTOSO", "Nama: [NAME]"),
        ("rek BCA 1234567890 a/n JOKO SUSANTO", "rek BCA [ACCOUNT] a/n [NAME]"),
        ("rek BCA 1234567890 an joko susanto", "rek BCA [ACCOUNT] an [NAME]"),
        ("Kak PAKET BELUM SAMPAI", "Kak PAKET BELUM SAMPAI"),  # shouting, not a name
        ("Pak RT ramah", "Pak RT ramah"),
        # "an" after any number is no name: prices are "about", an order is not an account
        ("harga 350000 an. Bahan halus", "harga 350000 an. Bahan halus"),
        ("harganya 200000an Bagus banget", "harganya 200000an Bagus banget"),
        ("NPWP 12.345.678.9-012.345", "NPWP [NPWP]"),
        ("npwp: 123456789012345", "npwp: [NPWP]"),
        ("NPWP 012345678901237", "NPWP [NPWP]"),  # passes the card checksum too
        ("RT/RW: 003/005", "[ADDRESS]"),
        ("Jl. Mawar 5,\nKel. Menteng, Kec. Tebet", "[ADDRESS]"),  # across lines
        ("Jl. Mawar 5, Kel. Kelapa Gading Barat, Kec. Kelapa Gading", "[ADDRESS]"),
        ("jl. mawar 5, kel. menteng, kec. tebet", "[ADDRESS]"),
        ("Jl. Mawar 5, Kel. Pondok Labu, Kec. Cilandak", "[ADDRESS]"),
        # but no more than one word without a capital: the comment goes on after the address
        ("Jl Mawar no 5 kec tebet barangnya bagus", "[ADDRESS] barangnya bagus"),
        ("RT 03/05 kel sukamaju kurirnya ramah banget", "[ADDRESS] kurirnya ramah banget"),
        # a name in capitals in a comment all in capitals is one word
        ("PAKET ATAS NAMA BUDI TIDAK SAMPAI", "PAKET ATAS NAMA [NAME] TIDAK SAMPAI"),
        ("Penerima PAKET RUSAK PARAH", "Penerima PAKET RUSAK PARAH"),
        ("rek 1234567890 an siapa ya kak?", "rek [ACCOUNT] an siapa ya kak?"),
        ("rek 1234567890 an joko ya kak", "rek [ACCOUNT] an [NAME] ya kak"),
        ("rek BCA 1234567890 a.n.Budi Santoso", "rek BCA [ACCOUNT] a.n.[NAME]"),
        ("rek BCA 1234567890\nan Budi", "rek BCA [ACCOUNT]\nan [NAME]"),
        ("budi at gmail . com", "[EMAIL]"),
        # the rest of an address: RT/RW without a slash, the house number before a comma,
        # the village, subdistrict and regency beside it
        ("Dusun Krajan RT 002 RW 005 Desa Sukamaju", "[ADDRESS]"),
        ("Jl. Sudirman No. 5 RT 03/RW 04, Kel. Menteng, Kec. Tebet, Jakarta", "[ADDRESS], Jakarta"),
        ("kirim ke Jalan Merdeka 10, Bandung", "kirim ke [ADDRESS], Bandung"),
        ("alamat: Gg. Mawar no.12 Kec. Cibeunying", "alamat: [ADDRESS]"),
        # a village or regency alone is a place, not an address
        ("kopi dari Desa Sukamaju enak", "kopi dari Desa Sukamaju enak"),
        ("kurir di Kab. Bandung lambat", "kurir di Kab. Bandung lambat"),
        # a full stop after a name or a number ends the address, and the sentence
        ("Jl. Merdeka No. 5. Kualitasnya jelek", "[ADDRESS]. Kualitasnya jelek"),
        ("Jl. Merdeka. Barangnya bagus", "[ADDRESS]. Barangnya bagus"),
        ("Jl. H. Agus Salim No. 5", "[ADDRESS]"),  # an initial keeps its full stop
        ("mobil di Jalan Cikapundung, Kota Bandung", "mobil di [ADDRESS], Kota Bandung"),
    ],
)
def test_redacts_addresses_and_numbers_as_people_write_them(text: str, expected: str) -> None:
    assert redact(text).text == expected


def test_no_pattern_has_an_unbounded_run_of_spaces() -> None:
    """An unbounded run of spaces beside another, or beside an optional part, backtracks
    quadratically: "rek" + 20,000 spaces + "1" took 56 s before the runs were bounded."""
    from suara.text import pii

    patterns = [v for v in vars(pii).values() if isinstance(v, re.Pattern)]
    assert len(patterns) > 15
    for pattern in patterns:
        for unbounded in (r"\s*", r"\s+", "[ ,]*", "[, ]+", "[ ,]+"):
            assert unbounded not in pattern.pattern, (pattern.pattern, unbounded)
