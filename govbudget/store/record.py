"""What the store keeps of one package: its key, metadata, lines and findings as Arrow tables.

A :class:`Record` is compact and picklable: what an ingest task returns to the process that
writes the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from govbudget.dataset import FINDINGS_SCHEMA, LINES_SCHEMA
from govbudget.errors import InputError
from govbudget.model import Package

if TYPE_CHECKING:
    from govbudget.findings import PackageResult

KEY = ("department", "year", "phase")
TEXT, INT, YUAN = pa.string(), pa.int32(), pa.decimal128(20, 2)

PACKAGES_SCHEMA = pa.schema(
    [("package", TEXT), ("file", TEXT), ("department", TEXT), ("year", INT),
     ("phase", TEXT), ("level", TEXT), ("approval_date", pa.date32()),
     ("publication_date", pa.date32()), ("tables", TEXT), ("lines", pa.int64()),
     ("findings", pa.int64()), ("checked", pa.bool_()), ("score", pa.float64()),
     ("errors", INT), ("warnings", INT)]
)  # fmt: skip


class StoreKeyError(InputError):
    """A package without department, year or phase cannot be archived (its key is unknown)."""

    code = "STO001"
    message_zh = "无法确定部门、年度或阶段"


@dataclass(frozen=True)
class PackageInfo:
    """What the store keeps about a package besides its lines and findings."""

    package: str
    file: str
    department: str
    year: int
    phase: str
    level: str | None = None
    approval_date: dt.date | None = None
    publication_date: dt.date | None = None
    tables: tuple[str, ...] = ()

    @classmethod
    def of(cls, package: Package) -> PackageInfo:
        """The store metadata of a package; raises :class:`StoreKeyError` if its key is unknown."""
        missing = [k for k in KEY if getattr(package, k) in (None, "")]
        if missing:
            raise StoreKeyError(
                f"缺少{'、'.join(missing)}，无法存入档案；请在基本信息表或命令行中给出 · "
                f"missing {', '.join(missing)}: cannot archive; state it in 基本信息 or on the "
                "command line",
                file=package.file,
            )
        return cls(
            package.id, package.file, str(package.department), int(package.year or 0),
            str(package.phase), package.level, package.approval_date, package.publication_date,
            tuple(package.tables),
        )  # fmt: skip


@dataclass(frozen=True)
class Record:
    """One package ready for the store: compact, picklable (what an ingest task returns)."""

    info: PackageInfo
    lines: pa.Table
    findings: pa.Table | None = None  # None: not checked
    score: float | None = None

    @classmethod
    def build(
        cls,
        package: Package | PackageInfo,
        lines: pd.DataFrame | pa.Table | None = None,
        findings: pd.DataFrame | pa.Table | None = None,
        score: float | None = None,
    ) -> Record:
        """Record of a package; ``lines`` default to ``package.lines()``."""
        info = package if isinstance(package, PackageInfo) else PackageInfo.of(package)
        if lines is None:
            if not isinstance(package, Package):
                raise ValueError("lines are required with a PackageInfo")
            lines = package.lines()
        line_table = _arrow(lines, LINES_SCHEMA)
        _check_key(line_table, info, "lines")
        finding_table = None if findings is None else _arrow(findings, FINDINGS_SCHEMA)
        if finding_table is not None:
            _check_key(finding_table, info, "findings")
        return cls(info, line_table, finding_table, score)

    @classmethod
    def from_result(cls, result: PackageResult) -> Record:
        """Record of a checked package (lines, findings and score)."""
        from govbudget.findings import Report

        findings = Report(results=[result], failures=[]).to_frame()
        return cls.build(result.package, findings=findings, score=result.score)


def _arrow(data: pd.DataFrame | pa.Table, schema: pa.Schema) -> pa.Table:
    if isinstance(data, pd.DataFrame):
        if data.empty:
            return schema.empty_table()
        data = pa.Table.from_pandas(data.loc[:, schema.names], preserve_index=False)
    return data.select(schema.names).cast(schema)


def _check_key(table: pa.Table, info: PackageInfo, what: str) -> None:
    for column in KEY if table.num_rows else ():
        value = pa.scalar(getattr(info, column), table.schema.field(column).type)
        if not pc.all(pc.fill_null(pc.equal(table[column], value), False)).as_py():
            raise ValueError(f"{what} of {info.package} belong to another package ({column})")


def with_seq(tables: list[pa.Table], schema: pa.Schema) -> pa.Table:
    if not tables:
        return schema.append(pa.field("seq", INT)).empty_table()
    seq = pa.array([i for t in tables for i in range(t.num_rows)], INT)
    return pa.concat_tables(tables).append_column("seq", seq)


def package_row(record: Record) -> dict[str, Any]:
    info = record.info
    severities = (
        pc.value_counts(record.findings["severity"]).to_pylist()
        if record.findings is not None
        else []
    )
    counts = {c["values"]: c["counts"] for c in severities}
    checked = record.findings is not None
    return {
        "package": info.package, "file": info.file, "department": info.department,
        "year": info.year, "phase": info.phase, "level": info.level,
        "approval_date": info.approval_date, "publication_date": info.publication_date,
        "tables": ",".join(info.tables), "lines": record.lines.num_rows,
        "findings": record.findings.num_rows if record.findings is not None else None,
        "checked": checked,
        "score": record.score, "errors": counts.get("error", 0) if checked else None,
        "warnings": counts.get("warning", 0) if checked else None,
    }  # fmt: skip
