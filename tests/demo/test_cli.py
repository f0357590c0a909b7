"""``suara demo`` as a user runs it."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from suara.cli import app

runner = CliRunner()


def _words(output: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(output.split())


def test_demo_builds_and_says_where_and_what(tmp_path: Path) -> None:
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    args = ["demo", "--customers", "200", "--end", "2026-11-01"]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    output = result.output
    assert "suara.db" in output.replace("\n", "")  # rich folds a long path at 80 columns
    assert "SYNTHETIC DATA" in output
    assert re.search(r"customers\s+\S\s+200\b", output)
    assert re.search(r"orders\s+\S\s+[\d.]+", output)
    assert "feedback_items" in output
    assert "Lintas Kargo" in _words(output)
    assert (tmp_path / "home" / "suara.db").exists()

    again = runner.invoke(app, args, env=env)
    assert again.exit_code == 0, again.output
    assert "already loaded" in _words(again.output)
    assert "SYNTHETIC DATA" in again.output

    rebuilt = runner.invoke(app, [*args[:2], "60", "--replace"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "60" in rebuilt.output


def test_demo_speaks_indonesian_by_default(tmp_path: Path) -> None:
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "id"}
    result = runner.invoke(app, ["demo", "--customers", "50"], env=env)
    assert result.exit_code == 0, result.output
    assert "DATA SINTETIS" in result.output
    assert "tepat waktu" in _words(result.output)
