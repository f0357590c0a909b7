"""The accurate tier's scoring pass: a batch's tokens packed end to end, int8 per token.

Why not PyTorch's dynamic quantisation, which the tier used before: it picks one activation
scale for each layer input over the whole batch, so a comment's labels depended on the
comments scored beside it (1,000 comments alone and batched: 19 sentiment and 76 emotion
labels differed). Here every step works either on one token's row — LayerNorm, GELU, and the
int8 products: weights with a scale per output channel, activations with a scale per token,
integer sums, which are exact whatever way the kernel blocks them — or on one comment's
tokens alone (attention, pooling, the heads). A comment's logits are therefore the same bits
scored alone or in any batch, and packing drops the padding's work.

The integer sums have two exact ways (:func:`integer_product`): ``torch._int_mm``, fast on a
CPU with int8 dot-product instructions (AVX-512 VNNI, AMX) and there faster than PyTorch's
dynamic kernel, but some fifteen times slower than a float product on one with AVX2 only
(measured 2026-12-07: 364 against 23 ms for a 640×384 by 384×1,152 product), which made the
tier score about one comment a second on such a machine; or a float32 product of the same
codes, which is exact too: every code is within ±127, so for ``K ≤ 1,024`` terms every
partial sum is an integer of magnitude below 2^24, which float32 holds exactly whatever the
order of the additions, and a longer sum is cut into such chunks added once at the end (one
correct rounding of the exact integer, as converting ``_int_mm``'s int32 result rounds it).
Both give the same bits, so the faster one on this machine is picked by timing them once.

Built from a trained :class:`~suara.text.e5_encoder.E5Classifier` whose adapters are merged;
training keeps the padded float model.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import cache, partial
from itertools import pairwise
from typing import Literal

import numpy as np
import torch
from torch import nn

from suara.text.e5_encoder import E5Classifier, E5Layer

_TINY = 1e-12  # the scale of an all-zero row: its values stay 0
ARITHMETIC = "packed-int8-per-token-1"
"""Names the int8 scoring arithmetic; the model file records the one its fusion was fitted
on, and the model's version hashes it, so results stored under another arithmetic are
re-scored by ``suara text reanalyze``."""


EXACT_FLOAT_TERMS = 1_024
"""The most terms of one float32 sum of int8 codes that stay exact: 127² · 1,024 < 2^24."""
Product = Literal["int_mm", "float"]


def int8_available() -> bool:
    """The int8 arithmetic runs wherever PyTorch does (the float product needs nothing
    more); kept as a function for the loader's sake."""
    return True


@cache
def integer_product() -> Product:
    """``"int_mm"`` where ``torch._int_mm`` exists and is the faster of the two exact
    integer products on this machine, else ``"float"``; timed once a process on a product
    the size of a batch's (best of three each, a fraction of a second)."""
    if not hasattr(torch, "_int_mm"):
        return "float"
    generator = torch.Generator().manual_seed(0)
    codes = torch.randint(-127, 128, (256, 384), generator=generator, dtype=torch.int8)
    weight = torch.randint(-127, 128, (384, 384), generator=generator, dtype=torch.int8)
    as_float = (codes.float(), weight.float())

    def fastest(product: Product) -> float:
        times = []
        for _ in range(4):  # the first warms up
            started = time.perf_counter()
            if product == "int_mm":
                torch._int_mm(codes, weight)
            else:
                torch.mm(*as_float)
            times.append(time.perf_counter() - started)
        return min(times[1:])

    return "int_mm" if fastest("int_mm") <= fastest("float") else "float"


class RowInt8Linear(nn.Module):
    """``y = x Wᵀ + b`` in int8: ``W`` symmetric per output channel, each row of ``x``
    symmetric with its own scale (its largest magnitude maps to 127), products summed
    exactly (:func:`integer_product`). Several linears of one input can be stacked into one
    (q, k and v: one quantisation of ``x``, one larger product)."""

    codes: torch.Tensor
    scale: torch.Tensor
    bias: torch.Tensor

    def __init__(self, *linears: nn.Linear, product: Product | None = None) -> None:
        super().__init__()
        weight = torch.cat([lin.weight.detach() for lin in linears]).float()
        bias = torch.cat([_bias(lin) for lin in linears]).float()
        scale = weight.abs().amax(dim=1).clamp_min(_TINY) / 127
        # (in, out), in a fresh row-major block: with one input, .contiguous() would keep the
        # transpose's strides (1, 1), which torch._int_mm misreads (seen on a VNNI CPU)
        codes = (
            torch.round(weight / scale[:, None]).t().clone(memory_format=torch.contiguous_format)
        )
        self.product: Product = integer_product() if product is None else product
        if self.product == "int_mm":
            self.register_buffer("codes", codes.to(torch.int8))  # as _int_mm takes it
        else:  # the same codes as floats, in row chunks each summed exactly
            self.register_buffer("codes", codes)
        self.chunks = -(-len(codes) // EXACT_FLOAT_TERMS)
        self.register_buffer("scale", scale)
        self.register_buffer("bias", bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not len(x):
            return x.new_zeros((0, len(self.bias)))
        work = x.abs()
        peak = work.amax(dim=1, keepdim=True).clamp_min_(_TINY)
        codes = torch.mul(x, 127 / peak, out=work).round_()
        total = self._sums(codes)
        return total.mul_(self.scale).mul_(peak.div_(127)).add_(self.bias)

    def _sums(self, codes: torch.Tensor) -> torch.Tensor:
        """The integer products of the rows' codes (integer-valued floats) with the weight
        codes, as float32: exact integers, rounded once where they pass 2^24."""
        if self.product == "int_mm":
            return torch._int_mm(codes.to(torch.int8), self.codes).float()
        if torch.get_float32_matmul_precision() != "highest":  # float32 products may be bf16
            return torch.mm(codes.double(), self.codes.double()).float()
        if self.chunks == 1:
            return torch.mm(codes, self.codes)
        cuts = torch.linspace(0, len(self.codes), self.chunks + 1).long().tolist()
        parts = [
            torch.mm(codes[:, lo:hi], self.codes[lo:hi]).to(torch.int32)
            for lo, hi in pairwise(cuts)
        ]
        return torch.stack(parts).sum(dim=0, dtype=torch.int32).float()


class FloatLinear(nn.Module):
    """The float twin of :class:`RowInt8Linear` (for measuring what int8 costs)."""

    weight: torch.Tensor
    bias: torch.Tensor

    def __init__(self, *linears: nn.Linear) -> None:
        super().__init__()
        self.register_buffer("weight", torch.cat([lin.weight.detach() for lin in linears]))
        self.register_buffer("bias", torch.cat([_bias(lin) for lin in linears]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.linear(x, self.weight, self.bias)


def _bias(linear: nn.Linear) -> torch.Tensor:
    if linear.bias is None:
        return torch.zeros(linear.out_features)
    return linear.bias.detach()


def _plain(module: nn.Module) -> nn.Linear:
    if not isinstance(module, nn.Linear):
        raise TypeError("merge the adapters first (E5Classifier.merge_adapters)")
    return module


class PackedLayer(nn.Module):
    """One :class:`~suara.text.e5_encoder.E5Layer` over packed tokens ``(tokens, hidden)``;
    ``spans`` are each comment's ``[start, end)`` rows, attention runs inside each."""

    def __init__(self, layer: E5Layer, linear: Callable[..., RowInt8Linear | FloatLinear]) -> None:
        super().__init__()
        lin = {name: _plain(module) for name, module in layer.lin.items()}
        self.heads = layer.heads
        self.qkv = linear(lin["q"], lin["k"], lin["v"])
        self.ao, self.fi, self.fo = linear(lin["ao"]), linear(lin["fi"]), linear(lin["fo"])
        self.attn_norm, self.out_norm = layer.attn_norm, layer.out_norm

    def forward(self, x: torch.Tensor, spans: Sequence[tuple[int, int]]) -> torch.Tensor:
        tokens, hidden = x.shape
        qkv = self.qkv(x).view(tokens, 3, self.heads, hidden // self.heads)
        ctx = torch.cat([_attention(qkv[lo:hi]) for lo, hi in spans]).view(tokens, hidden)
        x = self.attn_norm(x + self.ao(ctx))
        out: torch.Tensor = self.out_norm(x + self.fo(nn.functional.gelu(self.fi(x))))
        return out


def _attention(qkv: torch.Tensor) -> torch.Tensor:
    """One comment's self-attention: ``qkv`` is ``(t, 3, heads, head_dim)``, no mask."""
    q, k, v = qkv.permute(1, 2, 0, 3).unsqueeze(1)  # each (1, heads, t, head_dim)
    ctx = nn.functional.scaled_dot_product_attention(q, k, v)
    return ctx[0].transpose(0, 1)  # (t, heads, head_dim)


class PackedE5(nn.Module):
    """The encoder, mean pooling and heads of a merged :class:`E5Classifier`, scoring rows
    of token ids (``<s> query: … </s>``, as :func:`~suara.text.e5_encoder.token_ids` makes
    them) with no padding; ``int8=False`` keeps float products, ``product`` names the
    integer product of the int8 ones (by default the faster here, :func:`integer_product`)."""

    def __init__(
        self, model: E5Classifier, *, int8: bool = True, product: Product | None = None
    ) -> None:
        super().__init__()
        linear = partial(RowInt8Linear, product=product) if int8 else FloatLinear
        self.word = model.word
        self.pos = model.pos
        self.type_row = model.type_row
        self.emb_norm = model.emb_norm
        self.layers = nn.ModuleList(PackedLayer(layer, linear) for layer in model.layers)  # type: ignore[arg-type]
        self.tasks = {task: _plain(head) for task, head in model.heads.items()}
        for task, head in self.tasks.items():
            self.add_module(f"head_{task}", head)

    def forward(self, rows: Sequence[Sequence[int]]) -> dict[str, torch.Tensor]:
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        if not len(rows) or (lengths == 0).any():
            raise ValueError("every row needs at least one token")
        ends = np.cumsum(lengths)
        spans = list(zip((ends - lengths).tolist(), ends.tolist(), strict=True))
        ids = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
        positions = torch.from_numpy(np.concatenate([np.arange(n) for n in lengths]))
        words = torch.from_numpy(self.word.rows(ids))
        x = self.emb_norm(words + self.pos(positions) + self.type_row)
        for layer in self.layers:
            x = layer(x, spans)
        pooled = [x[lo:hi].mean(dim=0) for lo, hi in spans]
        return {
            task: torch.stack([nn.functional.linear(p, head.weight, head.bias) for p in pooled])
            for task, head in self.tasks.items()
        }
