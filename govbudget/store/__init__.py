"""The archive of every package and year: a DuckDB file (or a Parquet folder) behind one
:class:`Store` (:mod:`.archive`), fed with :class:`Record` s (:mod:`.record`)."""

from govbudget.dataset import FINDINGS_SCHEMA, LINES_SCHEMA
from govbudget.findings import REPORT_COLUMNS, SCORE_COLUMNS
from govbudget.store.archive import SCHEMA_VERSION, IngestSummary, Store
from govbudget.store.record import PackageInfo, Record, StoreKeyError

__all__ = [
    "FINDINGS_SCHEMA",
    "LINES_SCHEMA",
    "REPORT_COLUMNS",
    "SCHEMA_VERSION",
    "SCORE_COLUMNS",
    "IngestSummary",
    "PackageInfo",
    "Record",
    "Store",
    "StoreKeyError",
]
