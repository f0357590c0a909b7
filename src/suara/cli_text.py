"""``suara text``: analyse the store's feedback, annotate any CSV/JSONL file, retrain models."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from suara.domain.errors import TextModelError, UnsupportedFileFormat
from suara.terminal import out, progress_bar, reports_errors, start
from suara.text import TextAnalysis, TextAnalyzer
from suara.text import train as training

text_app = typer.Typer(no_args_is_help=True, help="Text analytics on comments and reviews.")


def annotation(analysis: TextAnalysis) -> dict[str, Any]:
    """The columns ``suara text analyze FILE`` adds to each row."""
    return {
        "text_redacted": analysis.text,
        "language": analysis.language,
        "sentiment": analysis.sentiment.label.value,
        "sentiment_score": round(analysis.sentiment.score, 4),
        "emotion": analysis.emotion.label.value if analysis.emotion else "",
        "aspects": ";".join(f"{a.aspect.value}:{a.polarity.value}" for a in analysis.aspects),
        "model_version": analysis.model_version,
    }


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise UnsupportedFileFormat(f"{path} does not exist or is not a file")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8-sig") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    if suffix in (".csv", ".tsv", ".txt"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            delimiter = max((",", ";", "\t"), key=first.count)
            return list(csv.DictReader(handle, delimiter=delimiter))
    raise UnsupportedFileFormat(f"{path.name}: `suara text analyze` reads CSV or JSON Lines")


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(dict.fromkeys(k for r in rows for k in r)))
        writer.writeheader()
        writer.writerows(rows)


@text_app.command("analyze")
@reports_errors
def analyze_file(
    file: Annotated[Path, typer.Argument(help="CSV or JSON Lines with a text column.")],
    column: Annotated[str, typer.Option(help="The column holding the text.")] = "text",
    output: Annotated[
        Path | None, typer.Option(help="Where to write (default: FILE.analyzed.csv/.jsonl).")
    ] = None,
) -> None:
    """Annotate every row of a file with language, sentiment, aspects, emotion; PII redacted.

    The original text is not copied to the output: only its redacted form is.
    """
    rows = _read(file)
    if rows and column not in rows[0]:
        columns = ", ".join(rows[0])
        raise UnsupportedFileFormat(f"{file.name} has no column {column!r} (it has {columns})")
    analyzer = TextAnalyzer()
    texts = [str(row.get(column) or "") for row in rows]
    with progress_bar() as bar:
        task = bar.add_task("text", total=len(texts))
        results = analyzer.analyze_many(
            texts, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    annotated = []
    for row, analysis in zip(rows, results, strict=True):
        kept = {k: v for k, v in row.items() if k != column}
        annotated.append(kept | annotation(analysis))
    target = output or file.with_name(f"{file.stem}.analyzed{file.suffix}")
    _write(target, annotated)
    out.print(f"{len(annotated)} → {target}")


@text_app.command("analyze-store")
@reports_errors
def analyze_store() -> None:
    """Analyse every feedback item in the store not yet read by the current model."""
    suara, _ = start()
    with progress_bar() as bar:
        task = bar.add_task("feedback", total=None)
        count = suara.analyze_feedback(
            progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    out.print(_("text.analyzed", count=_.number(count), version=suara.text.model_version))


@text_app.command("train")
@reports_errors
def train(
    data: Annotated[Path, typer.Option(help="The shared data folder.")] = Path("../shared/data"),
    only: Annotated[str | None, typer.Option(help="sentiment or emotion.")] = None,
) -> None:
    """Retrain the fast text models from the public data sets (fixed seeds; prints scores)."""
    if only not in (None, "sentiment", "emotion"):
        raise TextModelError(f"--only {only!r}: choose sentiment or emotion")
    arguments = ["--data", str(data)] + (["--only", only] if only else [])
    code = training.main(arguments)
    if code:
        raise typer.Exit(code=code)


def register(app: typer.Typer) -> None:
    app.add_typer(text_app, name="text")
