"""Survey definitions as YAML or JSON files, for ``suara surveys validate/import/export``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from suara.domain.errors import SurveyDefinitionError
from suara.surveys.definition import SurveyDefinition, parse_definition

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def read_definition_file(path: Path) -> SurveyDefinition:
    """The survey in ``path`` (``.yaml``, ``.yml`` or ``.json``), checked."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        msg = f"{path}: a survey definition is a .yaml, .yml or .json file"
        raise SurveyDefinitionError(msg)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SurveyDefinitionError(f"{path}: cannot read it ({exc.strerror})") from exc
    try:
        data: Any = yaml.safe_load(text) if kind == "yaml" else json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise SurveyDefinitionError(f"{path}: not valid {kind.upper()}: {exc}") from exc
    return parse_definition(data, origin=str(path))


def definition_text(definition: SurveyDefinition, *, kind: str = "yaml") -> str:
    data = definition.to_data() | {"status": definition.status.value}
    first = ("key", "title_id", "title_en", "status")
    ordered: dict[str, object] = {k: data[k] for k in first if k in data}
    ordered |= {k: v for k, v in data.items() if k not in ordered}
    if kind == "json":
        return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)


def write_definition_file(definition: SurveyDefinition, path: Path) -> None:
    kind = SUFFIXES.get(path.suffix.lower(), "yaml")
    path.write_text(definition_text(definition, kind=kind), encoding="utf-8")
