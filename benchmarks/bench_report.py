"""Report runs: ``govbudget report --jobs 2`` against plain sequential ``papermill`` CLI runs.

The data: every package (all years, both phases) of a few sample-city units. ``govbudget
report --jobs 2`` makes a department report of each and the city overviews; it is timed end to
end (checking every workbook, feedback workbooks, overviews, HTML pages, index.html and
findings.xlsx included) and divided by the number of department reports. The other side runs
the same notebook with the same parameters (from the manifest) through the ``papermill`` CLI,
one after another, for some of the same packages, in the same run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govbudget_dev.sample import generate_city
from govbudget_dev.write import write_package

BIN = Path(sys.executable).parent


def _sample(folder: Path, units: int) -> None:
    """Write every package of the first ``units`` sample units."""
    samples = generate_city()
    slugs = list(dict.fromkeys(s.slug for s in samples))[:units]
    for sample in samples:
        if sample.slug in slugs:
            write_package(sample.package, folder / sample.filename, sample.layout)


def _report(data: Path, out: Path) -> float:
    command = [str(BIN / "govbudget"), "report", str(data), "--out", str(out), "--jobs", "2"]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def _papermill(out: Path, count: int) -> tuple[float, int]:
    """Seconds per report of ``count`` sequential papermill CLI runs of department reports."""
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    jobs = [e for e in manifest["notebooks"].values() if e["kind"] == "department"][:count]
    started = time.perf_counter()
    for index, entry in enumerate(jobs):
        command = [str(BIN / "papermill"), entry["notebook"], str(out / f"papermill_{index}.ipynb"),
                   "--cwd", str(Path(entry["notebook"]).parent),
                   "-y", json.dumps(entry["parameters"]), "--no-progress-bar"]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
    return (time.perf_counter() - started) / len(jobs), len(jobs)


def run(quick: bool) -> list[dict]:
    """Rows: seconds per department report both ways, the speed-up, re-run time, page sizes."""
    units, baseline = (3, 5) if quick else (10, 10)
    with tempfile.TemporaryDirectory(prefix="bench_report_") as tmp:
        data, out = Path(tmp, "data"), Path(tmp, "reports")
        _sample(data, units)
        total = _report(data, out)
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        reports = sum(e["kind"] == "department" for e in manifest["notebooks"].values())
        rerun = _report(data, out)
        theirs, sampled = _papermill(out, baseline)
        pages = sorted(p.stat().st_size for p in out.rglob("*.html") if p.name != "index.html")
    ours = total / reports
    name = f"report ({reports} departments + overviews)"
    return [
        {"benchmark": name, "metric": "govbudget report --jobs 2, whole run per department report",
         "value": round(ours, 2), "unit": "s", "target": ""},
        {"benchmark": name, "metric": f"sequential papermill CLI per report ({sampled} runs)",
         "value": round(theirs, 2), "unit": "s", "target": ""},
        {"benchmark": name, "metric": "speed-up", "value": round(theirs / ours, 2), "unit": "x",
         "target": ">= 1.8"},
        {"benchmark": name, "metric": "re-run with nothing changed (whole run)",
         "value": round(rerun, 2), "unit": "s", "target": ""},
        {"benchmark": name, "metric": "largest HTML page", "value": round(pages[-1] / 1024),
         "unit": "KB", "target": "< 1024"},
        {"benchmark": name, "metric": "median HTML page",
         "value": round(pages[len(pages) // 2] / 1024), "unit": "KB", "target": "< 1024"},
    ]  # fmt: skip


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
