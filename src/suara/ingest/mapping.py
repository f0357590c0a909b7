"""Which file column feeds which field: explicit maps, saved mapping files, and good guesses.

Exports from marketplaces and CRMs name columns in Indonesian or English, with spaces and
capitals; a seller should not have to rename them. Explicit ``--map`` entries win, then a saved
mapping file, then a field's own name and its known aliases (case, spaces and dashes ignored).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from suara.domain.errors import MappingError


def squash(name: str) -> str:
    """A column name reduced to what matters for matching: ``"No. HP"`` -> ``"no_hp"``."""
    out = []
    for char in name.strip().lower():
        out.append(char if char.isalnum() else "_")
    return "_".join(part for part in "".join(out).split("_") if part)


@dataclass(frozen=True, slots=True)
class MappingFile:
    """A saved mapping for a recurring export (YAML or JSON)."""

    columns: dict[str, str]
    source: str | None = None
    kind: str | None = None

    def dump(self, path: Path) -> None:
        document: dict[str, object] = {}
        if self.kind:
            document["kind"] = self.kind
        if self.source:
            document["source"] = self.source
        document["columns"] = self.columns
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
        else:
            path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def load_mapping_file(path: Path) -> MappingFile:
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except FileNotFoundError as exc:
        raise MappingError(f"mapping file {path} does not exist") from exc
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise MappingError(f"mapping file {path} is not valid YAML/JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("columns"), dict):
        msg = f"mapping file {path} must hold a 'columns:' table of source column -> field"
        raise MappingError(msg)
    columns = {str(k): str(v) for k, v in document["columns"].items()}
    source = document.get("source")
    kind = document.get("kind")
    return MappingFile(columns, str(source) if source else None, str(kind) if kind else None)


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """``["No. Pesanan=external_id"]`` -> ``{"No. Pesanan": "external_id"}``."""
    mapping: dict[str, str] = {}
    for option in options:
        column, sep, target = option.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            msg = f"--map {option!r} must look like SOURCE_COLUMN=field"
            raise MappingError(msg)
        mapping[column.strip()] = target.strip()
    return mapping


@dataclass(frozen=True, slots=True)
class ResolvedMapping:
    """Field name -> file column, plus the columns nothing uses."""

    field_to_column: dict[str, str]
    ignored_columns: tuple[str, ...]
    extra_columns: tuple[str, ...] = ()


def resolve_mapping(
    columns: Sequence[str],
    fields: Mapping[str, Sequence[str]],
    explicit: Mapping[str, str],
    *,
    keep_extra: bool = False,
) -> ResolvedMapping:
    """Match file columns to fields (``fields`` maps each field to its aliases).

    With ``keep_extra`` unmatched columns are returned as ``extra_columns`` instead of being
    ignored (survey responses: each extra column is a question).
    """
    known = set(columns)
    field_to_column: dict[str, str] = {}
    for column, target in explicit.items():
        if column not in known:
            available = ", ".join(columns)
            msg = f"--map names column {column!r}, which the file does not have ({available})"
            raise MappingError(msg)
        if target not in fields and not keep_extra:
            msg = f"--map {column}={target}: no field {target!r}; fields are {', '.join(fields)}"
            raise MappingError(msg)
        field_to_column[target] = column
    used = set(field_to_column.values())
    by_squash = {squash(c): c for c in columns if c not in used}
    for name, aliases in fields.items():
        if name in field_to_column:
            continue
        for candidate in (name, *aliases):
            match = by_squash.get(squash(candidate))
            if match is not None and match not in used:
                field_to_column[name] = match
                used.add(match)
                break
    rest = tuple(c for c in columns if c not in used)
    if keep_extra:
        return ResolvedMapping(field_to_column, (), rest)
    return ResolvedMapping(field_to_column, rest)
