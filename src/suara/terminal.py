"""What every ``suara`` command shares: the consoles, the error guard, the app and language.

Kept apart from :mod:`suara.cli` so command groups can live in their own modules.
"""

from __future__ import annotations

import functools
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from suara.app import Suara, build
from suara.domain.errors import SuaraError
from suara.i18n import Translator
from suara.settings import load_settings

P = ParamSpec("P")
out = Console(highlight=False, soft_wrap=True)  # paths and messages are never broken
err = Console(stderr=True, highlight=False, soft_wrap=True)


def reports_errors(command: Callable[P, None]) -> Callable[P, None]:
    """A SuaraError becomes one line on stderr and exit status 2; anything else is a bug."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except SuaraError as exc:
            err.print(f"[bold red]{escape(str(exc))}[/]")  # a path or header may hold [ ]
            raise typer.Exit(code=2) from exc

    return run


@contextmanager
def terminated_as_exit() -> Iterator[None]:
    """While the block runs, SIGTERM (``kill``, a service manager stopping the job) exits
    like Ctrl-C does, through every ``finally``: a command writing a file removes its
    partial output instead of leaving it behind. Only in the main thread, where signal
    handlers live; elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _: object) -> None:
        raise SystemExit(128 + signum)

    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def start() -> tuple[Suara, Translator]:
    """Settings from the environment, logging, the app, and the user's language."""
    settings = load_settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    return build(settings), Translator(settings.language)


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,  # nothing (not even a blank line) into a pipe or a log
    )
