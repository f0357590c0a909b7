"""One function from a URL to an ibis backend, so metrics run wherever the data lives.

The app database (SQLite, PostgreSQL), Parquet/CSV exports read through DuckDB and a local
Spark session all come back as ibis backends whose session time zone is UTC: stored times are
UTC, and the metrics convert to the store's time zone themselves. Nothing is opened at import
time; each call opens a fresh connection (Spark reuses the process's one session).

========================================  =================================================
URL                                       backend
========================================  =================================================
``sqlite:///path/to/suara.db``            SQLite file (must exist)
``postgresql://user@host:5432/db``        PostgreSQL (``postgresql+psycopg://`` works too)
``duckdb://`` / ``duckdb:///file.duckdb``  DuckDB in memory / on disk
``exports/*.parquet``, ``data/``, ``x.csv``  DuckDB in memory, one table per file stem
``spark://local`` / ``spark://local[2]``  PySpark local session (needs ``suara[spark]``)
========================================  =================================================
"""

from __future__ import annotations

import glob
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import ibis
from ibis.backends import BaseBackend

from suara.domain.errors import ConfigurationError, StoreUnavailable

logger = logging.getLogger(__name__)

FILE_SUFFIXES = (".parquet", ".csv")


def connect(url: str | Path) -> BaseBackend:
    """Open the ibis backend that ``url`` names (see the module docstring for the forms)."""
    text = str(url)
    if "://" not in text:
        return _duckdb_over_files(text)
    scheme = text.partition("://")[0]
    engine = scheme.split("+", 1)[0].lower()
    if engine == "sqlite":
        return _sqlite(text)
    if engine in ("postgresql", "postgres"):
        return _postgres(text)
    if engine == "duckdb":
        return _duckdb(text)
    if engine == "spark":
        return _spark(text)
    if engine == "file":
        return _duckdb_over_files(unquote(urlsplit(text).path))
    msg = (
        f"unknown engine {scheme!r} in {_redact(text)!r}; use sqlite:///, postgresql://, "
        "duckdb://, spark://local or a path to .parquet/.csv files"
    )
    raise ConfigurationError(msg)


def register_files(backend: BaseBackend, paths: Iterable[str | Path]) -> list[str]:
    """Expose Parquet/CSV files as tables named after their stems; returns the table names.

    Works on any backend with ``read_parquet``/``read_csv`` (DuckDB, PySpark).
    """
    names: list[str] = []
    for path in paths:
        file = Path(path)
        reader = backend.read_parquet if file.suffix == ".parquet" else backend.read_csv
        reader(str(file), table_name=file.stem)
        names.append(file.stem)
    return names


def files_matching(pattern: str | Path) -> list[Path]:
    """The .parquet/.csv files a path, a directory or a glob pattern names, sorted."""
    text = str(pattern)
    if Path(text).is_dir():
        candidates = [p for p in Path(text).iterdir() if p.is_file()]
    else:
        candidates = [Path(p) for p in glob.glob(text, recursive=True)]
    files = sorted(p for p in candidates if p.suffix.lower() in FILE_SUFFIXES)
    if not files:
        msg = f"no .parquet or .csv files match {text!r}; give a file, a directory or a glob"
        raise StoreUnavailable(msg)
    stems = [p.stem for p in files]
    duplicates = sorted({s for s in stems if stems.count(s) > 1})
    if duplicates:
        msg = f"two files would both become table {duplicates[0]!r}; rename one of them"
        raise ConfigurationError(msg)
    return files


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _sqlite(url: str) -> BaseBackend:
    path = unquote(urlsplit(url).path)
    path = path[1:] if path.startswith("/") else path
    if path in ("", ":memory:"):
        return _as_backend(ibis.sqlite.connect())
    if not Path(path).is_file():
        msg = f"SQLite database {path!r} does not exist; check the path in {url!r}"
        raise StoreUnavailable(msg)
    return _as_backend(ibis.sqlite.connect(path))


def _postgres(url: str) -> BaseBackend:
    parts = urlsplit(url)
    try:
        backend = ibis.postgres.connect(
            host=parts.hostname or "localhost",
            port=parts.port or 5432,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            database=parts.path.lstrip("/") or None,
        )
    except Exception as exc:
        msg = f"cannot connect to PostgreSQL at {_redact(url)!r}: {exc}"
        raise StoreUnavailable(msg) from exc
    return _as_backend(backend)


def _duckdb(url: str) -> BaseBackend:
    path = unquote(urlsplit(url).path)
    path = path[1:] if path.startswith("/") else path
    if path:
        return _as_backend(ibis.duckdb.connect(path))
    return _as_backend(ibis.duckdb.connect())


def _duckdb_over_files(pattern: str) -> BaseBackend:
    files = files_matching(pattern)
    backend = _as_backend(ibis.duckdb.connect())
    names = register_files(backend, files)
    logger.info("DuckDB over %d file(s): %s", len(files), ", ".join(names))
    return backend


def _spark(url: str) -> BaseBackend:
    master = url.partition("://")[2] or "local[*]"
    if not master.startswith("local"):
        msg = f"only local Spark is supported (spark://local or spark://local[N]), got {url!r}"
        raise ConfigurationError(msg)
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        msg = "Spark needs PySpark: pip install 'suara[spark]' (and Java 17)"
        raise ConfigurationError(msg) from exc
    session = (
        SparkSession.builder.master("local[*]" if master == "local" else master)
        .appName("suara")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return _as_backend(ibis.pyspark.connect(session))


def _as_backend(backend: Any) -> BaseBackend:
    assert isinstance(backend, BaseBackend)
    return backend
