"""The dashboard's data: a small Arrow dataset prepared once from workbooks or the store.

:func:`prepare` turns a source (a folder of workbooks, a DuckDB store, a store's Parquet export)
into a dataset cached by the fingerprint of the source's files and of govbudget's own code;
:func:`load` memory-maps it (uncompressed Arrow IPC files): every visitor's kernel shares one copy
of the data in the page cache, never re-reads workbooks and never imports DuckDB.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from govbudget.model import LINE_COLUMNS

#: The source checkout (notebooks/, data/sample/, voila.json).
ROOT = Path(__file__).resolve().parents[2]
DATASET_VERSION = "2"
FINDING_COLUMNS = (
    "package", "department", "year", "phase", "level", "rule", "family", "severity", "table",
    "sheet", "cell", "code", "message_zh", "message_en", "expected", "actual", "difference",
)  # fmt: skip
SCORE_COLUMNS = ("package", "department", "year", "phase", "level", "score", "errors", "warnings")
_FRAMES = {"lines": LINE_COLUMNS, "findings": FINDING_COLUMNS, "scores": SCORE_COLUMNS}


@dataclass(frozen=True)
class DashboardData:
    """Everything the dashboard shows: tidy lines, findings and scores of many packages."""

    lines: pd.DataFrame
    findings: pd.DataFrame
    scores: pd.DataFrame

    @classmethod
    def from_report(cls, report) -> DashboardData:
        """From a checker :class:`~govbudget.findings.Report` (lines of its packages)."""
        frames = [r.package.lines() for r in report.results]
        lines = pd.concat(frames, ignore_index=True) if frames else _empty(LINE_COLUMNS)
        return cls(lines, report.to_frame(), report.scores())

    def save(self, folder: Path, *, failures: tuple[str, ...] = ()) -> Path:
        """Write the dataset (three Arrow files and a manifest), replacing ``folder`` whole."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            for name, columns in _FRAMES.items():
                frame = getattr(self, name).loc[:, list(columns)]
                table = pa.Table.from_pandas(frame, preserve_index=False)
                feather.write_feather(table, tmp / f"{name}.arrow", compression="uncompressed")
            keys = ["package", "department", "year", "phase"]
            packages = len(pd.concat([self.lines[keys], self.scores[keys]]).drop_duplicates())
            manifest = {
                "version": DATASET_VERSION,
                "packages": packages,
                "failures": list(failures),
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
            if folder.exists():
                shutil.rmtree(folder)
            try:
                os.replace(tmp, folder)
            except OSError:  # another process prepared the same dataset meanwhile
                if not (folder / "manifest.json").is_file():
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return folder


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def load(folder: str | Path) -> DashboardData:
    """Read a dataset written by :func:`prepare`, memory-mapped: text columns stay in the shared
    file pages, so each kernel holding the whole city costs a few MB, not a copy of it."""
    folder = Path(folder)

    def read(name: str) -> pd.DataFrame:
        table = feather.read_table(folder / f"{name}.arrow", memory_map=True)
        return table.to_pandas(
            types_mapper=lambda t: pd.ArrowDtype(t) if pa.types.is_decimal(t) else None
        )

    lines = read("lines").astype({"year": "Int64", "row": "int64", "depth": "int64"})
    findings = read("findings").astype({"year": "Int64"})
    scores = read("scores").astype({"year": "Int64", "errors": "int64", "warnings": "int64"})
    return DashboardData(lines, findings, scores)


@dataclass(frozen=True)
class Prepared:
    """A dataset ready for the dashboard, and what could not be read on the way."""

    folder: Path
    packages: int
    failures: tuple[str, ...]


def cache_root() -> Path:
    """Where prepared datasets live: ``$GOVBUDGET_CACHE`` or ``~/.cache/govbudget/dashboard``."""
    if os.environ.get("GOVBUDGET_CACHE"):
        return Path(os.environ["GOVBUDGET_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "govbudget" / "dashboard"


def prepare(source: str | Path, cache: Path | None = None) -> Prepared:
    """Turn ``source`` into a dataset (once: cached by the fingerprint of its files).

    ``source`` is a folder of workbooks (read and checked here), a DuckDB store file, a folder
    holding ``govbudget.duckdb`` (the store wins over the workbooks beside it), or a store's
    Parquet export. Input files are only read. Raises ``InputError`` when nothing is there.
    """
    from govbudget.errors import InputError

    source = Path(source).resolve()
    if not source.exists():
        raise InputError("文件或文件夹不存在 · no such file or folder", file=source)
    store = _store_path(source)
    files = [store] if store.is_file() else sorted(p for p in store.rglob("*") if p.is_file())
    if store == source and not _is_store(source):
        from govbudget.read import find_workbooks

        files = find_workbooks([source])
    digest = hashlib.sha256(f"{DATASET_VERSION}|{store}".encode())
    for path in [*files, *_CODE]:
        stat = path.stat()
        digest.update(f"|{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    folder = (cache or cache_root()) / digest.hexdigest()[:24]
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        data, failures = _collect(store)
        data.save(folder, failures=failures)
    info = json.loads(manifest.read_text("utf-8"))
    return Prepared(folder, info["packages"], tuple(info["failures"]))


#: govbudget's own source: a dataset prepared by other reader or checker code is stale.
_CODE = sorted(Path(__file__).resolve().parents[1].rglob("*.py"))


def _store_path(source: Path) -> Path:
    inner = source / "govbudget.duckdb"
    return inner if source.is_dir() and inner.is_file() else source


def _is_store(path: Path) -> bool:
    if path.is_file():
        return path.suffix == ".duckdb"
    return all((path / f"{n}.parquet").is_file() for n in ("lines", "findings", "packages"))


def _collect(source: Path) -> tuple[DashboardData, tuple[str, ...]]:
    if _is_store(source):
        from govbudget.store import Store

        with Store(source, read_only=True) as store:
            return DashboardData(store.lines(), store.findings(), store.scores()), ()
    from govbudget.check import check_paths

    report = check_paths([source])
    return DashboardData.from_report(report), tuple(str(f) for f in report.failures)
