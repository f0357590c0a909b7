"""The ``suara`` command: parse arguments, build settings, call the app, print the outcome.

User mistakes (a :class:`SuaraError`) end with a one-line message and exit status 2, never a
traceback; exit codes are decided here and only here.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.table import Table

from suara import __version__, cli_actions, cli_dashboard, cli_metrics, cli_surveys, cli_text
from suara.app import Suara
from suara.demo import DemoConfig
from suara.domain.errors import ConfigurationError, ImportRejected
from suara.i18n import Translator
from suara.ingest import KIND_NAMES, ImportReport, MappingFile, load_mapping_file, parse_map_options
from suara.storage.migrate import head_revision
from suara.terminal import err, out, progress_bar, reports_errors, start
from suara.web import create_app

MAX_ERRORS_SHOWN = 20
TEXT_KINDS = frozenset({"reviews", "comments", "responses", "tickets"})
"""Imports that bring comments, analysed right after (``--no-analyze`` to skip)."""


app = typer.Typer(no_args_is_help=True, help="Suara: Customer Experience Management.")
db_app = typer.Typer(no_args_is_help=True, help="Database maintenance.")
app.add_typer(db_app, name="db")
customers_app = typer.Typer(no_args_is_help=True, help="Customers' personal data.")
app.add_typer(customers_app, name="customers")

cli_metrics.register(app)
cli_surveys.register(app)
cli_actions.register(app)
cli_dashboard.register(app)
cli_text.register(app)

ImportKind = StrEnum("ImportKind", {k.upper(): k for k in KIND_NAMES})  # type: ignore[misc]


_suara = start


def _print_summary(suara: Suara, _: Translator) -> None:
    summary = suara.summary()
    out.print(_("store.location", location=summary.location, backend=summary.backend))
    if summary.meta.get("dataset") == "synthetic-demo":
        out.print(f"[bold yellow]{_('store.synthetic')}[/]")
    if not any(summary.counts.values()):
        out.print(_("store.empty"))
        return
    table = Table(_("store.table"), _("store.rows"))
    for name, count in summary.counts.items():
        table.add_row(name, _.number(count))
    out.print(table)


@app.command()
@reports_errors
def version() -> None:
    """Print Suara's version."""
    out.print(f"suara {__version__}")


@app.command()
@reports_errors
def demo(
    customers: Annotated[int, typer.Option(min=50, help="Number of synthetic customers.")] = 5000,
    months: Annotated[int, typer.Option(min=3, max=60, help="Months of history.")] = 18,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same store.")
    ] = 20261122,
    replace: Annotated[
        bool, typer.Option(help="Delete the store's data and rebuild the demo.")
    ] = False,
    end: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="First day after the history (default: the 1st of this month, WIB).",
        ),
    ] = None,
    serve: Annotated[
        bool | None,
        typer.Option("--serve/--no-serve", help="Then start the web app (default: in a terminal)."),
    ] = None,
) -> None:
    """Build the seeded synthetic demo store, summarise it, and start the web app."""
    serve = sys.stdout.isatty() if serve is None else serve
    suara, _ = _suara()
    if suara.demo_loaded() and not replace:
        out.print(_("demo.already"))
        _print_summary(suara, _)
        _serve_demo(suara, _, serve=serve)
        return
    config = DemoConfig(
        customers=customers,
        months=months,
        seed=seed,
        replace=replace,
        end=end.date() if end else None,
    )
    out.print(_("demo.building", customers=customers, months=months, seed=seed))
    started = time.perf_counter()
    with _progress() as bar:
        task = bar.add_task("demo", total=None)

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        summary = suara.build_demo(config, progress=report)
        bar.update(task, description="text", completed=0, total=None)
        analysed = cli_text.analyze_whole_store(
            suara, lambda done, total: bar.update(task, completed=done, total=total)
        )
    out.print(_("demo.built", seconds=_.number(time.perf_counter() - started, decimals=1)))
    out.print(_("text.analyzed", count=_.number(analysed), version=suara.text.model_version))
    _print_summary(suara, _)
    out.print(_("demo.effects"))
    for effect in summary.describe_effects(_.language):
        out.print(f"  • {effect}")
    out.print(_("demo.next"))
    _serve_demo(suara, _, serve=serve)


def _serve_demo(suara: Suara, _: Translator, *, serve: bool) -> None:
    base = f"http://{suara.settings.host}:{suara.settings.port}"
    out.print(_("serve.survey", url=f"{base}/s/nps"), markup=False)
    cli_dashboard.print_demo_users(suara, _)
    if serve:
        _serve(suara, _, host=suara.settings.host, port=suara.settings.port)


def _serve(suara: Suara, _: Translator, *, host: str, port: int) -> None:
    out.print(_("serve.listening", url=f"http://{host}:{port}"), markup=False)
    level = suara.settings.log_level.lower()
    uvicorn.run(create_app(suara), host=host, port=port, log_level=level)


@app.command()
@reports_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default SUARA_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default SUARA_PORT).")] = None,
) -> None:
    """Start the web app: the survey pages and the response API (/api/v1/docs)."""
    suara, _ = _suara()
    suara.surveys.install_builtins_if_empty()  # migrates, and a fresh store has surveys
    _serve(suara, _, host=host or suara.settings.host, port=port or suara.settings.port)


_progress = progress_bar


@app.command("import")
@reports_errors
def import_command(
    kind: Annotated[ImportKind, typer.Argument(help="What the file holds.")],
    file: Annotated[Path, typer.Argument(help="CSV, JSON, JSON Lines, Parquet or Excel file.")],
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="SOURCE_COLUMN=field; repeat for several columns."),
    ] = None,
    mapping: Annotated[Path | None, typer.Option(help="Saved mapping file (YAML or JSON).")] = None,
    save_mapping: Annotated[
        Path | None, typer.Option(help="Save the mapping used, for the next export.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="System the file's ids come from, e.g. shopee.")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option(help="Write the good rows; save rejected ones to a file.")
    ] = False,
    rejects: Annotated[
        Path | None, typer.Option(help="Where --skip-invalid saves rejects.")
    ] = None,
    survey: Annotated[str | None, typer.Option(help="Survey key, for responses.")] = None,
    delimiter: Annotated[
        str | None, typer.Option(help="CSV delimiter (default: detected).")
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="CSV encoding (default: detected).")] = None,
    sheet: Annotated[str | None, typer.Option(help="Excel sheet (default: the first).")] = None,
    analyze: Annotated[
        bool, typer.Option(help="Analyse new comments' text after the import (reviews etc.).")
    ] = True,
) -> None:
    """Import customers, orders, products, reviews, comments, tickets, touchpoints or responses."""
    suara, _ = _suara()
    mapping_file = load_mapping_file(mapping) if mapping else None
    explicit = parse_map_options(map_ or [])
    with _progress() as bar:
        task = bar.add_task(_("import.reading", file=file.name, format=file.suffix), total=None)
        try:
            report = suara.import_file(
                kind.value,
                file,
                mapping=explicit,
                mapping_file=mapping_file,
                source=source,
                skip_invalid=skip_invalid,
                rejects_path=rejects,
                survey=survey,
                delimiter=delimiter,
                encoding=encoding,
                sheet=sheet,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except ImportRejected as exc:
            if isinstance(exc.report, ImportReport):
                _print_errors(exc.report, file, _)
            raise
    out.print(
        _(
            "import.done",
            kind=kind.value,
            written=report.rows_written,
            read=report.rows_read,
            file=file.name,
        )
    )
    if report.ignored_columns:
        out.print(_("import.ignored", columns=", ".join(report.ignored_columns)))
    if analyze and kind.value in TEXT_KINDS and report.rows_written:
        with _progress() as bar:
            task = bar.add_task("text", total=None)
            count = cli_text.analyze_whole_store(
                suara, lambda done, total: bar.update(task, completed=done, total=total)
            )
        out.print(_("text.analyzed", count=_.number(count), version=suara.text.model_version))
    if report.rows_rejected and report.rejects_path:
        out.print(
            _("import.rejected_rows", rejected=report.rows_rejected, path=report.rejects_path)
        )
        _print_errors(report, file, _)
    if save_mapping:
        MappingFile(
            report.mapping and {c: f for f, c in report.mapping.items()},
            source=source,
            kind=kind.value,
        ).dump(save_mapping)
        out.print(_("import.mapping_saved", path=save_mapping))


def _print_errors(report: ImportReport, file: Path, _: Translator) -> None:
    err.print(_("import.errors"))
    for error in report.errors[:MAX_ERRORS_SHOWN]:
        err.print(f"  {error}", markup=False)
    hidden = len(report.errors) - MAX_ERRORS_SHOWN
    if hidden > 0:
        path = file.with_name(f"{file.stem}.errors.csv")
        report.write_errors(path)
        err.print(_("import.more_errors", count=hidden, path=path))


@customers_app.command("erase")
@reports_errors
def erase(
    customer_id: Annotated[int, typer.Argument(help="The customer's id in Suara.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: this cannot be undone.")] = False,
) -> None:
    """Erase a customer's personal data on their request (UU PDP); orders and scores stay."""
    suara, _ = _suara()
    if not yes:
        raise ConfigurationError(_("customers.confirm", id=customer_id))
    report = suara.erase_customer(customer_id, requested_by="cli")
    out.print(
        _(
            "customers.erased",
            id=customer_id,
            texts=report.feedback_items + report.ticket_messages + report.answers,
        )
    )


@db_app.command("upgrade")
@reports_errors
def db_upgrade() -> None:
    """Create or upgrade the database schema (also done on every start)."""
    suara, _ = _suara()
    suara.store  # noqa: B018 - opening the store migrates it
    out.print(_("db.upgraded", revision=head_revision()))


@db_app.command("info")
@reports_errors
def db_info() -> None:
    """Where the database is and how many rows each table holds."""
    suara, _ = _suara()
    _print_summary(suara, _)


def main() -> None:
    app()
