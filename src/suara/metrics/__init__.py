"""KPI definitions over ibis tables, and the statistics behind their intervals and tests.

Metrics take ibis tables (or plain counts) and return typed results; they never open a
database themselves. Counting happens in the engine, statistics in :mod:`suara.metrics.stats`,
so the same numbers come out of SQLite, PostgreSQL, DuckDB and Spark.
"""
