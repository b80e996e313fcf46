"""One run of every command over a small data folder with hostile names, shared by the tests
of "nothing lost" (input checksums), "exports safe to open" and "an interrupted report".

The data folder holds three workbooks written by the writer: a clean one, one whose department
is ``<script>window.__pwned=1</script>`` and one whose department carries
``"onmouseover=alert(1) x="``; both hostile ones have row names and a narrative text that
start with ``=``, ``+``, ``-``, ``@`` or carry markup, and a sheet named like an HTML tag.

:func:`pipeline` runs, once per test session (the result is cached): ``ingest`` (CSV and
Parquet) and ``check --feedback`` (CSV and JSON) in-process, then ``govbudget report`` in a
subprocess that is killed (SIGKILL, whole process group) as soon as its first notebook is done,
then ``govbudget report`` again to completion, then ``govbudget publish``. The checksums of
every input file are taken before and after each command.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import openpyxl
import pytest

from govbudget.cli import main
from govbudget.ingest import read_package
from govbudget.io import sha256_file
from govbudget.model import Package
from govbudget_dev.examples import example_package
from govbudget_dev.write import write_package

SCRIPT = "<script>window.__pwned=1</script>"
ATTRIBUTE = '"onmouseover=alert(1) x="'
#: cell texts a spreadsheet would run as formulas
FORMULAS = ('=HYPERLINK("http://example.invalid/?leak","点击")', "+1+1", "-1+1", "@SUM(1+1)")
MARKUP = "<img src=x onerror=alert(2)><svg onload=alert(3)>"
SHEET = "<svg onload=alert(4)>"
REPORT_TIMEOUT = 300  # seconds: a stuck report run fails the tests instead of hanging them


def hostile_package(seed: int, department: str) -> Package:
    """A clean package whose department, 项 names and a narrative text are hostile."""
    package = example_package(seed, department=department)
    leaves = [r for r in package.tables["gpb_expenditure"].rows if r.depth == 3]
    for row, text in zip(leaves, FORMULAS, strict=False):
        row.name = f"{text}{row.name}"
    duties = package.texts["duties"]
    package.texts["duties"] = replace(duties, text=f"{MARKUP}{SCRIPT}{ATTRIBUTE}\n{duties.text}")
    return package


def write_data(folder: Path) -> Path:
    """The data folder: ``2016_budget/{finance,script,attribute}.xlsx``."""
    year = folder / "2016_budget"
    year.mkdir(parents=True)
    write_package(example_package(3), year / "finance.xlsx")
    write_package(hostile_package(5, f"{SCRIPT}局"), year / "script.xlsx")
    attribute = write_package(hostile_package(6, f"教育局{ATTRIBUTE}"), year / "attribute.xlsx")
    sheet = read_package(attribute).tables["gpb_expenditure"].sheet  # its rows carry findings
    book = openpyxl.load_workbook(attribute)
    book[sheet].title = SHEET
    book.save(attribute)
    return folder


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (relative path -> hex digest)."""
    return {
        str(p.relative_to(folder)): sha256_file(p) for p in sorted(folder.rglob("*")) if p.is_file()
    }


def opens(path: Path) -> bool:
    """Does a finished output open: HTML complete, workbook loadable, JSON parseable?"""
    try:
        if path.suffix == ".html":
            return path.read_text("utf-8").rstrip().lower().endswith("</html>")
        if path.suffix == ".xlsx":
            openpyxl.load_workbook(path, read_only=True).close()
            return True
        if path.suffix in (".json", ".ipynb"):
            json.loads(path.read_text("utf-8"))
            return True
    except Exception:
        return False
    return True


@dataclass
class Run:
    """One ``govbudget report`` subprocess."""

    returncode: int
    stderr: str
    log: str
    killed: bool = False
    #: after the run: relative path -> does it open (see :func:`opens`); hidden files listed too
    files: dict[str, bool] = field(default_factory=dict)


@dataclass
class PipelineRun:
    data: Path
    out: Path
    #: (command, input checksums after it); the first entry is before any command
    checksums: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    exit_codes: dict[str, int] = field(default_factory=dict)
    reports: list[Run] = field(default_factory=list)


def _in_process(argv: list[str]) -> int:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as stop:
            return int(stop.code or 0)
    return 0


def _snapshot(folder: Path) -> dict[str, bool]:
    return {str(p.relative_to(folder)): opens(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def _report(data: Path, out: Path, *, kill_after_first: bool) -> Run:
    """``govbudget report DATA --out OUT --jobs 1``; killed after its first notebook if asked."""
    argv = [
        sys.executable,
        "-m",
        "govbudget",
        "report",
        str(data),
        "--out",
        str(out),
        "--jobs",
        "1",
    ]
    log = out / "run.log"
    start = log.stat().st_size if log.is_file() else 0
    stderr_path = out.parent / f".{out.name}.stderr"
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
        killed = False
        deadline = time.monotonic() + REPORT_TIMEOUT
        try:
            while process.poll() is None and time.monotonic() < deadline:
                text = log.read_bytes()[start:].decode("utf-8", "replace") if log.is_file() else ""
                if kill_after_first and re.search(r"\[1/\d+\] 完成", text):
                    os.killpg(process.pid, signal.SIGKILL)
                    killed = True
                    break
                time.sleep(0.05)
        finally:
            if process.poll() is None and not killed:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if not killed and time.monotonic() >= deadline:
        pytest.fail(f"govbudget report did not finish within {REPORT_TIMEOUT} s")
    time.sleep(0.2)  # let the killed group's files settle (nothing may be writing any more)
    text = log.read_bytes()[start:].decode("utf-8", "replace") if log.is_file() else ""
    return Run(
        process.returncode,
        stderr_path.read_text("utf-8", "replace"),
        text,
        killed,
        _snapshot(out),
    )


_CACHE: dict[str, PipelineRun] = {}


def pipeline(factory: pytest.TempPathFactory) -> PipelineRun:
    """Run every command once per session (see the module docstring)."""
    if "run" in _CACHE:
        return _CACHE["run"]
    root = factory.mktemp("pipeline")
    run = PipelineRun(write_data(root / "data"), root / "out")
    data, out = run.data, run.out
    run.checksums.append(("before", checksums(data)))
    commands = {
        "ingest csv": ["ingest", str(data), "--output", str(out / "lines.csv")],
        "ingest parquet": ["ingest", str(data), "--output", str(out / "lines.parquet")],
        "check --feedback": ["check", str(data), "--feedback", str(out / "feedback"),
                             "--format", "csv", "--output", str(out / "check.csv")],
        "check json": ["check", str(data), "--format", "json", "--output", str(out / "check.json")],
    }  # fmt: skip
    for name, argv in commands.items():
        run.exit_codes[name] = _in_process(argv)
        run.checksums.append((name, checksums(data)))
    for kill in (True, False):
        run.reports.append(_report(data, out / "report", kill_after_first=kill))
        run.checksums.append((f"report{' (killed)' if kill else ''}", checksums(data)))
    site = subprocess.run(
        [sys.executable, "-m", "govbudget", "publish", "--data", str(data), "--out",
         str(out / "site"), "--jobs", "1"],
        capture_output=True, text=True, timeout=REPORT_TIMEOUT,
    )  # fmt: skip
    run.exit_codes["publish"] = site.returncode
    run.checksums.append(("publish", checksums(data)))
    _CACHE["run"] = run
    return run


__all__ = ["ATTRIBUTE", "FORMULAS", "MARKUP", "SCRIPT", "SHEET", "PipelineRun", "Run", "pipeline"]
