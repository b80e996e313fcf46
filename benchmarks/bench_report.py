"""Report runs: ``govbudget report --jobs 2`` against plain sequential ``papermill`` CLI runs.

Both sides make the same department reports (the 2016 budgets of a few sample departments,
each with its department's other years as ``related``) from the same notebook in the same run.
The ``govbudget report`` side is timed end to end — checking every workbook, the feedback
workbooks, the city overview, the HTML pages, index.html and findings.xlsx included — and divided
by the number of department reports; the papermill side only executes the notebooks.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govbudget.batch import NOTEBOOKS
from govbudget.sample import generate_city
from govbudget.write import write_package

YEAR, PHASE = 2016, "budget"
BIN = Path(sys.executable).parent


def _sample(folder: Path, departments: int) -> list[Path]:
    """Write every package of the first ``departments`` sample units; their 2016 budgets."""
    samples = generate_city()
    slugs = list(dict.fromkeys(s.slug for s in samples))[:departments]
    chosen = []
    for sample in samples:
        if sample.slug in slugs:
            path = write_package(sample.package, folder / sample.filename, sample.layout)
            if (sample.package.year, sample.package.phase) == (YEAR, PHASE):
                chosen.append(path)
    return sorted(chosen)


def _report(data: Path, out: Path) -> float:
    command = [str(BIN / "govbudget"), "report", str(data), "--out", str(out), "--jobs", "2",
               "--year", str(YEAR), "--phase", PHASE]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def _papermill(data: Path, packages: list[Path], out: Path) -> float:
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    started = time.perf_counter()
    for index, package in enumerate(packages):
        entry = manifest["notebooks"][
            "departments/" + package.relative_to(data).with_suffix("").as_posix()
        ]
        command = [str(BIN / "papermill"), str(NOTEBOOKS / "department_report.ipynb"),
                   str(out / f"papermill_{index}.ipynb"), "--cwd", str(NOTEBOOKS),
                   "-y", json.dumps(entry["parameters"]), "--no-progress-bar"]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def run(quick: bool) -> list[dict]:
    """Rows: seconds per department report both ways, the speed-up, re-run time, page sizes."""
    departments = 4 if quick else 12
    with tempfile.TemporaryDirectory(prefix="bench_report_") as tmp:
        data, out = Path(tmp, "data"), Path(tmp, "reports")
        packages = _sample(data, departments)
        ours = _report(data, out) / len(packages)
        rerun = _report(data, out)
        theirs = _papermill(data, packages, out) / len(packages)
        pages = sorted(p.stat().st_size for p in out.rglob("*.html") if p.name != "index.html")
    name = f"report ({len(packages)} departments)"
    return [
        {"benchmark": name, "metric": "govbudget report --jobs 2, per department report",
         "value": round(ours, 2), "unit": "s", "target": ""},
        {"benchmark": name, "metric": "sequential papermill CLI, per department report",
         "value": round(theirs, 2), "unit": "s", "target": ""},
        {"benchmark": name, "metric": "speed-up", "value": round(theirs / ours, 2), "unit": "x",
         "target": ">= 1.8"},
        {"benchmark": name, "metric": "re-run, nothing changed (all skipped)",
         "value": round(rerun, 2), "unit": "s", "target": ""},
        {"benchmark": name, "metric": "largest HTML page", "value": round(pages[-1] / 1024),
         "unit": "KB", "target": "< 1024"},
        {"benchmark": name, "metric": "median HTML page", "value": round(pages[len(pages) // 2] / 1024),
         "unit": "KB", "target": "< 1024"},
    ]  # fmt: skip


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
