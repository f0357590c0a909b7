"""What an import did: rows read, written and rejected, with every problem located."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row: enough to find it in a spreadsheet and fix it."""

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    kind: str
    file: str
    source: str
    format: str = ""
    rows_read: int = 0
    rows_written: int = 0
    rows_rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    mapping: dict[str, str] = field(default_factory=dict)
    rejects_path: Path | None = None
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def write_errors(self, path: Path) -> None:
        """Every problem as CSV, for files with more errors than a terminal can show."""
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "row", "column", "reason"])
            for error in self.errors:
                writer.writerow([error.file, error.row, error.column, error.reason])
