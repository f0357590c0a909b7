from __future__ import annotations

import pytest

from suara.domain.frameworks import ASPECTS, Aspect, Polarity
from suara.text import analyze
from suara.text.aspects import terms


def _aspects(text: str) -> dict[Aspect, Polarity]:
    return {a.aspect: a.polarity for a in analyze(text).aspects}


@pytest.mark.parametrize(
    ("text", "aspect", "polarity"),
    [
        ("pengiriman lama bgt", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("pengirimannya cepat", Aspect.DELIVERY, Polarity.POSITIVE),
        ("kurir telat 3 hari", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("packing aman, pakai bubble wrap", Aspect.PACKAGING, Polarity.POSITIVE),
        ("kardus penyok", Aspect.PACKAGING, Polarity.NEGATIVE),
        ("kualitas jelek", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("barang tidak rusak", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        ("gk sesuai foto", Aspect.PRODUCT_ACCURACY, Polarity.NEGATIVE),
        ("barang ori", Aspect.PRODUCT_ACCURACY, Polarity.POSITIVE),
        ("ternyata KW", Aspect.PRODUCT_ACCURACY, Polarity.NEGATIVE),
        ("harga murah", Aspect.PRICE_VALUE, Polarity.POSITIVE),
        ("seller fast respon", Aspect.SELLER_SERVICE, Polarity.POSITIVE),
        ("admin slow respon", Aspect.SELLER_SERVICE, Polarity.NEGATIVE),
        ("komplain tidak ditanggapi", Aspect.CUSTOMER_SUPPORT, Polarity.NEGATIVE),
        ("refund lama banget", Aspect.RETURNS_REFUNDS, Polarity.NEGATIVE),
        ("aplikasi error terus", Aspect.APP_WEBSITE, Polarity.NEGATIVE),
        ("seller penipu", Aspect.PAYMENT_TRUST, Polarity.NEGATIVE),
        ("dapat bonus permen", Aspect.PERSONAL_TOUCH, Polarity.POSITIVE),
        ("The courier was late", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("Exactly as described", Aspect.PRODUCT_ACCURACY, Polarity.POSITIVE),
        ("The price is too expensive", Aspect.PRICE_VALUE, Polarity.NEGATIVE),
        # inflected and newer terms (a spot check of comments as shoppers write them)
        ("diskonnya mantul", Aspect.PRICE_VALUE, Polarity.POSITIVE),
        ("kurirnya sopan", Aspect.DELIVERY, Polarity.POSITIVE),
        ("paket hilang", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("blm nyampe juga", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("minta tuker ribet", Aspect.RETURNS_REFUNDS, Polarity.NEGATIVE),
        ("layarnya retak", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("kualitasnya murahan", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        # a negation under a condition is a counterfactual: no praise
        ("kalau tidak telat pasti bintang 5", Aspect.DELIVERY, Polarity.NEUTRAL),
        ("bagus sih, kalo ga rusak pas dateng", Aspect.PRODUCT_QUALITY, Polarity.NEUTRAL),
        ("if it wasn't late I'd give 5 stars", Aspect.DELIVERY, Polarity.NEUTRAL),
        # "ada" and "yang" between a negation and its word do not use up its reach
        ("paketnya tidak ada yang penyok", Aspect.PACKAGING, Polarity.POSITIVE),
        ("gak ada yg rusak sama sekali", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        # a negation turns the opinion word next to it, not one beyond it, unless the two
        # are one phrase
        ("barang tidak bagus murahan", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("barang tidak mudah rusak", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        ("bahannya gampang sobek", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        # "paket" is the packaging only beside a packaging word
        ("paket penyok", Aspect.PACKAGING, Polarity.NEGATIVE),
        ("paketnya aman", Aspect.PACKAGING, Polarity.POSITIVE),
        ("rasanya hambar", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("jahitannya miring", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("Size fits perfectly", Aspect.PRODUCT_ACCURACY, Polarity.POSITIVE),
        ("sizenya kebesaran", Aspect.PRODUCT_ACCURACY, Polarity.NEGATIVE),
        ("chat seller malah diblokir", Aspect.SELLER_SERVICE, Polarity.NEGATIVE),
        ("pencarian di aplikasinya ngaco", Aspect.APP_WEBSITE, Polarity.NEGATIVE),
        # a question about an aspect gives no verdict on it, unless it is a complaint
        ("bisa dikirim hari ini, kak?", Aspect.DELIVERY, Polarity.NEUTRAL),
        ("kenapa pengirimannya lama banget?", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("kok belum dikirim juga?", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("pesen apa dikirim apa??", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("pesen apa dikirim apa ? ?", Aspect.DELIVERY, Polarity.NEGATIVE),
        # a repeat written with "2" is its word to the lexicons; an entry that is a repeat
        # stays one; what a product is like, said without naming it
        ("barangnya rusak2 semua", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("kardusnya penyok2", Aspect.PACKAGING, Polarity.NEGATIVE),
        ("Kualitas abal2", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("packing asal2an", Aspect.PACKAGING, Polarity.NEGATIVE),
        ("keripiknya renyah", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        ("bautnya karatan", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("gamisnya ga nerawang", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        # a verb of expecting takes the negation: the praise after it stands
        ("kualitasnya gak nyangka bagus banget", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        ("pengiriman tidak disangka cepat sekali", Aspect.DELIVERY, Polarity.POSITIVE),
        ("tidak mengira barangnya rusak", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        # ... but not a negation that orders; "gak kira-kira" is "extremely"
        ("Kualitasnya jangan dikira bagus", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("Don't expect good quality at this price", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("Do not expect fast delivery from this seller", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("Harganya gak kira-kira mahal", Aspect.PRICE_VALUE, Polarity.NEGATIVE),
        # a doubt denies the opinion after it in its clause; "didn't think" is an expectation
        ("I don't think the quality is good", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("I do not think the packaging is safe", Aspect.PACKAGING, Polarity.NEGATIVE),
        ("I'm not sure the packing is safe", Aspect.PACKAGING, Polarity.NEGATIVE),
        ("Saya tidak begitu yakin kualitasnya bagus", Aspect.PRODUCT_QUALITY, Polarity.NEGATIVE),
        ("Ga yakin ini ori", Aspect.PRODUCT_ACCURACY, Polarity.NEGATIVE),
        (
            "I didn't think the quality would be this good",
            Aspect.PRODUCT_QUALITY,
            Polarity.POSITIVE,
        ),
        ("Awalnya ga yakin ternyata kualitasnya bagus", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        ("Saya yakin kualitasnya bagus", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        ("I'm not so sure the packing is safe", Aspect.PACKAGING, Polarity.NEGATIVE),
        # a doubt ends at a reason, a new statement, or what never was
        ("Tadinya gak yakin karena harganya murah banget", Aspect.PRICE_VALUE, Polarity.POSITIVE),
        (
            "Jujur ga yakin awalnya beli online alhamdulillah barangnya bagus",
            Aspect.PRODUCT_QUALITY,
            Polarity.POSITIVE,
        ),
        (
            "I don't think I have ever bought such good quality shoes",
            Aspect.PRODUCT_QUALITY,
            Polarity.POSITIVE,
        ),
        (
            "tidak begitu yakin dengan ketahanan bahannya apabila dilakukan copot pasang",
            Aspect.PRODUCT_QUALITY,
            Polarity.NEGATIVE,
        ),
        # "pas" before a verb is "when", not "fits"
        ("ukurannya pas banget", Aspect.PRODUCT_ACCURACY, Polarity.POSITIVE),
        ("warnanya ga luntur pas dicuci", Aspect.PRODUCT_ACCURACY, None),
        ("Ukurannya pas dibadan", Aspect.PRODUCT_ACCURACY, Polarity.POSITIVE),
        ("Ukurannya pas menurutku", Aspect.PRODUCT_ACCURACY, Polarity.POSITIVE),
        # "baru" after a span of time is "not until": what came late is negative
        ("Pengiriman lambat, seminggu baru sampai", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("10 hari baru sampe", Aspect.DELIVERY, Polarity.NEGATIVE),
        ("chat dari senin baru dibales kamis", Aspect.SELLER_SERVICE, Polarity.NEGATIVE),
        ("Paket baru sampai, belum dicoba", Aspect.DELIVERY, None),
        ("dari senin baru dibales", Aspect.SELLER_SERVICE, Polarity.NEGATIVE),  # no term
        ("Hari ini baru sampai, barangnya bagus", Aspect.DELIVERY, None),  # a point in time
        ("Order hari senin, selasa baru sampai, cepat", Aspect.DELIVERY, None),
        # an emoji between words ends a clause: the bag is good, not the checkout
        ("Gk nyesel checkout 😆 tas nya bagussss", Aspect.APP_WEBSITE, None),
        ("Pengirimannya 🚀 cepat banget", Aspect.DELIVERY, Polarity.POSITIVE),  # one word
        ("Paket :) aman", Aspect.PACKAGING, Polarity.POSITIVE),
        # rude sellers and couriers; a product's parts said to be broken or fresh
        ("Penjual galak, nanya baik2 dijawab ketus", Aspect.SELLER_SERVICE, Polarity.NEGATIVE),
        ("kurirnya galak", Aspect.DELIVERY, Polarity.NEGATIVE),
        (
            "Sepatu baru dipake 2 minggu solnya udh mangap",
            Aspect.PRODUCT_QUALITY,
            Polarity.NEGATIVE,
        ),
        ("Dagingnya seger, ga bau", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        # paying and waiting are told, not judged, unless an opinion is beside them
        ("Sudah bayar tapi barang belum dikirim", Aspect.PAYMENT_TRUST, None),
        ("pembayaran gagal terus", Aspect.PAYMENT_TRUST, Polarity.NEGATIVE),
        ("nunggu kurir seharian ga dateng2", Aspect.CUSTOMER_SUPPORT, None),
        ("nunggu CS lama banget", Aspect.CUSTOMER_SUPPORT, Polarity.NEGATIVE),
        # a follow-up question does not undo the verdict of a sentence before it
        (
            "Kurirnya lempar paket ke pagar. Besok kurirnya diganti bisa?",
            Aspect.DELIVERY,
            Polarity.NEGATIVE,
        ),
    ],
)
def test_aspect_and_polarity(text: str, aspect: Aspect, polarity: Polarity | None) -> None:
    assert _aspects(text).get(aspect) is polarity


def test_opinions_stay_in_their_clause() -> None:
    found = _aspects("harga murah tapi kualitas jelek")
    assert found == {
        Aspect.PRICE_VALUE: Polarity.POSITIVE,
        Aspect.PRODUCT_QUALITY: Polarity.NEGATIVE,
    }


def test_generic_words_need_an_opinion() -> None:
    assert _aspects("barang sudah saya terima") == {}


def test_spans_explain_the_aspect() -> None:
    result = analyze("Brg bagusss, tp pengiriman lamaaa bgt")
    delivery = next(a for a in result.aspects if a.aspect is Aspect.DELIVERY)
    (mention,) = delivery.mentions
    assert result.text[mention.span.start : mention.span.end] == "pengiriman"
    assert mention.opinion is not None
    assert mention.opinion.text == "lamaaa"
    assert delivery.dimension is ASPECTS[Aspect.DELIVERY].dimension
    assert delivery.factors == ASPECTS[Aspect.DELIVERY].factors


def test_every_aspect_has_terms() -> None:
    assert {t.aspect for t in terms()} == set(Aspect)


def test_skipping_the_stemmer_never_changes_the_keys_looked_up() -> None:
    """``_word_keys`` skips PySastrawi where no stemmed (``~``) key can be the stem; on
    affixed forms of every key it must find the stemmed keys stemming would find."""
    from suara.text import aspects
    from suara.text.normalize import stem

    firsts = [t.words[0] for t in aspects.terms()]
    firsts += [phrase[0] for table in aspects.opinions().values() for phrase in table]
    stemmed = {k for p in firsts if p.startswith("~") for k in aspects._pattern_keys(p)}
    assert len(stemmed) >= 5
    affixes = [("", ""), ("di", "kan"), ("me", "nya"), ("pe", "an"), ("ber", "lah"),
               ("ter", "i"), ("ke", "annya"), ("", "ku"), ("se", "pun"), ("x", "q")]  # fmt: skip
    words = {f"{p}{k}{s}" for k in stemmed if k.isalpha() for p, s in affixes}
    words |= {"pengirimannya", "kemasannya", "dikirimkan", "menyapu", "pelayanannya", "zzz"}
    for word in sorted(words):
        keys = aspects._word_keys(word)
        assert keys[0] == word
        assert set(keys) & stemmed == {word, stem(word)} & stemmed, word


def test_remembered_words_never_change_the_mentions(monkeypatch: pytest.MonkeyPatch) -> None:
    """``find_mentions`` remembers each word's lexeme and the norms that start no term, and
    forgets them when full; what it finds must not depend on what they hold."""
    from suara.text import aspects
    from suara.text.normalize import normalize
    from suara.text.sentences import split_clauses, split_sentences

    texts = [
        "Brg bagusss, tp pengiriman lamaaa bgt",
        "barang sudah saya terima",
        "mksh 👍",
        "kurir telat 3 hari",
        "harga murah tapi kualitas tidak bagus",
        "paket sampai 😡",
        "packaging bad but seller fast respon",
        "pengirimannya cepat, dikemas rapi",
    ]
    sentences = [(s, t) for t in texts for s in split_sentences(normalize(t))]
    clauses = [(c, t) for s, t in sentences for c in split_clauses(s, t)]

    def found() -> list[list[aspects.AspectMention]]:
        return [aspects.find_mentions(c, t, 0.3) for c, t in clauses]

    aspects._LEXICON.clear()
    aspects._BARREN.clear()
    cold = found()
    assert sum(map(len, cold)) >= 8
    assert found() == cold
    monkeypatch.setattr(aspects, "_CACHE_SIZE", 2)
    assert found() == found() == cold


def test_a_word_inside_a_longer_term_starts_no_other() -> None:
    """ "salah kirim" is the wrong item sent, not the delivery."""
    found = _aspects("salah kirim ukuran, kecewa bgt")
    assert found.get(Aspect.PRODUCT_ACCURACY) is Polarity.NEGATIVE
    assert Aspect.DELIVERY not in found


def test_paket_needs_a_packaging_word_not_a_generic_one() -> None:
    """ "paket" alone is the parcel or a bundle: "paket bagus" says nothing of the packing."""
    assert Aspect.PACKAGING not in _aspects("yang dijual paket bagus")
    assert Aspect.PACKAGING not in _aspects("paket sudah diterima")


def test_addressing_the_admin_is_not_their_service() -> None:
    """ "min" (admin) in "…ya min?" speaks to the seller; with an opinion it is about them."""
    assert Aspect.SELLER_SERVICE not in _aspects("kira2 berapa hari ya min?")
    assert _aspects("min, balasnya lama banget").get(Aspect.SELLER_SERVICE) is Polarity.NEGATIVE


def test_a_question_mention_says_why_it_is_neutral() -> None:
    (result,) = analyze("bisa dikirim hari ini, kak?").aspects
    assert [m.evidence for m in result.mentions] == ["question"]
    assert result.score == 0.0


def test_a_term_that_is_the_opinion_on_another_aspect_is_not_its_own_mention() -> None:
    """ "jutek" is a seller-service word, but a rude courier is the delivery; "rusak" by the
    packing is the packing's state, not the product's."""
    assert _aspects("kurirnya agak jutek") == {Aspect.DELIVERY: Polarity.NEGATIVE}
    assert _aspects("packing rusak") == {Aspect.PACKAGING: Polarity.NEGATIVE}
    assert _aspects("seller dan kurir ramah") == {
        Aspect.SELLER_SERVICE: Polarity.POSITIVE,
        Aspect.DELIVERY: Polarity.POSITIVE,
    }


def test_a_longer_term_wins_over_a_shorter_one_at_the_same_word() -> None:
    """ "dikirim balik" is a return, "sesuai harga" the price: not a delivery, not accuracy."""
    assert set(_aspects("barang sudah dikirim balik, dana belum masuk")) == {Aspect.RETURNS_REFUNDS}
    found = _aspects("bahannya tipis, gak sesuai harga")
    assert found.get(Aspect.PRICE_VALUE) is Polarity.NEGATIVE
    assert Aspect.PRODUCT_ACCURACY not in found


def test_a_clause_that_says_little_takes_its_sentences_tone() -> None:
    """ "minta uang tambahan pas COD" alone barely leans (|score| < WEAK_CLAUSE); read in its
    sentence, beside a rude courier, the extra charge at cash on delivery is a complaint."""
    text = "Gak sopan kurirnya, minta uang tambahan pas COD. Katanya ongkos parkir"
    (payment,) = [a for a in analyze(text).aspects if a.aspect is Aspect.PAYMENT_TRUST]
    assert payment.polarity is Polarity.NEGATIVE
    assert [m.evidence for m in payment.mentions] == ["sentiment"]


def test_a_weak_clause_that_leans_against_its_sentence_keeps_its_sign() -> None:
    """ "sayang kurirnya datang malam" leans negative (beyond the neutral band, below
    WEAK_CLAUSE) in a sentence that the praise before it makes positive: its own sign
    stands, or the late courier would read as praise."""
    text = "Mantap sekali kualitasnya, sayang kurirnya datang malam"
    (delivery,) = [a for a in analyze(text).aspects if a.aspect is Aspect.DELIVERY]
    assert delivery.polarity is Polarity.NEGATIVE
    assert [m.evidence for m in delivery.mentions] == ["sentiment"]


def test_a_repeat_that_means_something_else_is_not_its_word() -> None:
    """ "tiba-tiba" is "suddenly", not the parcel arriving ("tiba")."""
    assert Aspect.DELIVERY not in _aspects("tiba2 mati sendiri")
    assert _aspects("pengiriman tiba tepat waktu").get(Aspect.DELIVERY) is Polarity.POSITIVE
    assert Aspect.PRODUCT_ACCURACY not in _aspects("Motifnya beda-beda, lucu semua")


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("sepatunya enteng bgt", Polarity.POSITIVE),
        ("kaos nya adem", Polarity.POSITIVE),
        ("velg nya presisi", Polarity.POSITIVE),
        ("helmnya jelek", Polarity.NEGATIVE),
        ("karena lemarinya tidak kokoh", Polarity.NEGATIVE),
        ("the yoga mat is thick", Polarity.POSITIVE),  # "the X is …" in English
        ("the zipper is not good", Polarity.NEGATIVE),
    ],
)
def test_a_thing_of_the_products_named_by_any_word_is_its_quality(
    text: str, polarity: Polarity
) -> None:
    found = analyze(text).aspects
    assert [(a.aspect, a.polarity) for a in found] == [(Aspect.PRODUCT_QUALITY, polarity)]


@pytest.mark.parametrize(
    "text",
    [
        "hanya bagus",  # "-nya" of a function word
        "sayangnya jelek",  # a remark's opening
        "semoga kedepannya lebih baik",
        "orangnya baik",  # a person, not a thing
        "bagusnya sih gitu",  # an opinion itself
        "rumahnya jauh",  # an opinion on no quality
        "the only thing is good",  # no thing
        "the staff is good",
        # a person, a remark's opening, a time, the seller's trade or words (review of
        # 2026-12-08)
        "kakaknya baik, fast respon",
        "drivernya baik bgt",
        "temennya bilang bagus",
        "jujurnya pelayanan jelek",
        "malamnya udah jelek",
        "semoga lancar usahanya",
        "ngomongnya kasar bgt",
        # English: the opinion must follow the copula, the thing be a noun
        "not good since the kids are allergic",
        "I love the look and feel of this bag",
        "the weather was bad so the delivery was late",
        # words of quality that are no verdict by themselves
        "dibungkus plastik bening doang",
        "Lampu emergency nya terang, pas mati lampu sangat membantu",
        "teflon nya anti lengket beneran",
    ],
)
def test_nya_that_names_no_thing_of_the_products_is_no_aspect(text: str) -> None:
    assert Aspect.PRODUCT_QUALITY not in _aspects(text)


def test_the_things_of_other_aspects_keep_their_own_aspect() -> None:
    assert _aspects("kurir nya ramah, packingnya rapi, harga nya murah") == {
        Aspect.DELIVERY: Polarity.POSITIVE,
        Aspect.PACKAGING: Polarity.POSITIVE,
        Aspect.PRICE_VALUE: Polarity.POSITIVE,
    }


def test_the_span_of_a_thing_written_apart_covers_both_words() -> None:
    text = "pokoknya sofa nya kokoh"
    (result,) = analyze(text).aspects
    spans = sorted((s.start, s.end) for s in result.spans)
    assert (text.index("sofa"), text.index("sofa nya") + len("sofa nya")) in spans


def test_a_word_sastrawi_stems_wrongly_is_listed_as_written() -> None:
    # Sastrawi stems "pengemasan" to "emas" (gold), not to "kemas"
    assert _aspects("pengemasan nya rapi") == {Aspect.PACKAGING: Polarity.POSITIVE}


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("pulsa blm masuk, udh 2 jam", Polarity.NEGATIVE),
        ("voucher game langsung masuk", Polarity.POSITIVE),
        ("Voucher pulsanya ga masuk2", Polarity.NEGATIVE),
    ],
)
def test_a_digital_items_arrival_is_its_delivery(text: str, polarity: Polarity) -> None:
    assert _aspects(text) == {Aspect.DELIVERY: polarity}  # not the price of a "voucher"


@pytest.mark.parametrize(
    "text", ["pesen hitam yg dikirim merah", "Beli 8 isi ulang, yg dikirim cuma 6"]
)
def test_the_item_that_was_sent_is_no_delivery(text: str) -> None:
    assert Aspect.DELIVERY not in _aspects(text)


def test_the_sending_itself_after_yang_is_the_delivery() -> None:
    found = _aspects("cuma ini yg kirimnya bener2 sesuai estimasi")
    assert found.get(Aspect.DELIVERY) is Polarity.POSITIVE


def test_a_nya_after_a_number_or_a_bracket_names_no_thing() -> None:
    for text in ("pesan 2 nya bagus semua", "sepatu (nya) enteng"):
        spans = [m.span.text for a in analyze(text).aspects for m in a.mentions]
        assert all(not span.endswith("nya") for span in spans), (text, spans)


def test_a_flood_of_nya_is_analysed() -> None:
    from suara.text import TextAnalyzer

    texts = ["barang bagus", "bagus " + "nya" * 250, "jelek"]
    assert len(TextAnalyzer().analyze_many(texts)) == 3


def test_cheap_is_the_price_not_the_quality() -> None:
    assert _aspects("nice product and cheap") == {
        Aspect.PRODUCT_QUALITY: Polarity.POSITIVE,
        Aspect.PRICE_VALUE: Polarity.POSITIVE,
    }


def test_a_quota_used_up_is_no_delivery() -> None:
    assert Aspect.DELIVERY not in _aspects("kuotanya cepat habis")


def test_an_opinion_before_the_thing_in_english_is_not_its_opinion() -> None:
    mentions = [m for a in analyze("good product and the kids are 5 years old").aspects
                for m in a.mentions]  # fmt: skip
    assert "kids" not in {m.span.text for m in mentions}


@pytest.mark.parametrize(
    "text",
    [
        # a second review (2026-12-08): no thing of the product's
        "Pelayanan Seller dan Deliver nya sangat cepat dan memuaskan",
        "prosesnya lama banget parah",
        "komunikasinya bagus",
        "bubble wrap nya tipis",  # the last word of a term
        "the bartenders are amazing",
        "the fact is it's bad",
        "The Macarons here are insanely good",
    ],
)
def test_what_the_second_review_found_is_no_things_quality(text: str) -> None:
    assert Aspect.PRODUCT_QUALITY not in _aspects(text)


@pytest.mark.parametrize(
    ("text", "aspect", "not_polarity"),
    [
        ("the straps aren't good", Aspect.PRODUCT_QUALITY, Polarity.POSITIVE),
        ("top up gagal terus", Aspect.DELIVERY, Polarity.POSITIVE),  # not the praise "top"
        ("kiriman salah masuk alamat tetangga", Aspect.DELIVERY, Polarity.POSITIVE),
        ("kurir masuk rumah tanpa izin", Aspect.DELIVERY, Polarity.POSITIVE),
    ],
)
def test_no_praise_from_a_word_that_is_none(
    text: str, aspect: Aspect, not_polarity: Polarity
) -> None:
    assert _aspects(text).get(aspect) is not not_polarity


def test_the_item_sent_with_a_delivery_opinion_is_the_delivery() -> None:
    assert _aspects("pesanan yg dikirim lama banget, kecewa")[Aspect.DELIVERY] is Polarity.NEGATIVE


def test_a_thing_in_brackets_is_no_thing() -> None:
    spans = [m.span.text for a in analyze("the (new) strap is bad").aspects for m in a.mentions]
    assert "new) strap" not in spans


def test_a_quote_mark_typed_as_a_letter_apostrophe_is_no_part_of_the_word() -> None:
    assert _aspects("sepatunya ʼbagusʼ") == {Aspect.PRODUCT_QUALITY: Polarity.POSITIVE}
