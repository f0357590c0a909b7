from __future__ import annotations

from suara.text import analyze, key_phrases
from suara.text.phrases import chunks, class_tfidf, terms


def test_slang_is_normalised_and_negation_stays_inside_the_phrase() -> None:
    text = "Voucher gk bisa dipake pas checkout, kecewa bgt"
    phrases = key_phrases(text)
    assert phrases[0].text == "voucher tidak bisa dipakai"
    assert text[phrases[0].start : phrases[0].end] == "Voucher gk bisa dipake"


def test_multi_word_phrases_outrank_lone_words() -> None:
    phrases = key_phrases("Pengiriman lama banget, paket telat seminggu. Kecewa!")
    assert [p.text for p in phrases] == ["paket telat seminggu", "pengiriman lama", "kecewa"]
    assert phrases[0].score > phrases[1].score > phrases[2].score


def test_what_is_said_of_taste_and_likeness_is_kept_and_intensifiers_are_not() -> None:
    """Sastrawi's stopwords hold "enak" and "mirip" ("rasa" stays one: as often "I feel");
    "tenan" and "bener-bener" normalise to an intensifier."""
    assert [p.text for p in key_phrases("rasanya enak banget")] == ["enak"]
    assert [p.text for p in key_phrases("Saya rasa pengirimannya lama")] == ["pengirimannya lama"]
    assert [p.text for p in key_phrases("Wenak tenan")] == ["enak"]
    assert key_phrases("warnanya mirip di foto")[0].text == "warnanya mirip"
    assert [p.text for p in key_phrases("barangnya benar-benar bagus")] == ["barangnya", "bagus"]
    assert [p.text for p in key_phrases("bener-bener bagus")] == ["bagus"]


def test_english_phrases_drop_stopwords() -> None:
    phrases = key_phrases("The delivery was late and the box arrived badly damaged")
    texts = [p.text for p in phrases]
    assert "box arrived badly damaged" in texts
    assert not any(t.split()[0] in {"the", "and", "was"} for t in texts)


def test_placeholders_punctuation_and_particles_are_not_phrases() -> None:
    phrases = key_phrases("Hubungi saya di [PHONE] ya kak, mantap 👍👍")
    assert all("phone" not in p.text and "kak" not in p.text for p in phrases)
    assert key_phrases("") == ()
    assert key_phrases("ok kak, sip 😂") == tuple(key_phrases("ok kak, sip 😂"))


def test_terms_are_words_and_grams_that_do_not_end_in_a_negation() -> None:
    found = terms("voucher tidak bisa dipakai")
    assert "voucher" in found
    assert "tidak bisa dipakai" in found
    assert "voucher tidak" not in found
    assert "tidak" not in found


def test_class_tfidf_prefers_what_is_specific_to_a_class() -> None:
    ranked = class_tfidf({0: ["voucher", "voucher", "barang"], 1: ["barang", "kurir", "kurir"]})
    assert ranked[0][0][0] == "voucher"
    assert ranked[1][0][0] == "kurir"


def test_analysis_carries_key_phrases_on_the_redacted_text() -> None:
    result = analyze("Voucher gk bisa dipake, tolong hubungi 0812-3456-7890")
    assert result.key_phrases
    first = result.key_phrases[0]
    assert result.text[first.start : first.end].lower().startswith("voucher")
    assert all("0812" not in p.text for p in result.key_phrases)


def test_runs_are_cut_into_five_word_phrases_ranked_by_rounded_score_then_position() -> None:
    text = (
        "Kurir paket barang harga kualitas pelayanan respon tidak bisa. "
        "Kurir ramah, respon cepat; respon cepat! Kurir?"
    )
    assert [[w.text for w in chunk] for chunk in chunks(text)] == [
        ["kurir", "paket", "barang", "harga", "kualitas"],
        ["pelayanan", "respon"],
        ["kurir", "ramah"],
        ["respon", "cepat"],
        ["respon", "cepat"],
        ["kurir"],
    ]
    assert [(p.text, p.start, p.end, p.score) for p in key_phrases(text, top=10)] == [
        ("kurir paket barang harga kualitas", 0, 33, 22.6667),
        ("kurir ramah", 63, 74, 4.6667),
        ("pelayanan respon", 34, 50, 4.0),
        ("respon cepat", 76, 88, 4.0),
        ("kurir", 104, 109, 2.6667),
    ]
    assert [p.text for p in key_phrases(text, top=2)] == [
        "kurir paket barang harga kualitas",
        "kurir ramah",
    ]


def test_the_english_stopwords_are_scikit_learns() -> None:
    """The list is a copy (importing scikit-learn took a second of every start-up)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from suara.text.normalize import _resource_lines

    copied = {w for line in _resource_lines("en_stopwords.txt") for w in line.split()}
    assert copied == set(ENGLISH_STOP_WORDS)
