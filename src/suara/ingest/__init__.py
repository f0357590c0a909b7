"""Imports: file formats, column mapping, validation and idempotent upserts into the store."""

from suara.ingest.importer import DEFAULT_SOURCE, import_file
from suara.ingest.kinds import KIND_NAMES
from suara.ingest.mapping import MappingFile, load_mapping_file, parse_map_options
from suara.ingest.report import ImportReport, RowError

__all__ = [
    "DEFAULT_SOURCE",
    "KIND_NAMES",
    "ImportReport",
    "MappingFile",
    "RowError",
    "import_file",
    "load_mapping_file",
    "parse_map_options",
]
