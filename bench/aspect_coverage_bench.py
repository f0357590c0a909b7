"""Aspect lexicon coverage and agreement on PRDECT-ID (no data set labels Suara's aspects).

On all 4,400-odd PRDECT-ID reviews (train, valid and test; the lexicon is not trained, so
no split is held out): the share of reviews with at least one aspect, the reviews per
aspect, and — where all of a review's non-neutral aspects share one polarity — how often
that polarity is the review's sentiment label. An indirect check: it says nothing of the
aspects a review has but the lexicon misses.

    .venv/bin/python bench/aspect_coverage_bench.py

Writes bench/results/aspect_coverage.json and a RESULTS.md section.
"""

from __future__ import annotations

import json
import platform
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from results_md import replace_section
from suara.text import TextAnalyzer
from suara.text import datasets as ds

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"


def measure(data: Path = DATA) -> dict[str, object]:
    reviews = [e for split in ("train", "valid", "test") for e in ds.prdect(data, split)]
    results = TextAnalyzer().analyze_many([e.text for e in reviews])
    per_aspect: Counter[str] = Counter()
    with_aspect = one_polarity = agree = 0
    for review, result in zip(reviews, results, strict=True):
        aspects = {a.aspect.value for a in result.aspects}
        per_aspect.update(aspects)
        with_aspect += bool(aspects)
        polarities = {a.polarity.value for a in result.aspects} - {"neutral"}
        if len(polarities) == 1:
            one_polarity += 1
            agree += polarities == {review.label}
    return {
        "reviews": len(reviews),
        "with_aspect_share": round(with_aspect / len(reviews), 4),
        "reviews_per_aspect": dict(per_aspect.most_common()),
        "one_polarity_reviews": one_polarity,
        "agreement_with_review_sentiment": round(agree / one_polarity, 4),
        "model_version": results[0].model_version,
    }


def main() -> None:
    found = measure()
    found["measured_at"] = datetime.now(UTC).date().isoformat()
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "aspect_coverage.json").write_text(json.dumps(found, indent=2) + "\n")
    counts = ", ".join(f"{k} {v:,}" for k, v in found["reviews_per_aspect"].items())  # type: ignore[attr-defined]
    section = (
        "## Aspect lexicon coverage on PRDECT-ID (`bench/aspect_coverage_bench.py`)\n\n"
        f"Measured {found['measured_at']} ({platform.python_version()}): of "
        f"{found['reviews']:,} reviews, {found['with_aspect_share']:.1%} get at least one "
        f"aspect ({counts}); where all of a review's non-neutral aspects share one polarity "
        f"({found['one_polarity_reviews']:,} reviews) it is the review's sentiment label in "
        f"{found['agreement_with_review_sentiment']:.1%}.\n"
    )
    replace_section(HERE / "RESULTS.md", "aspects", section)
    print(json.dumps(found, indent=2))


if __name__ == "__main__":
    main()
