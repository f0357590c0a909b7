"""``suara metrics`` and ``suara report`` as a user runs them, on a store with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from suara.cli import app
from suara.domain.frameworks import PyramidDimension
from suara.metrics.catalog import METRICS, metric
from suara.storage import schema
from tests.ingest.files import write_csv

runner = CliRunner()

ORDERS = [
    # order, courier, ordered, promised, delivered (on time, 2 days late, early, on the day)
    ("A1", "JNE", "20/02/2025", "01/03/2025", "01/03/2025"),
    ("A2", "JNE", "21/02/2025", "01/03/2025", "03/03/2025"),
    ("A3", "SiCepat", "02/03/2025", "05/03/2025", "04/03/2025"),
    ("A4", "SiCepat", "03/03/2025", "05/03/2025", "05/03/2025"),
    ("A5", "SiCepat", "04/03/2025", "07/03/2025", ""),
]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    rows = [
        {
            "order_id": order,
            "customer_id": f"C{n}",
            "channel": "shopee",
            "amount": "Rp 100.000",
            "ordered_at": ordered,
            "promised_delivery_at": promised,
            "delivered_at": delivered,
            "courier": courier,
        }
        for n, (order, courier, ordered, promised, delivered) in enumerate(ORDERS)
    ]
    path = write_csv(tmp_path / "orders.csv", rows)
    result = runner.invoke(app, ["import", "orders", str(path)], env=environment)
    assert result.exit_code == 0, result.output
    return environment


def test_on_time_delivery_known_answer_as_json(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["metrics", "on-time", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    [overall] = json.loads(result.output)
    assert overall["n"] == 4
    assert overall["on_time_pct"] == pytest.approx(75.0)
    assert overall["on_time_pct_low"] < 75.0 < overall["on_time_pct_high"]
    assert overall["small_sample"] is True


def test_breakdown_and_filter_as_csv(env: dict[str, str]) -> None:
    args = ["metrics", "on-time", "--by", "courier", "--format", "csv"]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("courier,n,on_time_pct,")
    assert lines[1].startswith("JNE,2,50.0,")
    assert lines[2].startswith("SiCepat,2,100.0,")
    only = runner.invoke(
        app, ["metrics", "on-time", "--where", "courier=SiCepat", "--format", "json"], env=env
    )
    assert json.loads(only.output)[0]["n"] == 2


def test_table_output_marks_small_samples(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["metrics", "on-time", "--by", "month"], env=env)
    assert result.exit_code == 0, result.output
    assert "2025-02-01" in result.output
    assert "2025-03-01" in result.output
    assert "small sample" in result.output


def test_same_answer_from_parquet_through_duckdb(env: dict[str, str], tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'home' / 'suara.db'}")
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(select(schema.orders))]
    engine.dispose()
    exports = tmp_path / "exports"
    exports.mkdir()
    pq.write_table(pa.Table.from_pylist(rows), exports / "orders.parquet")
    args = ["metrics", "on-time", "--by", "courier", "--format", "json"]
    from_store = json.loads(runner.invoke(app, args, env=env).output)
    from_files = runner.invoke(app, [*args, "--data", str(exports)], env=env)
    assert from_files.exit_code == 0, from_files.output
    assert json.loads(from_files.output) == from_store


def test_report_compares_the_last_complete_month(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["report", "--as-of", "2025-04-10"], env=env)
    assert result.exit_code == 0, result.output
    assert "On-time delivery (%)" in result.output
    assert "2025-03" in result.output
    assert "small sample" in result.output.lower()
    assert "JNE" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["metrics", "on-time", "--where", "courier"], "COLUMN=VALUE"),
        (["metrics", "on-time", "--by", "colour"], "on-time breaks down by"),
        (["report", "--as-of", "kemarin"], "YYYY-MM-DD"),
        (["metrics", "nps", "--data", "nowhere/*.parquet"], "nowhere"),
    ],
)
def test_mistakes_are_one_line_with_exit_2(
    env: dict[str, str], args: list[str], message: str
) -> None:
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_report_on_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    env = {"SUARA_HOME": str(tmp_path), "SUARA_LANGUAGE": "id"}
    result = runner.invoke(app, ["report"], env=env)
    assert result.exit_code == 0, result.output
    assert "suara demo" in result.output


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("demo")
    environment = {"SUARA_HOME": str(home), "SUARA_LANGUAGE": "en"}
    args = ["demo", "--customers", "300", "--end", "2026-10-01", "--no-serve"]
    result = runner.invoke(app, args, env=environment)
    assert result.exit_code == 0, result.output
    return environment


@pytest.mark.parametrize("name", sorted(METRICS))
def test_every_registered_metric_runs_on_the_demo_store(
    demo_env: dict[str, str], name: str
) -> None:
    args = ["metrics", name, "--format", "json", "--as-of", "2026-10-01"]
    result = runner.invoke(app, args, env=demo_env)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows, name
    headline = metric(name).headline
    assert all(headline in row and "n" in row and "small_sample" in row for row in rows)


def test_pyramid_rows_name_their_dimension(demo_env: dict[str, str]) -> None:
    result = runner.invoke(app, ["metrics", "pyramid", "--format", "json"], env=demo_env)
    rows = json.loads(result.output)
    assert {row["dimension"] for row in rows} == {d.value for d in PyramidDimension}
    assert all(0 <= row["score"] <= 100 for row in rows)


def test_order_metrics_break_down_by_product_category(demo_env: dict[str, str]) -> None:
    args = ["metrics", "returns", "--by", "category", "--format", "json"]
    result = runner.invoke(app, args, env=demo_env)
    assert result.exit_code == 0, result.output
    rows = {row["category"]: row for row in json.loads(result.output)}
    worst = max(rows, key=lambda name: rows[name]["returned_pct"])
    assert worst == "Kosmetik"  # the demo's planted packaging problem
    only = runner.invoke(
        app,
        ["metrics", "on-time", "--where", "category=Kosmetik", "--format", "json"],
        env=demo_env,
    )
    assert only.exit_code == 0, only.output
    assert 0 < json.loads(only.output)[0]["n"] <= rows["Kosmetik"]["n"]
