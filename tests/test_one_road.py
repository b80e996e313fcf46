"""Every entry point takes the one road in (``govbudget.validate``) and agrees on one awkward
folder: twins (``a.xlsx`` beside ``a.xlsm``), a feedback copy, an unreadable file and an empty
subfolder give the same packages, findings, failed inputs and exit status everywhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from govbudget.dataset import load
from govbudget.feedback import write_feedback
from govbudget.outputs.dashboard import prepare
from govbudget.store import Store
from govbudget.validate import validate

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "2016_budget"
GOOD = ("audit.xlsx", "audit.xlsm", "science.xlsx", "saybagh.xlsx")


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govbudget", *args], capture_output=True, text=True,
        check=False, timeout=600, env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("road") / "in"
    folder.mkdir()
    for name in ("audit.xlsx", "science.xlsx", "saybagh.xlsx"):
        shutil.copy(SAMPLE / name, folder / name)
    shutil.copy(SAMPLE / "audit.xlsx", folder / "audit.xlsm")  # same stem: a twin
    science = validate([folder / "science.xlsx"]).results[0]
    copy = write_feedback(folder / "science.xlsx", science.findings, folder)
    assert copy.name == "science.feedback.xlsx"
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (folder / "empty").mkdir()
    return folder


def _findings_by_name(packages: list[dict]) -> set[tuple[str, str, str, str]]:
    return {(Path(p["file"]).name, f["rule"], f["table"], f["cell"])
            for p in packages for f in p["findings"]}  # fmt: skip


def _findings_of_frame(frame: pd.DataFrame) -> set[tuple[str, str, str, str]]:
    return {(Path(str(r.package)).name, r.rule, r.table or "", r.cell or "")
            for r in frame.itertuples()}  # fmt: skip


@pytest.fixture(scope="module")
def checked(awkward: Path) -> dict:
    done = _cli("check", str(awkward), "--format", "json")
    assert done.returncode == 2, done.stderr
    return json.loads(done.stdout)


def test_check_reads_every_input_once_and_lists_the_failed(checked: dict) -> None:
    names = sorted(Path(p["file"]).name for p in checked["packages"])
    assert names == sorted(GOOD)  # not the feedback copy, not the broken file
    assert [Path(f["file"]).name for f in checked["failed"]] == ["broken.xlsx"]
    twins = {Path(p["file"]).name for p in checked["packages"]
             if any(f["rule"] == "PKG007" for f in p["findings"])}  # fmt: skip
    assert twins == {"audit.xlsx", "audit.xlsm"}
    rules = {f["rule"] for p in checked["packages"] for f in p["findings"]}
    assert {"LVL001", "MSX001"} <= rules


@pytest.mark.parametrize("options", [("--jobs", "2"), ("--executor", "dask", "--jobs", "2")])
def test_check_on_every_executor_gives_the_same_answer(awkward, checked, options) -> None:
    done = _cli("check", str(awkward), "--format", "json", *options)
    assert done.returncode == 2
    assert json.loads(done.stdout) == checked


def test_csv_lists_the_failed_input(awkward: Path) -> None:
    done = _cli("check", str(awkward), "--format", "csv")
    assert done.returncode == 2
    frame = pd.read_csv(__import__("io").StringIO(done.stdout), dtype=str)
    failed = frame[frame["rule"] == "INP"]
    assert len(failed) == 1 and failed["package"].iloc[0].endswith("broken.xlsx")


def test_ingest_and_the_store_agree(awkward: Path, checked: dict, tmp_path: Path) -> None:
    lines = tmp_path / "lines.parquet"
    done = _cli("ingest", str(awkward), "--output", str(lines))
    assert done.returncode == 2 and "broken.xlsx" in done.stderr
    assert sorted(Path(p).name for p in pd.read_parquet(lines)["package"].unique()) == sorted(GOOD)
    store = tmp_path / "archive.duckdb"
    done = _cli("ingest", str(awkward), "--store", str(store))
    assert done.returncode == 2 and "broken.xlsx" in done.stderr
    with Store(store, read_only=True) as archive:
        stored = sorted(Path(p).name for p in archive.packages()["package"])
        findings = _findings_of_frame(archive.findings())
    assert stored == sorted(set(GOOD) - {"audit.xlsm"})  # one per department, year, phase
    expected = {f for f in _findings_by_name(checked["packages"]) if f[0] != "audit.xlsm"}
    assert findings == expected


def test_report_dashboard_and_publish_read_the_same_dataset(awkward, checked, tmp_path) -> None:
    out, cache = tmp_path / "reports", tmp_path / "cache"
    env = {"GOVBUDGET_CACHE": str(cache)}
    done = _cli("report", str(awkward), "--out", str(out), "--jobs", "2", env=env)
    assert done.returncode == 2, done.stderr  # an input could not be read
    assert "broken.xlsx" in done.stdout
    expected = _findings_by_name(checked["packages"])
    report = load(out / "dataset")
    prepared = prepare(awkward, cache=cache)
    dashboard = load(prepared.folder)
    for dataset in (report, dashboard):
        assert sorted(Path(p).name for p in dataset.scores["package"]) == sorted(GOOD)
        assert _findings_of_frame(dataset.findings) == expected
        assert [Path(f).name for f in dataset.failed["file"]] == ["broken.xlsx"]
        chosen = dataset.representative().scores["package"]
        assert sorted(Path(p).name for p in chosen) == sorted(set(GOOD) - {"audit.xlsm"})
    assert any("broken.xlsx" in f for f in prepared.failures)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [k for k, e in manifest["inputs"].items() if e["status"] != "ok"] == ["broken.xlsx"]
    site = tmp_path / "site"
    done = _cli("publish", "--data", str(awkward), "--out", str(site), env=env)
    assert done.returncode == 2 and "broken.xlsx" in done.stderr
    assert (site / "index.html").is_file()


def test_an_empty_folder_is_a_failed_input_everywhere(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert _cli("check", str(empty)).returncode == 2
    assert _cli("check", str(empty), "--jobs", "2").returncode == 2
    assert _cli("ingest", str(empty), "--output", str(tmp_path / "x.csv")).returncode == 2
    assert not (tmp_path / "x.csv").exists()
