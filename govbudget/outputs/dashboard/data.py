"""The dashboard's data: the checked dataset of a source, prepared once and cached.

:func:`prepare` turns a source — a folder of inputs, a checked dataset folder (``govbudget
report`` writes ``out/dataset``), a DuckDB store, or a store's Parquet export — into a checked
dataset (:mod:`govbudget.dataset`) in the cache, keyed by the one fingerprint of the source's
files, govbudget's code and the catalogue. Dashboard kernels :func:`load` it; none re-reads a
workbook or imports DuckDB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from govbudget.dataset import Dataset, code_fingerprint, fingerprint, is_dataset, load
from govbudget.errors import InputError
from govbudget.paths import cache_dir
from govbudget.validate import Progress


@dataclass(frozen=True)
class Prepared:
    """A dataset ready for the dashboard, and what could not be read on the way."""

    folder: Path
    packages: int
    failures: tuple[str, ...]


def cache_root() -> Path:
    """Where prepared datasets live: ``paths.cache_dir()/datasets``."""
    return cache_dir() / "datasets"


def prepare(
    source: str | Path, cache: Path | None = None, *, progress: Progress | None = None
) -> Prepared:
    """Turn ``source`` into a checked dataset (once: cached by its fingerprint).

    ``source`` is a checked dataset folder (used as it is), a folder of inputs (validated here),
    a DuckDB store file, a folder holding ``govbudget.duckdb`` (the store wins over the inputs
    beside it), or a store's Parquet export. Input files are only read. Raises ``InputError``
    when nothing is there. ``progress`` is :func:`~govbudget.validate.validate`'s.
    """
    source = Path(source).resolve()
    if not source.exists():
        raise InputError("文件或文件夹不存在 · no such file or folder", file=source)
    if is_dataset(source):
        return _prepared(source)
    store = _store_path(source)
    if _is_store(store):
        files = [store] if store.is_file() else sorted(p for p in store.rglob("*") if p.is_file())
    else:
        from govbudget.validate import discover

        files, _ = discover([source])
    key = fingerprint(files, options={"source": str(store)}, code=code_fingerprint())
    folder = (cache or cache_root()) / key[:24]
    if not is_dataset(folder):
        _collect(store, key, progress).save(folder)
    return _prepared(folder)


def _prepared(folder: Path) -> Prepared:
    info = json.loads((folder / "dataset.json").read_text("utf-8"))
    failed = pq.read_table(folder / "failed.parquet").to_pandas()  # not the whole dataset
    failures = tuple(f"{file}: {message}" for file, message in failed.itertuples(index=False))
    return Prepared(folder, int(info["packages"]), failures)


def _store_path(source: Path) -> Path:
    inner = source / "govbudget.duckdb"
    return inner if source.is_dir() and inner.is_file() else source


def _is_store(path: Path) -> bool:
    if path.is_file():
        return path.suffix == ".duckdb"
    return all((path / f"{n}.parquet").is_file() for n in ("lines", "findings", "packages"))


def _collect(source: Path, key: str, progress: Progress | None) -> Dataset:
    if _is_store(source):
        from govbudget.store import Store

        with Store(source, read_only=True) as store:
            return store.dataset(key)
    from govbudget.validate import validate

    return Dataset.from_report(validate([source], progress=progress), key)


__all__ = ["Prepared", "cache_root", "load", "prepare"]
