"""Reader speed: packages per second, against a plain pandas/openpyxl read of the same files.

Generates nine-table packages with the writer (200, or 20 with ``--quick``) in a temporary
folder, in several layouts, then times in the same run:

* ``read_package`` over all of them (everything: tables, codes, exact amounts, notes, metadata);
* the ``ingest`` path: ``read_package`` + tidy lines + one CSV of all of them;
* ``pandas.read_excel(path, sheet_name=None, engine="openpyxl")`` of the same files, which
  does none of that work.

The two reads alternate file by file, so a busy machine slows both alike.

Target: the reader at least 3× faster than the plain pandas read.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

from govbudget.cli.ingest import write_lines
from govbudget.ingest import read_lines, read_package
from govbudget_dev.examples import THEMES, example_package
from govbudget_dev.write import Layout, write_package

LAYOUTS = (
    Layout(),
    Layout(codes="single", unit="万元", numbered=True, two_panel=False),
    Layout(codes="glued", merged_header=False, text_numbers=True, page_repeat=5),
    Layout(three_public_unit="万元", sheet_names="titled"),
)
TARGET = 3.0


def _generate(folder: Path, count: int) -> list[Path]:
    themes = sorted(THEMES)
    paths = []
    for i in range(count):
        package = example_package(
            i, theme=themes[i % len(themes)], phase="final" if i % 3 == 0 else "budget"
        )
        paths.append(write_package(package, folder / f"p{i:03d}.xlsx", LAYOUTS[i % len(LAYOUTS)]))
    return paths


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def run(quick: bool) -> list[dict]:
    count = 20 if quick else 200
    with tempfile.TemporaryDirectory(prefix="govbudget-bench-") as tmp:
        folder = Path(tmp)
        paths = _generate(folder, count)
        read_package(paths[0])  # warm both paths up (imports, compiled patterns) untimed
        pd.read_excel(paths[0], sheet_name=None, engine="openpyxl")
        # Interleaved, file by file, so both readers see the same machine load.
        read_s = pandas_s = 0.0
        packages = []
        for path in paths:
            start = time.perf_counter()
            packages.append(read_package(path))
            middle = time.perf_counter()
            pd.read_excel(path, sheet_name=None, engine="openpyxl")
            read_s += middle - start
            pandas_s += time.perf_counter() - middle
        if any(len(p.tables) != 9 for p in packages):
            raise AssertionError("a generated package did not read back with nine tables")
        start = time.perf_counter()
        lines = read_lines(packages)
        write_lines(lines, folder / "lines.csv")
        ingest_s = read_s + time.perf_counter() - start
    reader, ingest, plain = _rate(count, read_s), _rate(count, ingest_s), _rate(count, pandas_s)
    target = f"≥ {TARGET:g}× pandas"
    return [
        {
            "benchmark": "read",
            "metric": f"packages (9 tables, {len(lines):,} lines)",
            "value": count,
            "unit": "files",
            "target": "",
        },
        {
            "benchmark": "read",
            "metric": "read_package",
            "value": reader,
            "unit": "packages/s",
            "target": target,
        },
        {
            "benchmark": "read",
            "metric": "ingest (read + tidy lines + CSV)",
            "value": ingest,
            "unit": "packages/s",
            "target": target,
        },
        {
            "benchmark": "read",
            "metric": "pandas.read_excel(openpyxl), plain",
            "value": plain,
            "unit": "packages/s",
            "target": "",
        },
        {
            "benchmark": "read",
            "metric": "speed-up read_package / pandas",
            "value": reader / plain,
            "unit": "×",
            "target": f"≥ {TARGET:g}",
        },
        {
            "benchmark": "read",
            "metric": "speed-up ingest / pandas",
            "value": ingest / plain,
            "unit": "×",
            "target": f"≥ {TARGET:g}",
        },
    ]
