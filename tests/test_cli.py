"""The ``suara`` command as a user runs it: clear messages, exit status 2 for mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from suara.cli import app
from tests.ingest.files import write_csv

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}


ORDER = {
    "order_id": "A1",
    "customer_id": "C1",
    "channel": "site",
    "amount": "Rp 10.000",
    "ordered_at": "01/02/2024",
}


def test_import_prints_a_summary(tmp_path: Path, env: dict[str, str]) -> None:
    path = write_csv(tmp_path / "orders.csv", [ORDER, dict(ORDER, order_id="A2")])
    result = runner.invoke(app, ["import", "orders", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert "orders: 2 rows written of 2 read (orders.csv)" in result.output
    info = runner.invoke(app, ["db", "info"], env=env)
    assert "suara.db" in info.output
    assert "orders" in info.output


def test_bad_rows_exit_2_with_every_location_and_no_traceback(
    tmp_path: Path, env: dict[str, str]
) -> None:
    rows = [ORDER] + [dict(ORDER, order_id=f"B{n}", amount="banyak") for n in range(25)]
    path = write_csv(tmp_path / "orders.csv", rows)
    result = runner.invoke(app, ["import", "orders", str(path)], env=env)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "orders.csv, row 3, column 'amount'" in result.output
    assert "25 of 26 rows are invalid; nothing was written" in result.output
    assert "and 5 more" in result.output
    errors = (tmp_path / "orders.errors.csv").read_text(encoding="utf-8").splitlines()
    assert len(errors) == 26


def test_skip_invalid_reports_rejects_file(tmp_path: Path, env: dict[str, str]) -> None:
    path = write_csv(tmp_path / "orders.csv", [ORDER, dict(ORDER, order_id="X", amount="?")])
    result = runner.invoke(app, ["import", "orders", str(path), "--skip-invalid"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 rows rejected" in result.output
    assert (tmp_path / "orders.rejected.csv").exists()


def test_map_option_and_saved_mapping(tmp_path: Path, env: dict[str, str]) -> None:
    row = {
        "Nomor": "Z1",
        "Pembeli": "C9",
        "Via": "app",
        "Bayar": "Rp 10.000",
        "Kapan": "01/01/2025",
    }
    path = write_csv(tmp_path / "export.csv", [row])
    saved = tmp_path / "shopee.yaml"
    args = ["import", "orders", str(path), "--source", "shopee", "--save-mapping", str(saved)]
    for pair in (
        "Nomor=external_id",
        "Pembeli=customer_id",
        "Via=channel",
        "Bayar=amount",
        "Kapan=ordered_at",
    ):
        args += ["--map", pair]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "Nomor: external_id" in saved.read_text(encoding="utf-8")
    again = runner.invoke(app, ["import", "orders", str(path), "--mapping", str(saved)], env=env)
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "orders", "nowhere.csv"], "does not exist"),
        (["import", "orders", "x.csv", "--map", "nonsense"], "SOURCE_COLUMN=field"),
    ],
)
def test_user_mistakes_are_one_line(
    tmp_path: Path, env: dict[str, str], args: list[str], message: str
) -> None:
    write_csv(tmp_path / "x.csv", [ORDER])
    result = runner.invoke(app, [*args[:2], str(tmp_path / args[2]), *args[3:]], env=env)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_settings_are_reported(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["db", "info"], env=env | {"SUARA_TIMEZONE": "Mars/Olympus"})
    assert result.exit_code == 2
    assert "not a time zone" in result.output


def test_unknown_kind_is_a_usage_error(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["import", "invoices", "x.csv"], env=env)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_indonesian_is_the_default_language(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orders.csv", [ORDER])
    result = runner.invoke(app, ["import", "orders", str(path)], env={"SUARA_HOME": str(tmp_path)})
    assert "baris ditulis" in result.output
