"""Bad inputs: what ``govbudget check`` answers for each input of the corpus, how long it takes
and how much memory it needs.

Every input of ``tests/bad_inputs`` (built in a temporary folder) is checked by
``govbudget check INPUT --format json`` in a fresh process; wall time and that process's peak
resident memory (``os.wait4`` rusage, ``ru_maxrss``) are measured — best of three runs for the
time (one with ``--quick``), the largest peak. The baseline row is a clean workbook: most of a
run is starting Python and loading the catalogue; the reading and checking alone is timed in
this process too (``validate``, warm).

Targets (the bounds ``docs/robustness.md`` states): every answer within :data:`TIME_BOUND_S`
seconds and :data:`MEMORY_BOUND_MB` MB of peak memory.

``python -m benchmarks.bench_bad_inputs --markdown`` prints the table of ``docs/robustness.md``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bad_inputs import CASES, Case, good_workbook, restore_permissions  # noqa: E402

from govbudget.errors import printable  # noqa: E402
from govbudget.validate import validate  # noqa: E402

TIME_BOUND_S = 10.0
MEMORY_BOUND_MB = 400


def measure(path: Path) -> tuple[float, float, int, str, str]:
    """(seconds, peak MB, exit status, stdout, stderr) of ``govbudget check PATH`` run fresh."""
    argv = [sys.executable, "-m", "govbudget", "check", str(path), "--format", "json"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (
            seconds,
            usage.ru_maxrss / 1024,
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def answer(status: int, stdout: str, stderr: str) -> str:
    """What govbudget said, in a line: the error of each bad file, or the rules found."""
    errors = [
        line.split(": ", 1)[1] if ": " in line else line
        for line in stderr.splitlines()
        if line.startswith("govbudget:")
    ]
    found: list[str] = []
    try:
        for package in json.loads(stdout)["packages"]:
            found += [_place(f) for f in package["findings"]]
    except (ValueError, KeyError):
        pass
    parts = [f"exit {status}"]
    if errors:
        parts.append("; ".join(_short(e) for e in errors))
    if found:
        parts.append("findings: " + ", ".join(sorted(set(found))))
    elif not errors:
        parts.append("no findings")
    return " · ".join(parts)


def _place(finding: dict) -> str:
    where = "!".join(p for p in (finding["sheet"], finding["cell"]) if p)
    return f"{finding['rule']} {where}".strip()


def _short(error: str) -> str:
    """'…/corpus/x.xlsx, sheet '表1', A20001: INP003 …' -> 'x.xlsx, sheet '表1', A20001: INP003 …'"""
    where, _, detail = error.partition(": INP")
    name = where.split("/")[-1] if "/" in where else where
    return printable(f"{name}: INP{detail}")


def in_process(path: Path) -> float:
    """Seconds ``validate`` takes on the input in this (warm) process: the reader's and the
    checker's own share of the answer, without starting Python."""
    start = time.perf_counter()
    validate([path])
    return time.perf_counter() - start


def run_case(case: Case, folder: Path, repeats: int) -> dict:
    target = folder / case.build.__name__
    target.mkdir()
    path = case.build(target)
    times, peaks, inner = [], [], []
    for _ in range(repeats):
        seconds, peak, status, stdout, stderr = measure(path)
        times.append(seconds)
        peaks.append(peak)
        inner.append(in_process(path))
    return {
        "input": case.name,
        "answer": answer(status, stdout, stderr),
        "seconds": min(times),
        "inner_ms": 1000 * min(inner),
        "peak_mb": max(peaks),
        "expected_exit": case.exit_code,
        "exit": status,
    }


def results(quick: bool) -> list[dict]:
    repeats = 1 if quick else 3
    found = []
    with tempfile.TemporaryDirectory(prefix="govbudget-bad-") as tmp:
        folder = Path(tmp)
        try:
            base = folder / "baseline"
            base.mkdir()
            clean = Case("clean workbook (baseline)", lambda f: good_workbook(f), exit_code=0)
            found.append(run_case(clean, base, repeats))
            for case in CASES:
                found.append(run_case(case, folder, repeats))
        finally:
            restore_permissions(folder)
    return found


def run(quick: bool) -> list[dict]:
    rows = []
    for result in results(quick):
        name = result["input"]
        rows += [
            {"benchmark": "bad_inputs", "metric": f"{name}: time", "value": result["seconds"],
             "unit": "s", "target": f"≤ {TIME_BOUND_S:g}"},
            {"benchmark": "bad_inputs", "metric": f"{name}: time in process",
             "value": result["inner_ms"], "unit": "ms", "target": ""},
            {"benchmark": "bad_inputs", "metric": f"{name}: peak memory",
             "value": result["peak_mb"], "unit": "MB", "target": f"≤ {MEMORY_BOUND_MB}"},
            {"benchmark": "bad_inputs", "metric": f"{name}: exit status", "value": result["exit"],
             "unit": "", "target": f"= {result['expected_exit']}"},
        ]  # fmt: skip
    return rows


def markdown(found: list[dict]) -> str:
    lines = [
        "| input | what govbudget answers | time (s) | of which reading and checking (ms) "
        "| peak memory (MB) |",
        "|---|---|---:|---:|---:|",
    ]
    for r in found:
        text = r["answer"].replace("|", "\\|")
        lines.append(
            f"| {r['input']} | {text} | {r['seconds']:.2f} | {r['inner_ms']:.0f} "
            f"| {r['peak_mb']:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(results("--quick" in sys.argv)))
