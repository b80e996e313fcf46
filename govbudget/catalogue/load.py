"""Reading and writing catalogue folders.

A catalogue folder holds ``manifest.csv`` (one row per year and scheme: ``year, scheme, file,
complete, levels_complete, applies_from, rows, note``) and the CSV files it names (``year, scheme,
code, name, level, parent, source``, UTF-8, one row per code). The shipped folder is
``govbudget/resources/classification/``; it may also hold ``crosswalk.csv``, ``cofog.csv``,
``cofog_categories.csv`` and ``labels_en.csv``.

:func:`load_catalogue` reads the shipped folder, then the user's imports (``govbudget catalogue
import``, see :mod:`govbudget.paths`), then the folders named in the environment
variable ``GOVBUDGET_CATALOGUE`` (``os.pathsep``-separated), then its arguments; a later folder's
year and scheme replace an earlier one's (that is how an imported official file takes over).
"""

from __future__ import annotations

import csv
import functools
import io
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from govbudget.catalogue.core import Catalogue
from govbudget.errors import InputError
from govbudget.io import write_text
from govbudget.paths import resource, user_catalogue_dir

DATA_DIR = resource("classification")
ENV_VAR = "GOVBUDGET_CATALOGUE"
CODE_COLUMNS = ("year", "scheme", "code", "name", "level", "parent", "source")
MANIFEST_COLUMNS = (
    "year", "scheme", "file", "complete", "levels_complete", "applies_from", "rows", "note",
)  # fmt: skip
_TABLES = {
    "crosswalk.csv": ("scheme", "from_year", "from_code", "to_year", "to_code", "kind", "note"),
    "cofog.csv": ("scheme", "catalogue_year", "code", "target", "note"),
    "cofog_categories.csv": ("system", "code", "name_zh", "name_en"),
    "labels_en.csv": ("year", "scheme", "code", "name_en"),
}


def _read(path: Path, columns: Iterable[str]) -> pd.DataFrame:
    """A CSV as text columns (codes keep their digits); missing columns are an InputError."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise InputError(
            f"无法读取目录文件 · cannot read catalogue file: {err}", file=path
        ) from err
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"缺少列 · missing columns: {', '.join(missing)}", file=path)
    return frame[list(columns)]


def read_folder(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables of one catalogue folder: 'manifest', 'codes' and the optional mapping tables."""
    manifest = _read(folder / "manifest.csv", MANIFEST_COLUMNS)
    codes = [_read(folder / name, CODE_COLUMNS) for name in manifest["file"]]
    tables = {
        "manifest": manifest,
        "codes": pd.concat(codes, ignore_index=True) if codes else pd.DataFrame(),
    }
    for name, columns in _TABLES.items():
        if (folder / name).is_file():
            tables[name.removesuffix(".csv")] = _read(folder / name, columns)
    return tables


def catalogue_folders(*extra: str | Path) -> list[Path]:
    """The catalogue folders in force, in rising priority: shipped, the user's imports (when
    there are any), ``GOVBUDGET_CATALOGUE``, then ``extra``."""
    env = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    user = user_catalogue_dir()
    imported = [user] if (user / "manifest.csv").is_file() else []
    return [DATA_DIR, *imported, *(Path(p) for p in env), *(Path(p) for p in extra)]


@functools.cache
def load_catalogue(*folders: str | Path) -> Catalogue:
    """The shipped catalogue overlaid with user folders (``GOVBUDGET_CATALOGUE``, then ``folders``).

    Cached per argument tuple; call ``load_catalogue.cache_clear()`` after writing a folder.
    """
    read = []
    for folder in catalogue_folders(*folders):
        if not (folder / "manifest.csv").is_file():
            raise InputError("目录文件夹缺少 manifest.csv · no manifest.csv", file=folder)
        read.append(read_folder(folder))
    owner = {
        (int(year), scheme): index
        for index, tables in enumerate(read)
        for year, scheme in zip(
            tables["manifest"]["year"], tables["manifest"]["scheme"], strict=True
        )
    }
    manifests: list[pd.DataFrame] = []
    codes: list[pd.DataFrame] = []
    for index, tables in enumerate(read):
        for key, part in (("manifest", manifests), ("codes", codes)):
            frame = tables[key]
            if frame.empty:
                continue
            mine = [
                owner[(int(y), s)] == index
                for y, s in zip(frame["year"], frame["scheme"], strict=True)
            ]
            part.append(frame[mine])
    manifest = pd.concat(manifests, ignore_index=True).astype({"year": int, "applies_from": int})
    frame = pd.concat(codes, ignore_index=True).astype({"year": int, "level": int})
    extras = {}
    for name in _TABLES:
        key = name.removesuffix(".csv")
        found = [tables[key] for tables in read if key in tables]
        extras[key] = pd.concat(found, ignore_index=True).drop_duplicates() if found else None
    return Catalogue(frame, manifest, **extras)


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text of a frame (UTF-8, no index, minimal quoting)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buffer.getvalue()


def write_year(folder: Path, codes: pd.DataFrame, manifest_row: dict[str, object]) -> Path:
    """Write one (year, scheme) file and its manifest row into ``folder``, atomically each."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / str(manifest_row["file"])
    write_text(target, to_csv(codes[list(CODE_COLUMNS)]))
    path = folder / "manifest.csv"
    manifest = (
        _read(path, MANIFEST_COLUMNS) if path.is_file() else pd.DataFrame(columns=MANIFEST_COLUMNS)
    )
    same = (manifest["year"].astype(str) == str(manifest_row["year"])) & (
        manifest["scheme"] == manifest_row["scheme"]
    )
    row = pd.DataFrame([{k: str(v) for k, v in manifest_row.items()}], columns=MANIFEST_COLUMNS)
    manifest = pd.concat([manifest[~same], row], ignore_index=True)
    manifest = manifest.sort_values(["year", "scheme"], key=lambda s: s.astype(str))
    write_text(path, to_csv(manifest))
    return target
