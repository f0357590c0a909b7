"""Emerging topics: what customers talk about that no known aspect covers, and whether it grows.

:func:`discover_topics` takes comments as ``(id, text, created_at, aspects)`` and keeps those
with no aspect. Each is represented by TF-IDF over its key-phrase terms
(:func:`suara.text.phrases.terms`: content words and their 2-3-grams after normalisation and
stopword removal), reduced by truncated SVD (latent semantic analysis) when the vocabulary is
large. k-means clusters them for every k from 2 to ``max_topics``; the k with the best cosine
silhouette (Rousseeuw 1987) wins. A cluster becomes a topic when it has at least ``min_size``
members and is coherent: its best term occurs in at least half of them (this drops the
catch-all cluster k-means always makes). Topics are named by c-TF-IDF (Grootendorst 2022):
the name is the longest of the top five terms scoring at least half the best term.

**Emerging rule.** Volumes are counted per week or month over every period from the first to
the last comment given (all comments, so quiet periods count as zero). With ``r`` recent
periods (default 1) and up to ``b`` baseline periods before them (default 3),
``growth = (mean recent + 1) / (mean baseline + 1)``; a topic is emerging when
``growth ≥ 2`` and the recent periods hold at least ``min_size`` of its comments. The +1
keeps a topic that goes from 0 to 1 comment from counting as infinite growth.
Everything is deterministic: fixed seeds, input order kept.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import combinations
from typing import Any, Literal

import numpy as np

from suara.domain.errors import TopicInputError
from suara.text.phrases import class_tfidf, terms

Period = Literal["week", "month"]
CommentId = int | str
SEED = 0
GROWTH = 2.0
COHERENCE = 0.5
SVD_DIMENSIONS = 100
SILHOUETTE_SAMPLE = 2000


@dataclass(frozen=True, slots=True)
class TopicComment:
    id: CommentId
    text: str
    created_at: datetime | date
    aspects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Topic:
    """A cluster of comments: its name, top phrases, members and volume per period."""

    name: str
    phrases: tuple[str, ...]
    members: tuple[CommentId, ...]
    volume: tuple[tuple[str, int], ...]
    growth: float
    emerging: bool

    @property
    def size(self) -> int:
        return len(self.members)


def discover_topics(
    comments: Iterable[TopicComment | Sequence[Any]],
    *,
    period: Period = "month",
    min_size: int = 5,
    max_topics: int = 20,
    recent: int = 1,
    baseline: int = 3,
    seed: int = SEED,
) -> list[Topic]:
    """Topics among ``comments`` that have no aspect; emerging ones first, then by size."""
    if period not in ("week", "month"):
        raise TopicInputError(f"period {period!r}: choose week or month")
    if min_size < 2 or max_topics < 2 or recent < 1 or baseline < 1:
        raise TopicInputError("min_size and max_topics must be ≥ 2, recent and baseline ≥ 1")
    items = [_comment(c, i) for i, c in enumerate(comments)]
    if not items:
        return []
    labels = _period_range(items, period)
    candidates = [c for c in items if not c.aspects]
    docs = [terms(c.text) for c in candidates]
    clusters = _merge(_cluster(docs, min_size=min_size, max_topics=max_topics, seed=seed), docs)
    clusters = [m for m in clusters if len(m) >= min_size]
    ranked = class_tfidf({k: [t for i in m for t in docs[i]] for k, m in enumerate(clusters)})
    topics = []
    for k, members in enumerate(clusters):
        name = _name(members, docs)
        if name is None:
            continue
        inside = set(name.split())
        rest = [t for t, _ in ranked[k] if t != name and not set(t.split()) <= inside]
        counts = dict.fromkeys(labels, 0)
        for i in members:
            counts[_label(candidates[i].created_at, period)] += 1
        volume = tuple(counts.items())
        growth = _growth([n for _, n in volume], recent=recent, baseline=baseline)
        recent_total = sum(n for _, n in volume[-recent:])
        topics.append(
            Topic(
                name=name,
                phrases=(name, *rest[:4]),
                members=tuple(candidates[i].id for i in members),
                volume=volume,
                growth=round(growth, 3),
                emerging=len(volume) > recent and growth >= GROWTH and recent_total >= min_size,
            )
        )
    return sorted(topics, key=lambda t: (not t.emerging, -t.size, t.name))


def _comment(value: TopicComment | Sequence[Any], position: int) -> TopicComment:
    if isinstance(value, TopicComment):
        comment = value
    else:
        if len(value) != 4:
            raise TopicInputError(
                f"comment {position}: expected (id, text, created_at, aspects), got {value!r}"
            )
        comment = TopicComment(value[0], str(value[1] or ""), value[2], tuple(value[3] or ()))
    if not isinstance(comment.created_at, date):
        raise TopicInputError(f"comment {comment.id!r}: created_at must be a date or datetime")
    return comment


def _label(moment: datetime | date, period: Period) -> str:
    day = moment.date() if isinstance(moment, datetime) else moment
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _period_range(items: Sequence[TopicComment], period: Period) -> list[str]:
    days = [c.created_at.date() if isinstance(c.created_at, datetime) else c.created_at
            for c in items]  # fmt: skip
    day, last = min(days), max(days)
    labels: list[str] = []
    while day <= last + timedelta(days=7):
        label = _label(day, period)
        if not labels or labels[-1] != label:
            labels.append(label)
        day += timedelta(days=7 if period == "week" else 1)
    end = _label(last, period)
    return labels[: labels.index(end) + 1]


def _growth(counts: Sequence[int], *, recent: int, baseline: int) -> float:
    if len(counts) <= recent:
        return 1.0
    now = float(np.mean(counts[-recent:]))
    before = float(np.mean(counts[-recent - baseline : -recent]))
    return (now + 1.0) / (before + 1.0)


def _common(members: Sequence[int], docs: Sequence[Sequence[str]]) -> Counter[str]:
    """Terms at least half the members use, with how many use them."""
    coverage: Counter[str] = Counter(t for i in members for t in set(docs[i]))
    return Counter({t: n for t, n in coverage.items() if n >= COHERENCE * len(members)})


def _name(members: Sequence[int], docs: Sequence[Sequence[str]]) -> str | None:
    """The longest term that at least half the members use (ties: the more used, then the
    alphabetically first); ``None`` when no term is that common: the cluster is incoherent."""
    common = _common(members, docs)
    if not common:
        return None
    return min(common, key=lambda t: (-len(t.split()), -common[t], t))


def _merge(clusters: list[list[int]], docs: Sequence[Sequence[str]]) -> list[list[int]]:
    """Join two clusters when most members of one use the other's name: k-means splits one
    topic when its comments are worded a few different ways."""
    names = [_name(m, docs) for m in clusters]
    common = [_common(m, docs) for m in clusters]
    parent = list(range(len(clusters)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in combinations(range(len(clusters)), 2):
        if (names[a] is not None and names[a] in common[b]) or (
            names[b] is not None and names[b] in common[a]
        ):
            parent[root(b)] = root(a)
    merged: dict[int, list[int]] = {}
    for i, members in enumerate(clusters):
        merged.setdefault(root(i), []).extend(members)
    return [sorted(m) for m in merged.values()]


def _cluster(
    docs: Sequence[Sequence[str]], *, min_size: int, max_topics: int, seed: int
) -> list[list[int]]:
    """Document positions per k-means cluster, k chosen by silhouette."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import normalize

    keep = [i for i, d in enumerate(docs) if d]
    if len(keep) < 2 * min_size:
        return []
    vectorizer = TfidfVectorizer(analyzer=_identity, min_df=2, sublinear_tf=True)
    try:
        x = vectorizer.fit_transform([docs[i] for i in keep])
    except ValueError:  # no term occurs twice
        return []
    nonzero = np.asarray(x.getnnz(axis=1)).ravel() > 0
    keep = [i for i, ok in zip(keep, nonzero, strict=True) if ok]
    x = x[nonzero]
    if x.shape[1] > SVD_DIMENSIONS:
        svd = TruncatedSVD(n_components=SVD_DIMENSIONS, random_state=seed)
        x = normalize(svd.fit_transform(x))
    else:
        x = x.toarray()
    best: tuple[float, np.ndarray] | None = None
    distinct = len(np.unique(np.round(x, 6), axis=0))
    for k in range(2, min(max_topics, len(keep) // min_size, distinct - 1) + 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(x)
        if len(set(labels)) < 2:
            continue
        sample = min(len(keep), SILHOUETTE_SAMPLE)
        quality = float(silhouette_score(x, labels, metric="cosine", sample_size=sample,
                                         random_state=seed))  # fmt: skip
        if best is None or quality > best[0]:
            best = (quality, labels)
    if best is None:
        return []
    clusters: dict[int, list[int]] = {}
    for position, label in zip(keep, best[1], strict=True):
        clusters.setdefault(int(label), []).append(position)
    return [v for _, v in sorted(clusters.items())]


def _identity(terms_of_doc: Sequence[str]) -> Sequence[str]:
    return terms_of_doc
