"""Readers for the public labelled data sets Suara's models are trained and evaluated on.

They read the files as published (see ``shared/data/README.md``); nothing is copied into the
package. Data sets without an official split (UCI sentences, PRDECT-ID) are split here,
stratified, with a fixed seed, so every run sees the same rows.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from suara.domain.errors import TrainingDataMissing

SPLITS = ("train", "valid", "test")


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str


def _require(path: Path) -> Path:
    if not path.is_file():
        raise TrainingDataMissing(
            f"{path} does not exist; pass the shared data folder (…/shared/data) that holds "
            "the published data sets"
        )
    return path


def _read_csv(path: Path) -> list[dict[str, str]]:
    with _require(path).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def smsa(data: Path, split: str) -> list[Example]:
    """IndoNLU SmSA (Purwarianti & Crisdayanti 2019): document sentiment, 3 classes."""
    path = _require(data / "indonlu_smsa_doc-sentiment-prosa" / f"{split}_preprocess.tsv")
    rows = [line.rsplit("\t", 1) for line in path.read_text("utf-8").splitlines() if line]
    return [Example(text, label.strip()) for text, label in rows]


def nusax(data: Path, split: str, *, language: str) -> list[Example]:
    """NusaX-senti (Winata et al. 2023), Indonesian or English, 3 classes."""
    folder = "nusax_senti_indonesian" if language == "id" else "nusax_senti_english"
    return [Example(r["text"], r["label"]) for r in _read_csv(data / folder / f"{split}.csv")]


def indolem(data: Path, split: str) -> list[Example]:
    """IndoLEM sentiment (Koto et al. 2020), fold 0, binary."""
    name = {"train": "train0.csv", "valid": "dev0.csv", "test": "test0.csv"}[split]
    rows = _read_csv(data / "indolem_sentiment" / name)
    return [
        Example(r["sentence"], "positive" if r["sentiment"] == "1" else "negative") for r in rows
    ]


def uci_sentences(data: Path, split: str) -> list[Example]:
    """UCI Sentiment Labelled Sentences (Kotzias et al. 2015), Amazon + Yelp, binary."""
    examples: list[Example] = []
    for name in ("amazon_cells_labelled.txt", "yelp_labelled.txt"):
        path = _require(data / "uci_sentiment_labelled_sentences_en" / name)
        for line in path.read_text("utf-8", errors="replace").splitlines():
            text, _, label = line.rpartition("\t")
            if text and label.strip() in ("0", "1"):
                examples.append(Example(text, "positive" if label.strip() == "1" else "negative"))
    return seeded_split(examples, split)


def prdect(data: Path, split: str, *, target: str = "sentiment") -> list[Example]:
    """PRDECT-ID (Sutoyo et al. 2022): Tokopedia reviews, sentiment or emotion.

    One split of the distinct review texts serves both targets (stratified by the pair of
    labels), so a review is in the same split for each task and a text written twice is in
    one split: a model trained on both tasks never scores a test review it trained on. (Split
    per target, as until 2026-12-07, 356 of the 442 emotion test reviews were sentiment
    training texts and 359 of the 440 sentiment test reviews emotion training texts, whose
    emotion gives the sentiment away.)"""
    rows = _read_csv(data / "prdect_id" / "prdect_id.csv")
    column = "Sentiment" if target == "sentiment" else "Emotion"
    strata: dict[str, str] = {}  # each distinct text, by the labels of its first row
    for r in rows:
        pair = f"{r['Sentiment'].strip().lower()}|{r['Emotion'].strip().lower()}"
        strata.setdefault(r["Customer Review"], pair)
    texts = [Example(text, pair) for text, pair in strata.items()]
    kept = {e.text for e in seeded_split(texts, split)}
    return [
        Example(r["Customer Review"], r[column].strip().lower())
        for r in rows
        if r["Customer Review"] in kept
    ]


def seeded_split(examples: list[Example], split: str, *, seed: int = 20240601) -> list[Example]:
    """Stratified 80/10/10 split with a fixed seed (for data sets that publish none)."""
    by_label: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_label[example.label].append(example)
    rng = random.Random(seed)
    out: list[Example] = []
    for label in sorted(by_label):
        items = by_label[label][:]
        rng.shuffle(items)
        n = len(items)
        cut1, cut2 = int(n * 0.8), int(n * 0.9)
        out += {"train": items[:cut1], "valid": items[cut1:cut2], "test": items[cut2:]}[split]
    return out


def _word_set(text: str) -> frozenset[str]:
    return frozenset("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def without_overlap(
    test: list[Example], train: list[Example], *, threshold: float = 0.8
) -> list[Example]:
    """``test`` less the texts whose word set overlaps a training text (Jaccard ≥ threshold).

    NusaX-id reuses SmSA sentences (re-tokenised, so exact matching misses most of them);
    scoring a model trained on SmSA on them would overstate it.
    """
    train_sets = [_word_set(e.text) for e in train]
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(train_sets):
        for w in words:
            by_word[w].append(i)
    kept = []
    for example in test:
        words = _word_set(example.text)
        candidates = {i for w in words for i in by_word.get(w, ())}
        if not any(
            len(words & train_sets[i]) / max(1, len(words | train_sets[i])) >= threshold
            for i in candidates
        ):
            kept.append(example)
    return kept
