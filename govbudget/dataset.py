"""The checked dataset: the hand-over between checking and every output.

A :class:`Dataset` is what :func:`govbudget.validate.validate` found, as four plain tables —
``lines`` (tidy lines), ``findings``, ``scores`` (one row per package) and ``failed`` (inputs that
could not be read) — plus one :func:`fingerprint` of the inputs, govbudget's code and the
catalogue. On disk it is a folder of Parquet files and ``dataset.json`` (docs/formats.md). The
report notebooks, the static site and the dashboard read it; none of them reads a workbook.
The same fingerprint keys every cache (report run, dashboard, static site).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from govbudget.findings import REPORT_COLUMNS, Report
from govbudget.io import atomic_folder, sha256_file
from govbudget.model import LINE_COLUMNS

FORMAT = "1"
_TEXT, _INT, _YUAN = pa.string(), pa.int32(), pa.decimal128(20, 2)
#: Arrow schema of the tidy lines (LINE_COLUMNS, amounts exact).
LINES_SCHEMA = pa.schema(
    [(c, _INT if c in ("year", "row", "depth") else _YUAN if c == "amount_yuan" else _TEXT)
     for c in LINE_COLUMNS]
)  # fmt: skip
#: Arrow schema of the findings (``Report.to_frame()`` columns).
FINDINGS_SCHEMA = pa.schema(
    [(c, _INT if c == "year" else _YUAN if c in ("expected", "actual", "difference") else _TEXT)
     for c in REPORT_COLUMNS]
)  # fmt: skip
#: One row per package: identity, where it came from, score, and whether it represents its
#: department, year and phase (False for a twin set aside, see ``validate.representative``).
SCORES_SCHEMA = pa.schema(
    [("package", _TEXT), ("file", _TEXT), ("department", _TEXT), ("year", _INT),
     ("phase", _TEXT), ("level", _TEXT), ("tables", _TEXT), ("score", pa.float64()),
     ("errors", _INT), ("warnings", _INT), ("representative", pa.bool_())]
)  # fmt: skip
FAILED_SCHEMA = pa.schema([("file", _TEXT), ("message", _TEXT)])
SCHEMAS = {
    "lines": LINES_SCHEMA,
    "findings": FINDINGS_SCHEMA,
    "scores": SCORES_SCHEMA,
    "failed": FAILED_SCHEMA,
}
#: Distributions whose versions shape a result (part of the code fingerprint).
VERSIONED = (
    "govbudget", "papermill", "nbclient", "nbconvert", "ipykernel", "plotly", "pandas",
    "pyarrow", "openpyxl", "python-calamine", "pypdfium2",
)  # fmt: skip


@dataclass(frozen=True)
class Dataset:
    """Tidy lines, findings, scores and failed inputs of many packages, and their fingerprint."""

    lines: pd.DataFrame
    findings: pd.DataFrame
    scores: pd.DataFrame
    failed: pd.DataFrame
    fingerprint: str = ""

    @classmethod
    def from_report(cls, report: Report, fingerprint: str = "") -> Dataset:
        """The dataset of a checked :class:`~govbudget.findings.Report`."""
        from govbudget.model import packages_frame
        from govbudget.validate import representative

        chosen = {id(r) for r in representative(report.results)}
        scores = pd.DataFrame.from_records(
            [
                (r.package.id, r.package.file, r.package.department, r.package.year,
                 r.package.phase, r.package.level, ",".join(r.package.tables), r.score,
                 r.errors, r.warnings, id(r) in chosen)
                for r in report.results
            ],
            columns=SCORES_SCHEMA.names,
        )  # fmt: skip
        failed = pd.DataFrame.from_records(
            [(f.file or "", " ".join(str(f).split())) for f in report.failures],
            columns=FAILED_SCHEMA.names,
        )
        lines = packages_frame(r.package for r in report.results)
        return cls(_typed(lines, "lines"), _typed(report.to_frame(), "findings"),
                   _typed(scores, "scores"), _typed(failed, "failed"), fingerprint)  # fmt: skip

    @property
    def packages(self) -> list[str]:
        """Package ids, in input order."""
        return list(self.scores["package"])

    def representative(self) -> Dataset:
        """Only the packages that represent their department, year and phase (twins resolved)."""
        keep = set(self.scores.loc[self.scores["representative"], "package"])
        return Dataset(
            self.lines[self.lines["package"].isin(keep)],
            self.findings[self.findings["package"].isin(keep)],
            self.scores[self.scores["package"].isin(keep)],
            self.failed,
            self.fingerprint,
        )

    def save(self, folder: str | Path) -> Path:
        """Write the dataset folder, replacing ``folder`` whole (never half-written)."""
        with atomic_folder(folder) as tmp:
            for name, schema in SCHEMAS.items():
                frame = getattr(self, name)
                table = pa.Table.from_pandas(frame.loc[:, schema.names], preserve_index=False)
                pq.write_table(table.cast(schema), tmp / f"{name}.parquet")
            info = {
                "format": FORMAT,
                "fingerprint": self.fingerprint,
                "packages": len(self.scores),
                "failed": len(self.failed),
            }
            (tmp / "dataset.json").write_text(json.dumps(info, ensure_ascii=False), "utf-8")
        return Path(folder)


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """A frame with the dtypes :func:`load` gives (exact decimals, nullable years)."""
    schema = SCHEMAS[name]
    if frame.empty:
        frame = pd.DataFrame({c: pd.Series(dtype="object") for c in schema.names})
    table = pa.Table.from_pandas(frame.loc[:, schema.names], preserve_index=False).cast(schema)
    return _frame(table)


def _frame(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas(
        types_mapper=lambda t: pd.ArrowDtype(t) if pa.types.is_decimal(t) else None
    )
    ints = {c: "Int64" for c in ("year", "row", "depth", "errors", "warnings") if c in frame}
    return frame.astype(ints)


def load(folder: str | Path) -> Dataset:
    """Read a dataset folder written by :meth:`Dataset.save`."""
    folder = Path(folder)
    info = json.loads((folder / "dataset.json").read_text("utf-8"))
    frames = {name: _frame(pq.read_table(folder / f"{name}.parquet")) for name in SCHEMAS}
    return Dataset(**frames, fingerprint=info.get("fingerprint", ""))


def is_dataset(path: str | Path) -> bool:
    """A folder written by :meth:`Dataset.save`."""
    return (Path(path) / "dataset.json").is_file()


# --- the one fingerprint ------------------------------------------------------------------


def versions() -> dict[str, str]:
    """Python and the versions of the distributions that shape a result."""
    import platform

    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def code_fingerprint() -> str:
    """SHA-256 over govbudget's own files (code and shipped resources), the user catalogue
    folders in force, and :func:`versions`."""
    from govbudget.catalogue.load import catalogue_folders

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(json.dumps(versions(), sort_keys=True).encode())
    for root in [package, *catalogue_folders()]:
        if not root.is_dir():
            continue
        files = (p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in sorted(files):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(sha256_file(path).encode())
    return digest.hexdigest()


def file_digests(files: Iterable[str | Path]) -> dict[str, str]:
    """Resolved path -> SHA-256 of every readable file (an unreadable one keyed by its error)."""
    found = {}
    for path in files:
        resolved = str(Path(path).resolve())
        try:
            found[resolved] = sha256_file(path)
        except OSError as err:  # unreadable: it is a failed input
            found[resolved] = type(err).__name__
    return found


def fingerprint(
    files: Iterable[str | Path], options: object = None, code: str = "",
    digests: dict[str, str] | None = None,
) -> str:  # fmt: skip
    """The one key of a checked result: the inputs (names and contents, or ``digests`` from
    :func:`file_digests`), the options they were read with, and the code fingerprint (computed
    when not given)."""
    digest = hashlib.sha256((code or code_fingerprint()).encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    for path, content in sorted((digests or file_digests(files)).items()):
        digest.update(path.encode("utf-8", "surrogateescape"))
        digest.update(content.encode())
    return digest.hexdigest()


__all__ = [
    "FORMAT",
    "SCHEMAS",
    "Dataset",
    "code_fingerprint",
    "file_digests",
    "fingerprint",
    "is_dataset",
    "load",
    "versions",
]
