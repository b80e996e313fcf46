"""The project's promises about itself: one dependency list, stripped notebooks, nothing read from the shared folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs.extend(extra)
    return {_name(r): r.replace(" ", "") for r in reqs}


def _environment_pip_requirements() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text("utf-8")
    pip_block = text.split("- pip:", 1)[1]
    reqs = [
        line.strip()[2:].strip()
        for line in pip_block.splitlines()
        if line.strip().startswith("- ") and not line.strip().startswith("- -e")
    ]
    return {_name(r): r.replace(" ", "") for r in reqs}


def test_environment_yml_names_the_same_packages_as_pyproject():
    assert _environment_pip_requirements() == _pyproject_requirements()


def test_environment_yml_has_python_and_pip_as_conda_dependencies():
    text = (ROOT / "environment.yml").read_text("utf-8")
    conda_part = text.split("- pip:", 1)[0]
    assert re.search(r"^\s*- python", conda_part, re.M)
    assert re.search(r"^\s*- pip\s*$", conda_part, re.M)


def test_notebooks_are_committed_without_outputs():
    for path in sorted((ROOT / "notebooks").glob("**/*.ipynb")):
        notebook = json.loads(path.read_text("utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name} has outputs"
                assert not cell.get("execution_count"), f"{path.name} has execution counts"


def test_nothing_reads_from_shared():
    tracked = subprocess.run(
        ["git", "ls-files", "govbudget", "tests", "notebooks", "benchmarks", "Makefile", ".ci"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    shared = "shared"  # spelt apart so this test does not match itself
    pattern = re.compile(rf"\.\./{shared}|/{shared}/reference|/{shared}/data")
    offenders = [
        p for p in tracked
        if (ROOT / p).is_file()
        and pattern.search((ROOT / p).read_text("utf-8", errors="ignore"))
    ]  # fmt: skip
    assert offenders == []


def _make(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_demo_check_treats_findings_as_expected_and_unreadable_input_as_failure(tmp_path: Path):
    """``make demo`` reads check's exit status itself: 1 (findings, as planted in the sample)
    is reported as such, without make's "Error 1 (ignored)"; 2 stops the demo."""
    if not (ROOT / ".venv" / "bin" / "govbudget").exists():
        pytest.skip("no .venv")
    sample = tmp_path / "sample"
    sample.mkdir()
    shutil.copy(
        ROOT / "govbudget/resources/examples/environment_2016_budget_defective.xlsx", sample
    )
    done = _make("demo-check", f"SAMPLE={sample}", f"REPORTS={tmp_path / 'out'}")
    assert done.returncode == 0, done.stderr
    assert "check: error findings" in done.stdout and "Error" not in done.stdout + done.stderr
    assert json.loads((tmp_path / "out/check.json").read_text("utf-8"))["summary"]["errors"] > 0
    (sample / "broken.xlsx").write_bytes(b"not a workbook")
    failed = _make("demo-check", f"SAMPLE={sample}", f"REPORTS={tmp_path / 'out'}")
    assert failed.returncode != 0 and "broken.xlsx" in failed.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_lab_allows_root_only_as_root():
    recipe = _make("-n", "lab").stdout.splitlines()[-1]
    assert "jupyter lab --notebook-dir=notebooks" in recipe
    assert ("--allow-root" in recipe) == (os.getuid() == 0)


def test_licence_is_an_spdx_expression_with_its_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_demo_compare_passes_on_identical_pairs_and_stops_on_a_difference(tmp_path: Path):
    """``make demo`` compares each published PDF of the sample with its submitted workbook."""
    if not (ROOT / ".venv" / "bin" / "govbudget").exists():
        pytest.skip("no .venv")
    sample, submitted = tmp_path / "sample", tmp_path / "sample-submitted"
    pdf = next((ROOT / "data/sample").rglob("*.pdf")).relative_to(ROOT / "data/sample")
    book = pdf.with_suffix(".xlsx")
    (sample / pdf.parent).mkdir(parents=True)
    (submitted / pdf.parent).mkdir(parents=True)
    shutil.copy(ROOT / "data/sample" / pdf, sample / pdf)
    shutil.copy(ROOT / "data/sample-submitted" / book, submitted / book)
    done = _make("demo-compare", f"SAMPLE={sample}")
    assert done.returncode == 0, done.stderr
    assert f"compare: {sample / pdf} = {submitted / book}" in done.stdout
    other = next(p for p in (ROOT / "data/sample-submitted").rglob("*.xlsx") if p.stem != pdf.stem)
    shutil.copy(other, submitted / book)
    assert _make("demo-compare", f"SAMPLE={sample}").returncode != 0
