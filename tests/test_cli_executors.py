"""The executor and archive options of ingest/check, end to end through the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from govbudget.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "2016_budget"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govbudget", *args], capture_output=True, text=True, check=False
    )


def _data(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("audit.xlsx", "science.xlsx", "saybagh.xlsx"):
        shutil.copy(SAMPLE / name, folder / name)
    return folder


def test_check_on_two_processes_equals_the_in_process_check(tmp_path):
    data = _data(tmp_path)
    alone = _cli("check", str(data), "--format", "json")
    pooled = _cli("check", str(data), "--format", "json", "--jobs", "2")
    assert alone.returncode == pooled.returncode == 1  # science: LVL001, saybagh: MSX001
    assert json.loads(alone.stdout) == json.loads(pooled.stdout)


def test_ingest_into_the_archive_and_again_replaces(tmp_path):
    data, store = _data(tmp_path), tmp_path / "archive.duckdb"
    for _ in range(2):
        done = _cli("ingest", str(data), "--store", str(store), "--jobs", "2")
        assert done.returncode == 0, done.stderr
    with Store(store, read_only=True) as archive:
        packages = archive.packages()
        rules = set(archive.findings()["rule"])
    assert len(packages) == 3
    assert {"LVL001", "MSX001"} <= rules


def test_ingest_needs_exactly_one_destination(tmp_path):
    data = _data(tmp_path)
    neither = _cli("ingest", str(data))
    both = _cli("ingest", str(data), "-o", str(tmp_path / "x.csv"), "--store", str(tmp_path / "a"))
    assert neither.returncode == both.returncode == 2
    assert "Traceback" not in neither.stderr + both.stderr
    assert not (tmp_path / "x.csv").exists()


def test_scheduler_without_dask_is_a_usage_error(tmp_path):
    done = _cli("check", str(_data(tmp_path)), "--scheduler", "tcp://127.0.0.1:1", "-j", "2")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_twins_are_told_of_each_other_on_the_pool_too(tmp_path):
    data = _data(tmp_path)
    shutil.copy(data / "audit.xlsx", data / "audit_copy.xlsx")
    alone = json.loads(_cli("check", str(data), "--format", "json").stdout)
    pooled = json.loads(_cli("check", str(data), "--format", "json", "--jobs", "2").stdout)
    assert alone == pooled
    twins = [
        p["file"] for p in pooled["packages"] if any(f["rule"] == "PKG007" for f in p["findings"])
    ]
    assert len(twins) == 2
