"""The store: tidy lines, findings and scores of every package and year, in one DuckDB file.

A package is stored under its key ``(department, year, phase)``; storing it again replaces every
row it had, in one transaction. Ingest writes in batches, one transaction each, so a crash leaves
each package either as it was or as it is now, and the file readable. The same tables export to
a folder of Parquet files, and :class:`Store` opened on such a folder answers the same queries.

Amounts are exact: ``DECIMAL(20,2)`` in the store, Arrow ``decimal128(20, 2)`` in the frames.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd
import pyarrow as pa

from govbudget.dataset import FINDINGS_SCHEMA, LINES_SCHEMA
from govbudget.errors import FileFormatError, InputError, UsageError
from govbudget.executors import Result
from govbudget.findings import REPORT_COLUMNS, SCORE_COLUMNS
from govbudget.io import atomic_folder
from govbudget.model import LINE_COLUMNS, YUAN_DTYPE, Package
from govbudget.store.record import (
    INT,
    KEY,
    PACKAGES_SCHEMA,
    TEXT,
    YUAN,
    PackageInfo,
    Record,
    StoreKeyError,
    package_row,
    with_seq,
)

if TYPE_CHECKING:
    from typing import Unpack

    from govbudget.dataset import Dataset
    from govbudget.findings import PackageResult
    from govbudget.validate import Options, Progress

SCHEMA_VERSION = "2"
_SQL_TYPES = {TEXT: "VARCHAR", INT: "INTEGER", YUAN: "DECIMAL(20,2)", pa.int64(): "BIGINT",
              pa.date32(): "DATE", pa.bool_(): "BOOLEAN", pa.float64(): "DOUBLE"}  # fmt: skip
_KEY_SCHEMA = pa.schema([("department", TEXT), ("year", INT), ("phase", TEXT)])
_TABLES = {"lines": LINES_SCHEMA, "findings": FINDINGS_SCHEMA, "packages": PACKAGES_SCHEMA}
_DELETE = (
    "DELETE FROM {table} USING {keys} k WHERE {table}.department = k.department"
    " AND {table}.year = k.year AND {table}.phase = k.phase"
)
_ORDER = {"lines": "department, year, phase, seq", "findings": "department, year, phase, seq",
          "packages": "department, year, phase"}  # fmt: skip


@dataclass
class IngestSummary:
    """What :meth:`Store.ingest` did."""

    packages: int = 0
    lines: int = 0
    findings: int = 0
    failures: list[Result] = field(default_factory=list)


class Store:
    """The archive at ``path``: a DuckDB file (read/write), or a folder of Parquet (read-only)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.parquet = self.path.is_dir()
        self.read_only = read_only or self.parquet
        if self.parquet:
            self._con = duckdb.connect()
            for name in _TABLES:
                source = self.path / f"{name}.parquet"
                if not source.is_file():
                    raise FileFormatError(
                        f"不是 govbudget 数据集 · not a dataset ({name})", file=source
                    )
                self._run(f"CREATE VIEW {name} AS SELECT * FROM {_parquet(source)}")
            return
        if self.read_only and not self.path.is_file():
            raise UsageError(f"档案不存在 · store not found: {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path), read_only=self.read_only)
        except duckdb.IOException as err:
            if "lock" in str(err).lower():
                raise UsageError(f"档案正被其他进程使用 · store in use: {self.path}") from err
            detail = f"不是 DuckDB 档案 · not a DuckDB store: {err}"
            raise FileFormatError(detail, file=self.path) from err
        if not self.read_only:
            self._create()
        version = self._run("SELECT value FROM store_meta WHERE key = 'schema'")
        if version != [(SCHEMA_VERSION,)]:
            detail = f"档案版本不符 · store schema {version} ≠ {SCHEMA_VERSION}"
            raise FileFormatError(detail, file=self.path)

    def _create(self) -> None:
        con = self._con
        con.begin()
        for name, schema in _TABLES.items():
            cols = [f'"{f.name}" {_SQL_TYPES[f.type]}' for f in schema]
            cols += {"lines": ["seq INTEGER"], "findings": ["seq INTEGER"]}.get(name, [])
            cols += ["ingested_at TIMESTAMP"] if name == "packages" else []
            self._run(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(cols)})")
        self._run("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR, value VARCHAR)")
        if not self._run("SELECT 1 FROM store_meta WHERE key = 'schema'"):
            self._run("INSERT INTO store_meta VALUES ('schema', ?)", [SCHEMA_VERSION])
        con.commit()

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing -------------------------------------------------------------------------

    def upsert(
        self,
        package: Package | PackageInfo,
        lines: pd.DataFrame | pa.Table | None = None,
        findings: pd.DataFrame | pa.Table | None = None,
        score: float | None = None,
    ) -> None:
        """Store one package, replacing whatever the store held under its key."""
        self.upsert_many([Record.build(package, lines, findings, score)])

    def upsert_many(self, records: Iterable[Record]) -> int:
        """Store packages in one transaction (the last record of a key wins); returns how many."""
        if self.read_only:
            raise UsageError(f"档案只读 · store is read-only: {self.path}")
        batch = list({(r.info.department, r.info.year, r.info.phase): r for r in records}.values())
        if not batch:
            return 0
        keys = pa.table({k: [getattr(r.info, k) for r in batch] for k in KEY}, schema=_KEY_SCHEMA)
        lines = with_seq([r.lines for r in batch], LINES_SCHEMA)
        findings = with_seq([r.findings for r in batch if r.findings is not None], FINDINGS_SCHEMA)
        packages = pa.Table.from_pylist([package_row(r) for r in batch], schema=PACKAGES_SCHEMA)
        con = self._con
        con.begin()
        try:
            con.register("_keys", keys)
            known = self._run("SELECT 1 FROM packages JOIN _keys USING (department, year, phase)")
            for name in _TABLES if known else ():
                self._run(_DELETE.format(table=name, keys="_keys"))
            for name, table in (("lines", lines), ("findings", findings), ("packages", packages)):
                con.register("_rows", table)
                extra = ", current_localtimestamp() AS ingested_at" if name == "packages" else ""
                self._run(f"INSERT INTO {name} BY NAME SELECT *{extra} FROM _rows")
                con.unregister("_rows")
            con.unregister("_keys")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return len(batch)

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        check: bool = True,
        progress: Progress | None = None,
        batch_size: int = 200,
        **options: Unpack[Options],
    ) -> IngestSummary:
        """Read (and check) every input under ``paths`` into the store, a batch at a time.

        Inputs come by the one road (:func:`govbudget.validate.iter_validate`, with its
        ``options``); unreadable ones are listed in ``failures`` and do not stop the others. Of
        twins (one department, year and phase twice) the representative one is stored.
        """
        from govbudget.validate import iter_validate, representative

        summary = IngestSummary()
        batch: list[Record] = []
        twins: list[PackageResult] = []
        failed: list[InputError] = []
        results = iter_validate(paths, check=check, progress=progress, failed=failed, **options)
        for result in results:
            if result.value is None:
                summary.failures.append(result)
            elif result.index < 0:  # a twin, re-checked with PKG007 after the stream
                twins.append(result.value)
            else:
                self._add(result, batch, summary, check)
                if len(batch) >= batch_size:
                    summary.packages += self.upsert_many(batch)
                    batch = []
        summary.packages += self.upsert_many(batch)
        if twins:
            batch = []
            for twin in representative(twins):
                self._add(Result(-1, Path(twin.package.file), value=twin), batch, summary, check)
            self.upsert_many(batch)
        summary.failures[:0] = [Result(-1, Path(f.file or ""), error=f) for f in failed]
        return summary

    @staticmethod
    def _add(
        result: Result[PackageResult], batch: list[Record], summary: IngestSummary, check: bool
    ) -> None:
        """Append the record of one read package to ``batch`` (a missing key is a failure)."""
        assert result.value is not None
        try:
            record = (
                Record.from_result(result.value) if check else Record.build(result.value.package)
            )
        except StoreKeyError as err:
            summary.failures.append(Result(result.index, result.path, error=err))
            return
        batch.append(record)
        summary.lines += record.lines.num_rows
        summary.findings += 0 if record.findings is None else record.findings.num_rows

    def import_parquet(self, folder: str | Path) -> int:
        """Store every package of a Parquet dataset (see :meth:`export_parquet`), in one
        transaction; returns how many packages it held."""
        source = Store(folder)
        try:
            tables = {name: source._table(f"SELECT * FROM {name}") for name in _TABLES}
        finally:
            source.close()
        con = self._con
        if self.read_only:
            raise UsageError(f"档案只读 · store is read-only: {self.path}")
        con.begin()
        try:
            for name, table in tables.items():
                con.register(f"_{name}", table)
            for name in _TABLES:
                self._run(_DELETE.format(table=name, keys="_packages"))
            for name in _TABLES:
                self._run(f"INSERT INTO {name} BY NAME SELECT * FROM _{name}")
                con.unregister(f"_{name}")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return tables["packages"].num_rows

    def export_parquet(self, folder: str | Path) -> Path:
        """Write the whole store as ``lines``/``findings``/``packages``.parquet into ``folder``,
        replacing it as a whole (a half-written export never takes the old one's place)."""
        with atomic_folder(folder) as tmp:
            for name in _TABLES:
                target = _sql_str(str(tmp / f"{name}.parquet"))
                query = f"SELECT * FROM {name} ORDER BY {_ORDER[name]}"
                self._run(f"COPY ({query}) TO '{target}' (FORMAT parquet)")
        return Path(folder)

    # ---- queries -------------------------------------------------------------------------

    def lines(self, **filters: Any) -> pd.DataFrame:
        """Tidy lines (``LINE_COLUMNS``), filtered by any of their columns (a value or a list)."""
        where, params = _where(filters, LINES_SCHEMA)
        sql = f"SELECT {_cols(LINE_COLUMNS)} FROM lines {where} ORDER BY {_ORDER['lines']}"
        return self._frame(sql, params)

    def department_years(self, department: str, *, phase: str | None = None) -> pd.DataFrame:
        """Every tidy line of one department, all years (the dashboard's department view)."""
        return self.lines(department=department, phase=phase)

    def city_totals(
        self,
        year: int,
        phase: str,
        *,
        table: str = "expenditure",
        measure: str = "total",
        depth: int = 1,
        level: str | None = None,
    ) -> pd.DataFrame:
        """The city's totals by functional code (类 by default) for one year and phase:
        ``year, phase, code, name, amount_yuan, departments``, summed over every package."""
        where, params = _where(
            {"year": year, "phase": phase, "table": table, "measure": measure, "depth": depth,
             "level": level}, LINES_SCHEMA,
        )  # fmt: skip
        sql = (
            "SELECT year, phase, code, min(name) AS name, "
            "CAST(sum(amount_yuan) AS DECIMAL(20,2)) AS amount_yuan, "
            f"count(DISTINCT department) AS departments FROM lines {where} AND code IS NOT NULL "
            "GROUP BY year, phase, code ORDER BY code"
        )
        return self._frame(sql, params)

    def findings(self, **filters: Any) -> pd.DataFrame:
        """Findings (``Report.to_frame()`` columns), filtered by any of their columns."""
        where, params = _where(filters, FINDINGS_SCHEMA)
        sql = f"SELECT {_cols(REPORT_COLUMNS)} FROM findings {where} ORDER BY {_ORDER['findings']}"
        return self._frame(sql, params)

    def scores(self, **filters: Any) -> pd.DataFrame:
        """Scores of the checked packages (``Report.scores()`` columns)."""
        where, params = _where(filters, PACKAGES_SCHEMA)
        where = f"{where} AND checked" if where else "WHERE checked"
        sql = f"SELECT {_cols(SCORE_COLUMNS)} FROM packages {where} ORDER BY {_ORDER['packages']}"
        return self._frame(sql, params)

    def dataset(self, fingerprint: str = "") -> Dataset:
        """Everything stored, as a checked dataset (one package per department, year, phase)."""
        from govbudget.dataset import SCORES_SCHEMA, Dataset

        packages = self.packages(checked=True)
        scores = packages.assign(representative=True).loc[:, SCORES_SCHEMA.names]
        failed = pd.DataFrame({"file": pd.Series(dtype=str), "message": pd.Series(dtype=str)})
        return Dataset(self.lines(), self.findings(), scores, failed, fingerprint)

    def packages(self, **filters: Any) -> pd.DataFrame:
        """One row per stored package: key, metadata, counts, score, time of ingest."""
        where, params = _where(filters, PACKAGES_SCHEMA)
        return self._frame(f"SELECT * FROM packages {where} ORDER BY {_ORDER['packages']}", params)

    def info(self) -> dict[str, Any]:
        """Counts: packages, departments, years, lines, findings."""
        count = {n: self._run(f"SELECT count(*) FROM {n}")[0][0] for n in _TABLES}
        years = self._run("SELECT DISTINCT year FROM packages ORDER BY year")
        departments = self._run("SELECT count(DISTINCT department) FROM packages")[0][0]
        return {
            "path": str(self.path),
            "format": "parquet" if self.parquet else "duckdb",
            "packages": count["packages"],
            "departments": departments,
            "years": [y for (y,) in years],
            "lines": count["lines"],
            "findings": count["findings"],
        }

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._con.execute(sql, list(params)).fetchall()

    def _table(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        with self._con.cursor() as cur:
            return cur.sql(sql, params=list(params)).to_arrow_table()

    def _frame(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        frame = self._table(sql, params).to_pandas(types_mapper=_decimal_dtype)
        ints = {c: "int64" for c in ("row", "depth", "departments") if c in frame}
        return frame.astype({"year": "Int64", **ints} if "year" in frame else ints)


def _decimal_dtype(arrow_type: pa.DataType) -> pd.ArrowDtype | None:
    return YUAN_DTYPE if pa.types.is_decimal(arrow_type) else None


def _where(filters: dict[str, Any], schema: pa.Schema) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in filters.items():
        if column not in schema.names:
            raise UsageError(f"未知列 · unknown column: {column}")
        if value is None:
            continue
        values = list(value) if isinstance(value, list | tuple | set) else [value]
        clauses.append(f'"{column}" IN ({", ".join("?" * len(values))})')
        params += values
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _cols(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _parquet(path: Path) -> str:
    return f"read_parquet('{_sql_str(str(path))}')"


def _sql_str(text: str) -> str:
    return text.replace("'", "''")
