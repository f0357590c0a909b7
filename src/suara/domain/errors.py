"""Suara's error hierarchy.

One root, :class:`SuaraError`, so callers (the CLI, the web layer) can tell a user's mistake
from a bug. Each error also inherits the builtin it is a kind of, so ordinary ``except
ValueError`` code keeps working. Exit codes and HTTP statuses are mapped at the edges only.
"""

from __future__ import annotations


class SuaraError(Exception):
    """Root of every error Suara raises on purpose; its message is meant for the user."""


class ConfigurationError(SuaraError, ValueError):
    """A setting is missing, malformed or unsafe for the environment."""


class StoreUnavailable(SuaraError, ConnectionError):
    """The database cannot be reached or opened."""


class ValueParseError(SuaraError, ValueError):
    """One value could not be read; the message says what was expected."""


class UnsupportedFileFormat(SuaraError, ValueError):
    """A file's extension or contents is not a format Suara can import."""


class MappingError(SuaraError, ValueError):
    """A column mapping names a field or column that does not exist."""


class ImportRejected(SuaraError, ValueError):
    """An import found bad rows and wrote nothing.

    ``report`` holds the :class:`suara.ingest.report.ImportReport` with every problem.
    """

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report


class UnknownImportKind(SuaraError, LookupError):
    """``suara import`` was asked for an entity it does not know."""


class DemoStoreExists(SuaraError, FileExistsError):
    """The demo store would overwrite data that is already there."""
