"""``suara text``: analyse the store's feedback, annotate any CSV/JSONL file, retrain models."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from suara.domain.errors import (
    TextModelError,
    TopicInputError,
)
from suara.i18n import Translator
from suara.ingest.annotate import annotate_file
from suara.ingest.outputs import is_stream, output_format, sibling
from suara.ingest.readers import check_readable
from suara.settings import load_settings
from suara.terminal import err, out, progress_bar, reports_errors, start, terminated_as_exit
from suara.text import TextAnalyzer, train_accurate
from suara.text import train as training
from suara.text.hf import HfSentiment, parse_labels
from suara.text.topics import Topic
from suara.text.workers import own_cores

if TYPE_CHECKING:
    from suara.app import Suara

STORE_BATCH = 2_000


def analyze_whole_store(suara: Suara, progress: Callable[[int, int], None]) -> int:
    """``analyze_feedback`` as the commands that analyse a whole store run it (import, demo,
    reanalyze): on every core, in batches of ``STORE_BATCH``."""
    return suara.analyze_feedback(progress=progress, batch_size=STORE_BATCH, workers=own_cores())


text_app = typer.Typer(no_args_is_help=True, help="Text analytics on comments and reviews.")


@text_app.command("analyze")
@reports_errors
def analyze_file(
    file: Annotated[
        Path, typer.Argument(help="CSV/TSV, JSON, JSON Lines, Parquet or Excel with a text column.")
    ],
    column: Annotated[
        str, typer.Option("--text-column", "--column", help="The column holding the text.")
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "--output",
            help="CSV/TSV, JSON, JSON Lines, Parquet or Excel, by its extension "
            "(default: FILE.analyzed.<same>).",
        ),
    ] = None,
    tier: Annotated[
        str, typer.Option(help="fast, or accurate (needs suara\\[accurate]).")
    ] = "fast",
    model: Annotated[
        Path | None,
        typer.Option(help="A local Hugging Face checkpoint folder for sentiment (suara\\[hf])."),
    ] = None,
    labels: Annotated[
        str | None, typer.Option(help="With --model: LABEL_0=negative,LABEL_1=positive,…")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Processes to share a big file among (default and most: every core).",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="Excel sheet to read (default: the first).")
    ] = None,
) -> None:
    """Annotate every row of a file: all its columns, plus language, sentiment,
    sentiment_score, emotion, aspects (JSON with spans), the PII-redacted text, key phrases
    and the model version. A column of the file with one of those names is kept as
    <name>_input."""
    if tier not in ("fast", "accurate"):
        raise TextModelError(f"--tier {tier!r}: choose fast or accurate")
    if labels is not None and model is None:
        raise TextModelError("--labels names the labels of a --model; give the model too")
    _ = Translator(load_settings().language)
    check_readable(file)  # before the output named after it is judged
    target = output or sibling(file, "analyzed")
    output_format(target)  # a name Suara cannot write is refused before any model loads
    sentiment = HfSentiment(model, labels=parse_labels(labels)) if model else None
    analyzer = TextAnalyzer(tier="accurate" if tier == "accurate" else "fast", sentiment=sentiment)
    with terminated_as_exit(), analyzer, progress_bar() as bar:
        task = bar.add_task("text", total=None)
        written = annotate_file(
            file,
            target,
            analyzer,
            column=column,
            workers=workers or own_cores(),  # big files are shared out among the cores
            sheet=sheet,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    notices = err if is_stream(target) else out  # not into the rows on /dev/stdout
    for old, new in written.renamed.items():
        notices.print(escape(_("text.file.renamed", column=old, kept_as=new)))
    notices.print(escape(_("text.file.written", count=_.number(written.rows), target=str(target))))


@text_app.command("reanalyze")
@text_app.command("analyze-store")
@reports_errors
def analyze_store() -> None:
    """Analyse every feedback item in the store not yet read by the current model (after a
    model upgrade this re-scores them all; ``reanalyze`` and ``analyze-store`` are one)."""
    suara, _ = start()
    with progress_bar() as bar:
        task = bar.add_task("feedback", total=None)
        count = analyze_whole_store(
            suara, lambda done, total: bar.update(task, completed=done, total=total)
        )
    out.print(_("text.analyzed", count=_.number(count), version=suara.text.model_version))


@text_app.command("topics")
@reports_errors
def topics(
    period: Annotated[str, typer.Option(help="month or week.")] = "month",
    since: Annotated[
        datetime | None, typer.Option(help="Only feedback from this date on.", formats=["%Y-%m-%d"])
    ] = None,
    min_size: Annotated[int, typer.Option(min=2, help="Smallest topic, in comments.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Topics in comments that match no known aspect, emerging ones first (growth ≥ 2× the
    baseline in the latest period; see docs/models.md)."""
    if period not in ("month", "week"):
        raise TopicInputError(f"--period {period!r}: choose month or week")
    suara, _ = start()
    if since is not None and since.date() > datetime.now(suara.settings.tz).date():
        raise TopicInputError(f"--since {since:%Y-%m-%d} is after today: there is no feedback yet")
    suara.analyze_feedback()
    found = suara.emerging_topics(
        period="week" if period == "week" else "month",
        since=since.replace(tzinfo=suara.settings.tz) if since else None,
        min_size=min_size,
    )
    if as_json:
        out.print_json(data=[topic_row(t) for t in found])
        return
    if not found:
        out.print(_("text.topics.none", min_size=min_size))
        return
    table = Table(_("text.topics.topic"), _("text.topics.comments"), _("text.topics.growth"),
                  _("text.topics.emerging"), _(f"text.topics.volume.{period}"))  # fmt: skip
    for topic in found:
        recent = " ".join(str(n) for _label, n in topic.volume[-6:])
        table.add_row(
            " · ".join(topic.phrases[:3]),
            _.number(topic.size),
            _.number(topic.growth, decimals=1) + "×",
            "●" if topic.emerging else "",
            recent,
        )
    out.print(table)


def topic_row(topic: Topic) -> dict[str, Any]:
    """The JSON form of a topic (``suara text topics --json``)."""
    return {
        "name": topic.name,
        "phrases": list(topic.phrases),
        "size": topic.size,
        "emerging": topic.emerging,
        "growth": topic.growth,
        "volume": dict(topic.volume),
        "members": list(topic.members),
    }


@text_app.command("train")
@reports_errors
def train(
    data: Annotated[Path, typer.Option(help="The shared data folder.")] = Path("../shared/data"),
    only: Annotated[str | None, typer.Option(help="sentiment, emotion or accurate.")] = None,
    epochs: Annotated[
        int | None,
        typer.Option(min=1, help="With --only accurate: passes over the training data."),
    ] = None,
) -> None:
    """Retrain the text models from the public data sets (fixed seeds; prints scores).

    The fast models by default (a minute); ``--only accurate`` fine-tunes the accurate tier
    (about 11 minutes an epoch on two idle cores; needs the extra "accurate")."""
    if only not in (None, "sentiment", "emotion", "accurate"):
        raise TextModelError(f"--only {only!r}: choose sentiment, emotion or accurate")
    if epochs is not None and only != "accurate":
        raise TextModelError("--epochs is for --only accurate (the fast models train in one go)")
    if only == "accurate":
        arguments = ["--data", str(data)] + ([] if epochs is None else ["--epochs", str(epochs)])
        code = train_accurate.main(arguments)
    else:
        code = training.main(["--data", str(data)] + (["--only", only] if only else []))
    if code:
        raise typer.Exit(code=code)


def register(app: typer.Typer) -> None:
    app.add_typer(text_app, name="text")
