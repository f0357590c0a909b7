"""The vectorised feature hashing against a plain-Python reading of its definition."""

from __future__ import annotations

import hashlib
import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.text import features as f
from suara.text.normalize import normalize

MASK = (1 << 64) - 1


def _span_hash(text: str) -> int:
    h = 0
    for ch in text:
        h = (h * f._P + ord(ch) + 1) & MASK
    return h


def _bucket(h: int, salt: int) -> int:
    return int(f.bucket_of(np.array([h], dtype=np.uint64), salt)[0])


def reference(normalized: str) -> dict[int, float]:
    """Bucket -> value of one text, computed one feature at a time."""
    tokens = normalized.split()
    negated: set[int] = set()  # token positions in a negation's scope
    opened: int | None = None  # where the negation in force is
    used = 0  # the words of its scope used up: fillers ("ada", "yang") use none
    for i, token in enumerate(tokens):
        if token[0] in ".!?,":
            opened = None  # a clause ends: so does the negation's scope
            continue
        if opened is not None:
            cost = used + (token not in f.NEGATION_FILLERS)
            reach = f.NEGATION_SCOPE + len(f.NEGATION_FILLERS)
            if i - opened <= reach and cost <= f.NEGATION_SCOPE:
                negated.add(i)  # a negation in a scope too: it is negated, not negating
                used = cost
                continue
            opened = None
        if token in f.NEGATIONS:
            opened, used = i, 0
    kept = [i for i, token in enumerate(tokens) if token[0] not in ".!?,"]
    raw = [_span_hash(tokens[i]) for i in kept]
    feats = [
        _bucket(r, f._SALT["neg" if i in negated else "word"])
        for i, r in zip(kept, raw, strict=True)
    ]
    for k in range(1, f.WORD_NGRAMS):
        for i in range(len(raw) - k):
            g = raw[i]
            for j in range(1, k + 1):
                g = (g * f._P + raw[i + j] * f._GOLDEN) & MASK
            feats.append(_bucket(g, f._SALT["ngram"] + k))
    polar = f.polar_words()
    for i in sorted(negated):
        if tokens[i] in polar:
            code = f._NEGATED_POSITIVE if polar[tokens[i]] == "+" else f._NEGATED_NEGATIVE
            feats.append(_bucket(code, f._SALT["polar"]))
    if "!" in normalized:
        feats.append(_bucket(0, f._SALT["bang"]))
    chars = []
    lo, hi = f.CHAR_NGRAMS
    for i, word in enumerate(tokens):
        padded = f" {word} "
        salt = f._SALT["negchar" if i in negated else "char"]
        for n in range(lo, hi + 1):
            chars += [
                _bucket(_span_hash(padded[j : j + n]), salt + n) for j in range(len(padded) - n + 1)
            ]
    out: dict[int, float] = {}
    for block in (feats, chars):
        if not block:
            continue
        weights = {b: 1 + math.log(c) for b, c in Counter(block).items()}
        norm = math.sqrt(sum(v * v for v in weights.values()))
        for b, v in weights.items():
            out[b] = out.get(b, 0.0) + v / norm
    return out


def _as_dict(batch: f.HashedBatch, k: int) -> dict[int, float]:
    out: dict[int, float] = {}
    mask = batch.docs == k
    for b, v in zip(batch.buckets[mask].tolist(), batch.values[mask].tolist(), strict=True):
        out[b] = out.get(b, 0.0) + v
    return out


TEXTS = [
    "Barang bagus bgt!! tidak sesuai pesanan, kurang cepat. mantap",
    "",
    "   ",
    "a",
    "tidak tidak bagus sekali ya",
    "don't like it !!! ?",
    "kata2 émoji 😡 😡 👍",
    "mksh gan, 10/10 would buy again",
    "tidak ada cacat . not bad , tidak rusak tidak",
    "barang tidak . rusak",
    "tidak ada yang kurang",
    "tidak bagus kurang rapi tidak cepat",  # a chain: the third negation negates again
]


def test_batch_matches_the_definition() -> None:
    normalized = [normalize(t).text for t in TEXTS]
    batch = f.hash_batch(normalized)
    assert np.all(np.diff(batch.docs) >= 0)
    for k, text in enumerate(normalized):
        got, expected = _as_dict(batch, k), reference(text)
        assert got.keys() == expected.keys()
        for key, value in expected.items():
            assert got[key] == pytest.approx(value, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_a_text_hashes_the_same_alone_and_in_a_batch(texts: list[str]) -> None:
    normalized = [normalize(t).text for t in texts]
    batch = f.hash_batch(normalized)
    for k, text in enumerate(normalized):
        alone = f.hash_batch([text])
        assert _as_dict(batch, k) == pytest.approx(_as_dict(alone, 0))


def test_negation_marks_the_next_two_words() -> None:
    def has_neg(text: str, word: str) -> bool:
        bucket = _bucket(_span_hash(word), f._SALT["neg"])
        return bucket in _as_dict(f.hash_batch([text]), 0)

    assert has_neg("tidak bagus sekali", "bagus")
    assert has_neg("tidak bagus sekali", "sekali")
    assert not has_neg("tidak bagus sekali lagi", "lagi")
    assert not has_neg("bagus sekali", "bagus")
    assert not has_neg("tidak menyesal , recommended", "recommended")  # the clause ended
    assert not has_neg("tidak lama . mantap", "mantap")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["tidak", "kurang", "bukan", "ada", "yang", "bagus", "rusak", ",", "."]),
        max_size=14,
    )
)
def test_chains_of_negations_match_the_definition(words: list[str]) -> None:
    """The walk over the negations against the left-to-right reading, on texts made of
    negations, fillers, words and clause ends."""
    text = " ".join(words)
    got, expected = _as_dict(f.hash_batch([text]), 0), reference(text)
    assert got.keys() == expected.keys()


def test_a_negation_in_a_scope_is_negated() -> None:
    """ "ga ada yg kurang" is nothing lacking: "kurang" is the negated word, not a negation."""
    batch = _as_dict(f.hash_batch(["tidak ada yang kurang"]), 0)
    assert _bucket(_span_hash("kurang"), f._SALT["neg"]) in batch
    assert _bucket(f._NEGATED_NEGATIVE, f._SALT["polar"]) in batch
    plain = _as_dict(f.hash_batch(["kurang bagus"]), 0)
    assert _bucket(_span_hash("bagus"), f._SALT["neg"]) in plain


def test_empty_batch() -> None:
    batch = f.hash_batch([])
    assert batch.n == 0
    assert len(batch.buckets) == 0


def test_a_negated_word_shares_no_feature_with_itself_unnegated() -> None:
    negated = _as_dict(f.hash_batch(["tidak rusak"]), 0)
    plain = _as_dict(f.hash_batch(["rusak"]), 0)
    tidak = _as_dict(f.hash_batch(["tidak"]), 0)
    assert set(negated) & set(plain) <= set(tidak)  # only "tidak"'s own "k " and "ak "


def test_negated_words_of_one_polarity_share_a_feature() -> None:
    def polar(text: str) -> set[int]:
        codes = {f._NEGATED_POSITIVE, f._NEGATED_NEGATIVE}
        buckets = {code: _bucket(code, f._SALT["polar"]) for code in codes}
        found = _as_dict(f.hash_batch([text]), 0)
        return {code for code, bucket in buckets.items() if bucket in found}

    assert polar("tidak ada cacat") == polar("not bad") == {f._NEGATED_NEGATIVE}
    assert polar("tidak puas") == polar("not good") == {f._NEGATED_POSITIVE}
    assert polar("cacat") == polar("tidak ada barang") == set()


def test_the_scheme_names_the_polar_word_list() -> None:
    digest = hashlib.sha256(f._POLAR_WORDS.read_bytes()).hexdigest()[:8]
    assert f.SCHEME.endswith(f"-polar{digest}")
