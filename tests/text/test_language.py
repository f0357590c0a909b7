from __future__ import annotations

import csv
from pathlib import Path

import pytest

from suara.text.language import TextLanguage, detect_language

DATA = Path(__file__).parents[2] / ".." / "shared" / "data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("barang bagus, pengiriman cepat bgt", TextLanguage.INDONESIAN),
        ("Seller fast respon, packing aman", TextLanguage.INDONESIAN),
        ("mantul gan", TextLanguage.INDONESIAN),
        ("Produk ini sangat bagus dan berkualiti", TextLanguage.INDONESIAN),  # Malay -> id
        ("The product arrived broken and support never answered", TextLanguage.ENGLISH),
        (
            "barangnya bagus tapi the delivery was so slow and the box was damaged",
            TextLanguage.MIXED,
        ),
        ("这个产品很好", TextLanguage.OTHER),
        ("la comida de la casa es muy buena y barata", TextLanguage.OTHER),  # not "lah … deh"
        ("Le produit est arrivé cassé et le vendeur ne répond pas", TextLanguage.OTHER),
        ("O produto chegou rápido e bem embalado, recomendo", TextLanguage.OTHER),
        ("Il prodotto è arrivato rotto e il venditore non risponde", TextLanguage.OTHER),
        ("👍👍", TextLanguage.OTHER),
        ("", TextLanguage.OTHER),
    ],
)
def test_detect_language(text: str, expected: TextLanguage) -> None:
    assert detect_language(text).language is expected


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not beside the repository")
@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("nusax_senti_indonesian", TextLanguage.INDONESIAN),
        ("nusax_senti_english", TextLanguage.ENGLISH),
    ],
)
def test_nusax_test_split_language(folder: str, expected: TextLanguage) -> None:
    with (DATA / folder / "test.csv").open(encoding="utf-8") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    hits = sum(detect_language(t).language is expected for t in texts)
    assert hits / len(texts) >= 0.95  # measured: id 399/400, en 395/400


def test_batch_detection_matches_one_by_one() -> None:
    from suara.text.language import detect_languages

    texts = ["barang bagus, pengiriman cepat bgt", "The box was damaged", "这个产品很好", "",
             "barangnya bagus tapi the delivery was so slow", "ok", "mantul gan"]  # fmt: skip
    assert detect_languages(texts) == [detect_language(t) for t in texts]


def test_word_lists_decide_without_lingua() -> None:
    """Two Indonesian signal words and no English one: Indonesian, whatever lingua thinks."""
    result = detect_language("barang sudah sampai")
    assert result.language is TextLanguage.INDONESIAN
    assert result.english_words == 0
    n = result.indonesian_words
    assert n >= 2
    assert result.confidence == round(n / (n + 1), 4)


def test_one_english_loan_in_an_indonesian_review_needs_no_lingua(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long Indonesian review with one English word is Indonesian by its words alone."""
    from suara.text import language

    def no_lingua() -> None:
        raise AssertionError("lingua was asked")

    monkeypatch.setattr(language, "_detector", no_lingua)
    text = "barangnya sudah sampai dengan aman, kualitas bagus sekali dan sesuai pesanan, nice"
    result = detect_language(text)
    assert result.language is TextLanguage.INDONESIAN
    assert result.english_words >= 1
    assert result.indonesian_words > 2 * result.english_words
    total = result.indonesian_words + result.english_words
    assert result.confidence == round(result.indonesian_words / (total + 1), 4)


def test_the_two_signal_word_lists_share_no_word() -> None:
    """One table holds both (``_signal_sides``): a word on both lists would count once."""
    from suara.text.language import _en_signal_words, _id_signal_words

    assert not _id_signal_words() & _en_signal_words()


@pytest.mark.parametrize(
    "text", ["bagus ß 緽ﾊ", "but, 👍🏽, ß, 緽, \u200d, ﾊﾞ", "kirim cepat 谢谢 ok"]
)
def test_a_comment_mixing_scripts_gets_one_answer(text: str) -> None:
    """Lingua picks among scripts by the order of a hash map, which changes from call to
    call: such a comment used to get another language or confidence each time."""
    answers = {detect_language(text) for _ in range(30)}
    assert len(answers) == 1


def test_a_comment_mostly_in_another_script_is_other() -> None:
    assert detect_language("この商品はとても良いです").language is TextLanguage.OTHER
    assert detect_language("Товар отличный, спасибо").language is TextLanguage.OTHER


def test_full_width_letters_are_read_as_latin() -> None:
    """Not counted as another script (which would make the comment other)."""
    assert detect_language("ｍａｎｔａｐ") == detect_language("mantap")
    assert detect_language("ｈｕｈｕ ｗｋｗｋ") == detect_language("huhu wkwk")  # read by lingua
    assert detect_language("ｇｏｏｄ").language is TextLanguage.ENGLISH
