"""Checking throughput: govbudget running every rule against ``frictionless validate`` doing only
a schema check and a foreign-key check of the codes against the catalogue, on the same lines.

The packages are the defect-free ones of ``generate_province`` (1,000, quick mode 40), held in
memory; govbudget's time is ``check_package`` over all of them (every rule family, the
catalogue look-ups included). The same packages' tidy lines are exported as one CSV and
validated by frictionless' Python API against a Table Schema (types, required fields, enums)
whose ``code`` field references a CSV of every catalogue code. Export time is in neither figure.
Both are CPU time of this process (``time.process_time``), the best of three runs each: the
machine may be shared.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd
from frictionless import Package as DataPackage

from govbudget.catalogue import load_catalogue
from govbudget.check import check_package
from govbudget.model import LINE_COLUMNS
from govbudget.tables import LEVELS, PHASES
from govbudget_dev.sample import generate_province

#: timed runs per side; the best counts
RUNS = 3
_TYPES = {"year": "integer", "row": "integer", "depth": "integer", "amount_yuan": "number"}
_REQUIRED = ("package", "year", "phase", "table", "measure", "amount_yuan")
_ENUMS = {"phase": list(PHASES), "level": list(LEVELS), "unit": ["元", "万元", "亿元"]}


def _schema() -> dict:
    fields = []
    for name in LINE_COLUMNS:
        constraints: dict[str, object] = {}
        if name in _REQUIRED:
            constraints["required"] = True
        if name in _ENUMS:
            constraints["enum"] = _ENUMS[name]
        field = {"name": name, "type": _TYPES.get(name, "string")}
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {
        "fields": fields,
        "foreignKeys": [{"fields": ["code"], "reference": {"resource": "catalogue",
                                                           "fields": ["code"]}}],
    }  # fmt: skip


def _clean_packages(count: int) -> list:
    """``count`` generated packages without documented defects."""
    found: list = []
    size = count * 2
    while len(found) < count:
        found = [s.package for s in generate_province(size) if not s.defects][:count]
        size *= 2
    return found


def _frictionless(lines: pd.DataFrame, folder: Path) -> float:
    """Seconds frictionless takes to validate ``lines`` (schema + catalogue foreign key)."""
    codes = load_catalogue().frame[["code", "name"]].drop_duplicates("code")
    codes.to_csv(folder / "catalogue.csv", index=False)
    lines.to_csv(folder / "lines.csv", index=False)
    package = DataPackage(
        {"resources": [
            {"name": "lines", "path": "lines.csv", "schema": _schema()},
            {"name": "catalogue", "path": "catalogue.csv",
             "schema": {"fields": [{"name": "code", "type": "string"},
                                   {"name": "name", "type": "string"}],
                        "primaryKey": ["code"]}},
        ]},
        basepath=str(folder),
    )  # fmt: skip
    seconds = float("inf")
    for _ in range(RUNS):
        started = time.process_time()
        report = package.validate()
        seconds = min(seconds, time.process_time() - started)
    if not report.valid:
        errors = report.flatten(["type", "note"])[:3]
        raise RuntimeError(f"frictionless found errors in clean lines: {errors}")
    return seconds


def run(quick: bool) -> list[dict]:
    count = 40 if quick else 1000
    packages = _clean_packages(count)
    catalogue = load_catalogue()
    check_package(packages[0], catalogue)  # warm the caches both sides share
    ours = float("inf")
    for _ in range(RUNS):
        started = time.process_time()
        results = [check_package(p, catalogue) for p in packages]
        ours = min(ours, time.process_time() - started)
    findings = sum(r.errors + r.warnings for r in results)
    lines = pd.concat([p.lines() for p in packages], ignore_index=True)
    with tempfile.TemporaryDirectory() as tmp:
        theirs = _frictionless(lines, Path(tmp))
    n = len(lines)

    def row(metric: str, value: float, unit: str, target: str = "") -> dict:
        return {"benchmark": "check", "metric": metric, "value": value, "unit": unit,
                "target": target}  # fmt: skip

    return [
        row("packages checked (defect-free)", len(packages), "packages"),
        row("tidy lines", n, "lines"),
        row("error + warning findings on them", findings, "findings", "0"),
        row("govbudget check, all rules", round(n / ours), "lines/s", "≥ 10× frictionless"),
        row("frictionless validate, schema + FK", round(n / theirs), "lines/s"),
        row("govbudget speed-up", round(theirs / ours, 1), "×", "≥ 10"),
        row("govbudget time", round(ours, 2), "s"),
        row("frictionless time", round(theirs, 2), "s"),
    ]
