"""Parsed batches of a file, produced in this process or, for big files, in a helper process.

Reading and parsing are pure Python and take about as long as writing to the database, so on
a machine with two or more cores a big import reads and parses in a helper process while this
one writes: the two halves overlap and a million-row export imports in about half the time.
The helper gets only the file, the kind and the resolved mapping, so what it produces is
exactly what the in-process path produces (the tests check both paths give the same store).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import IO, Any, BinaryIO

from suara.domain.errors import SuaraError, UnsupportedFileFormat
from suara.ingest.kinds import kind_spec
from suara.ingest.mapping import ResolvedMapping
from suara.ingest.readers import Row, RowSource, open_rows
from suara.ingest.report import RowError
from suara.ingest.rowparser import RowParser, records_of

PARALLEL_MIN_ROWS = 100_000
"""Below this a helper process costs more to start than it saves."""
_FRAME = struct.Struct("<Q")
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
_PIPE_BYTES = 1 << 20
PARALLEL_FORMATS = frozenset({"csv", "jsonl", "parquet"})


@dataclass(slots=True)
class ParsedBatch:
    """One batch: row numbers, raw rows (when asked for), parsed columns, problems by index.

    Columns rather than one dict per row: they cross the pipe between processes for a
    fraction of the cost, and writers that can work column by column skip building rows.
    """

    numbers: list[int]
    raws: list[Row] | None
    columns: dict[str, list[Any]]
    problems: dict[int, list[RowError]]

    @property
    def records(self) -> list[dict[str, Any]]:
        return records_of(self.columns, len(self.numbers))


@dataclass(frozen=True, slots=True)
class BatchJob:
    """Everything needed to read and parse a file, picklable for the helper process."""

    kind: str
    path: Path
    tz: tzinfo
    mapping: ResolvedMapping
    batch_size: int
    keep_raws: bool
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None


def use_helper_process(file_format: str, total_rows: int | None) -> bool:
    """Big streamed files on a machine with a spare core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        file_format in PARALLEL_FORMATS
        and (total_rows or 0) >= PARALLEL_MIN_ROWS
        and (cores or 1) > 1
    )


def parsed_batches(job: BatchJob, rows: RowSource, *, parallel: bool) -> Iterator[ParsedBatch]:
    """The rows of ``rows`` (opened from ``job.path``) as parsed batches, in file order.

    With ``parallel`` a helper process reopens the file and parses it; ``rows`` is then only
    closed, never read, here.
    """
    if not parallel:
        return _in_process(job, rows)
    rows.close()
    return _in_helper(job)


def _in_process(job: BatchJob, rows: RowSource | None = None) -> Iterator[ParsedBatch]:
    if rows is None:
        rows = open_rows(job.path, delimiter=job.delimiter, encoding=job.encoding, sheet=job.sheet)
    parser = RowParser(kind_spec(job.kind, job.tz), job.mapping, job.path.name)
    try:
        batch: list[tuple[int, Row]] = []
        for item in rows.rows:
            batch.append(item)
            if len(batch) >= job.batch_size:
                yield _parse(parser, batch, keep_raws=job.keep_raws)
                batch = []
        if batch:
            yield _parse(parser, batch, keep_raws=job.keep_raws)
    finally:
        rows.close()


def _parse(parser: RowParser, batch: list[tuple[int, Row]], *, keep_raws: bool) -> ParsedBatch:
    columns, problems = parser.parse_columns(batch)
    raws = [row for _, row in batch] if keep_raws or problems else None
    return ParsedBatch([number for number, _ in batch], raws, columns, problems)


def _send(item: object, out: BinaryIO) -> None:
    """One length-prefixed frame, written at once so the reader takes it in one gulp."""
    data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_FRAME.pack(len(data)) + data)
    out.flush()


def _receive(stream: IO[bytes]) -> ParsedBatch | _Failure | None:
    header = stream.read(_FRAME.size)
    if len(header) < _FRAME.size:
        raise EOFError
    (size,) = _FRAME.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    item: ParsedBatch | _Failure | None = pickle.loads(data)
    return item


def _produce(job: BatchJob, out: BinaryIO) -> None:
    """The helper process: send each parsed batch, then ``None`` (or the error)."""
    try:
        for batch in _in_process(job):
            _send(batch, out)
    except Exception as exc:  # reported by the importing process, which owns the transaction
        message = str(exc) if isinstance(exc, SuaraError) else f"{job.path.name}: {exc}"
        _send(_Failure(type(exc).__name__, message), out)
    else:
        _send(None, out)


def _widen(pipe: IO[bytes]) -> None:
    """A pipe of a few batches (Linux), so parsing runs ahead instead of waiting on writes."""
    with contextlib.suppress(OSError):  # capped by pipe-max-size: the default pipe works
        fcntl.fcntl(pipe.fileno(), _F_SETPIPE_SZ, _PIPE_BYTES)


@dataclass(frozen=True, slots=True)
class _Failure:
    kind: str
    message: str


def _in_helper(job: BatchJob) -> Iterator[ParsedBatch]:
    """Run ``python -m suara.ingest.pipeline`` and read its batches from a pipe.

    A plain subprocess rather than :mod:`multiprocessing`: spawning re-imports the caller's
    main module, which breaks any script that calls :func:`import_file` without a
    ``__main__`` guard.
    """
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile() as errors:
        helper = subprocess.Popen(
            [sys.executable, "-m", "suara.ingest.pipeline"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
        )
        assert helper.stdin is not None
        assert helper.stdout is not None
        _widen(helper.stdout)
        try:
            pickle.dump(job, helper.stdin)
            helper.stdin.close()
            while True:
                try:
                    item = _receive(helper.stdout)
                except EOFError:
                    helper.wait()
                    errors.seek(0)
                    tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
                    msg = (
                        f"{job.path.name}: the reading process stopped "
                        f"(exit {helper.returncode}) {' '.join(tail)}"
                    )
                    raise UnsupportedFileFormat(msg.strip()) from None
                if item is None:
                    return
                if isinstance(item, _Failure):
                    raise UnsupportedFileFormat(item.message)
                yield item
        finally:
            if helper.poll() is None:
                helper.kill()
            helper.stdout.close()
            helper.wait()


def main() -> None:
    """Entry of the helper process: a pickled :class:`BatchJob` on stdin, batches on stdout."""
    job = pickle.load(sys.stdin.buffer)
    _produce(job, sys.stdout.buffer)


if __name__ == "__main__":  # run by module path: use the importable module's classes
    from suara.ingest import pipeline

    pipeline.main()
