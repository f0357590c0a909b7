"""Docs that must match the code: a field, kind or setting missing from them fails the build."""

from __future__ import annotations

import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from suara.i18n import LANGUAGES, catalogue
from suara.ingest.kinds import KIND_NAMES, kind_spec
from suara.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _section(text: str, kind: str) -> str:
    start = text.index(f"### `{kind}`")
    following = text.find("\n### ", start + 1)
    return text[start : following if following != -1 else None]


def test_every_import_field_and_alias_is_documented() -> None:
    text = (ROOT / "docs" / "importing.md").read_text(encoding="utf-8")
    for kind in KIND_NAMES:
        section = _section(text, kind)
        for spec in kind_spec(kind, ZoneInfo("UTC")).fields:
            row = re.search(rf"^\| `{spec.name}` \|(.*)$", section, flags=re.M)
            assert row, f"docs/importing.md does not document {kind}.{spec.name}"
            assert ("yes" in row.group(1).split("|")[0]) == spec.required, (kind, spec.name)
            for alias in spec.aliases:
                assert alias in row.group(1), f"{kind}.{spec.name}: alias {alias} undocumented"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`SUARA_{name.upper()}`" in readme, f"README does not document SUARA_{name.upper()}"


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    base = catalogue("id")
    for language in LANGUAGES:
        other = catalogue(language)
        assert set(other) == set(base), language
        for key, message in other.items():
            assert set(re.findall(r"{(\w+)}", message)) == set(re.findall(r"{(\w+)}", base[key]))
    for path in (ROOT / "src" / "suara" / "i18n").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_readme_quick_start_is_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme[readme.index("## Quick start") :].split("```")[1]
    commands = [line.split("#")[0].strip() for line in quick.splitlines()[1:] if line.strip()]
    assert commands == ["make demo", "make test"]
