from __future__ import annotations

import pytest

from suara.domain.frameworks import Polarity
from suara.text import analyze
from suara.text.normalize import normalize, normalize_word, slang_table, stem


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("gk", "tidak"),
        ("bgt", "banget"),
        ("brg", "barang"),
        ("sy", "saya"),
        ("mantul", "mantap"),
        ("mksh", "terima kasih"),
        ("KW", "palsu"),
        ("ori", "original"),
        ("bagussss", "bagus"),
        ("cepaaaat", "cepat"),
        ("maaaaf", "maaf"),
        ("goooood", "good"),
        ("brg2", "barang-barang"),
        ("hati2", "hati-hati"),
        # a suffix after the 2, and a prefix before the root that repeats
        ("asal2an", "asal-asalan"),
        ("barang2nya", "barang-barangnya"),
        ("bgs2nya", "bagus-bagusnya"),
        ("sia2kan", "sia-siakan"),
        ("seenak2nya", "seenak-enaknya"),
        ("sebaik2nya", "sebaik-baiknya"),
        ("berjam2", "berjam-jam"),
        ("berhati2lah", "berhati-hatilah"),
        ("dicari2", "dicari-cari"),
        ("bersih2nya", "bersih-bersihnya"),  # a root, not ber + sih
        ("terus2an", "terus-terusan"),
        ("sedikit2", "sedikit-sedikit"),  # se- repeats only its superlative, se-X-nya
        ("mksh2nya", "mksh2nya"),  # which of "terima kasih" repeats is unknowable
        # shoppers' slang added with the 2026-12-07 retraining
        ("ngaret", "terlambat"),
        ("gercep", "gerak cepat"),
        ("zonk", "mengecewakan"),
        ("php", "ingkar janji"),
        ("skrg", "sekarang"),
        ("jgn", "jangan"),
        ("kyk", "seperti"),
        ("batre", "baterai"),
        ("gpp", "tidak apa-apa"),
        ("rapih", "rapi"),
        # Javanese and Sundanese mixed in
        ("ra", "tidak"),
        ("ora", "tidak"),
        ("teu", "tidak"),
        ("nda", "tidak"),
        ("apik", "bagus"),
        ("pisan", "sekali"),
        ("nuwun", "terima kasih"),
        ("SAE", "sae"),  # an oil's grade ("SAE 40") before Sundanese for "good"
        ("RA", "ra"),  # in capitals an acronym: "RA Kartini", "TK/RA"
        ("Ra", "tidak"),
        ("joss", "joss"),  # Extra Joss, a brand
        ("bener-bener", "benar-benar"),  # a repeat of slang written with a hyphen
        # a repeat written out reads as one written with "2": after a prefix the root
        # repeats (SmSA's own preprocessing wrote "berkali-berkali", "bersama-bersama")
        ("berkali-berkali", "berkali-kali"),
        ("bersama-bersama", "bersama-sama"),
        ("brg-brgnya", "barang-barangnya"),
        # roots Sastrawi gets wrong, and the "r" that "ber" drops
        ("beribu2", "beribu-ribu"),
        ("berapi2", "berapi-api"),
        ("berebut2", "berebut-rebut"),
        # a clitic written on a slang word; not where the base is too short to be sure
        ("brgnya", "barangnya"),
        ("ngirimnya", "mengirimnya"),
        ("udhlah", "sudahlah"),
        ("mksdku", "maksudku"),
        ("nemu", "nemu"),
        ("Teuku", "teuku"),
        ("tanya", "tanya"),
        # shorthand; a last letter doubled, but not English's ll, ff, ss
        ("jd", "jadi"),
        ("lgsg", "langsung"),
        ("HR", "hr"),
        ("mantapp", "mantap"),
        ("baguss", "bagus"),
        ("overall", "overall"),
        ("pass", "pass"),
        ("boss", "boss"),
        ("matt", "matt"),  # "lipstiknya matt": English doubles letters too
        ("employee", "employee"),
        ("ma-main", "ma-main"),  # a stutter, not a repeat
        ("m-m", "m-m"),  # "100 m-m" (square metres), not "sama-sama": no one-letter repeat
        ("e-mail", "e-mail"),
    ],
)
def test_normalize_word(word: str, expected: str) -> None:
    assert normalize_word(word) == expected


def test_curated_table_overrides_and_refuses() -> None:
    table = slang_table()
    assert table["kw"] == "palsu"  # indo-normalizer maps it to "kau"
    assert "g" not in table or table["g"] != "tidak"  # "500 g" is grams


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ukuran 30 cm", "ukuran 30 cm"),  # not "30 cuma"
        ("jaraknya 7 km", "jaraknya 7 km"),  # not "7 kamu"
        ("500 m dari hotel", "500 m dari hotel"),  # not "500 sama"
        ("isi 250 g", "isi 250 g"),
        ("order 2 g dateng", "order 2 enggak datang"),  # after one digit "g" is "ga"
        ("cm 2 hari nyampe", "cuma 2 hari sampai"),  # no number before it: "cuma", only
    ],
)
def test_a_unit_after_a_number_stays_a_unit(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_offsets_point_into_the_original() -> None:
    text = "Brg bagusss bgt, seller fast respon 👍 mksh gan!!"
    norm = normalize(text)
    for token in norm.tokens:
        assert text[token.start : token.end] == token.text
    assert norm.text == "barang bagus banget , seller fast respon emopos terima kasih gan !!"


def test_emoji_and_emoticons_are_signals() -> None:
    norm = normalize("kecewa :( tapi admin ramah ❤️ 😡")
    assert [s.polarity for s in norm.signals] == ["negative", "positive", "negative"]
    assert "emoneg" in norm.text.split()


def test_urls_and_emails_carry_no_words() -> None:
    norm = normalize("cek https://toko.example/abc atau a@b.co")
    assert norm.words == ["cek", "atau"]


def test_mixed_language_keeps_english() -> None:
    assert normalize("barangnya good quality tp pengiriman slow").words == [
        "barangnya",
        "good",
        "quality",
        "tapi",
        "pengiriman",
        "slow",
    ]


def test_sastrawi_stems() -> None:
    assert stem("pengirimannya") == "kirim"
    assert stem("kemasannya") == "kemas"


def test_a_pasted_blob_written_as_a_repeat_is_not_stemmed() -> None:
    """Stemming a 50,000-letter "word" takes most of a second, and the stemmer's cache would
    keep it."""
    stem.cache_clear()
    normalize("di" * 25_000 + "2kan")
    assert stem.cache_info().currsize == 0


def test_an_apostrophe_as_phones_type_it_joins_its_word() -> None:
    # iOS and Android keyboards write ’: "don’t" must stay one word, a negation
    text = "I don’t like it, it isnʼt good"
    normalized = normalize(text)
    assert normalized.words == ["i", "don't", "like", "it", "it", "isn't", "good"]
    assert [t.text for t in normalized.tokens if t.kind == "word"][1] == "don’t"
    assert analyze(text).sentiment.label is Polarity.NEGATIVE
