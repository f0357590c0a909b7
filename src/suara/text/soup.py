"""Model soups of LoRA runs: several fine-tuning runs averaged into one model of one's cost.

Runs fine-tuned from the same starting point land in one basin of the loss, so the mean of
their weights scores like an ensemble of them while costing one model at inference (a
"uniform soup", Wortsman et al. 2022, "Model soups: averaging weights of multiple fine-tuned
models improves accuracy without increasing inference time"). With LoRA the runs share the
base weights and differ in their updates ``ΔW_i = s · B_i A_i``; the mean update

    (1/n) Σ s · B_i A_i  =  s · [B_1/n … B_n/n] · [A_1; …; A_n]

is itself a LoRA update of rank ``n · r`` — the ``A`` stacked, the ``B`` side by side — so a
soup is saved in the adapter format the accurate tier already reads (rank ``n · r``, alpha
``n · alpha``, which keeps ``s = alpha / rank``) and is merged into the weights at load like
any other. Biases, layer norms and heads are averaged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from suara.domain.errors import TextModelError

State = Mapping[str, np.ndarray]


def soup_states(states: Sequence[State]) -> dict[str, np.ndarray]:
    """The uniform soup of ``states`` (each a run's trainable parameters, same names and
    ranks): ``lora_a`` stacked, ``lora_b`` side by side divided by the number of runs, every
    other parameter averaged."""
    if not states:
        raise TextModelError("a soup needs at least one run")
    names = set(states[0])
    for state in states[1:]:
        if set(state) != names:
            diff = sorted(names.symmetric_difference(state))[:3]
            raise TextModelError(f"the runs have different parameters ({diff}); cannot average")
    n = len(states)
    out: dict[str, np.ndarray] = {}
    for name in sorted(names):
        values = [np.asarray(s[name], dtype=np.float32) for s in states]
        if name.endswith(".lora_a"):
            out[name] = np.concatenate(values, axis=0)
        elif name.endswith(".lora_b"):
            out[name] = np.concatenate(values, axis=1) / n
        else:
            shapes = {v.shape for v in values}
            if len(shapes) != 1:
                raise TextModelError(f"{name} has different shapes in the runs: {shapes}")
            out[name] = np.asarray(np.mean(values, axis=0, dtype=np.float32))
    return out
