"""The report notebooks, executed for real with papermill on a small part of the sample city.

Kept small for a shared 2-core machine: two departments (one municipal, one district with its
民生 projects), all their years, reported for one year and phase — three notebooks in the
report run, two more executed directly.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import openpyxl
import pytest

from govbudget.dataset import load
from govbudget.display import fmt_yuan, totals
from govbudget.ingest import read_package
from govbudget.outputs.report_site import run as batch
from govbudget.outputs.report_site.kernel import WarmKernel
from govbudget_dev.sample import generate_city
from govbudget_dev.write import write_package

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SLUGS = ("education", "tianshan")


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """The sample packages of two units, written as the sample city writes them."""
    folder = tmp_path_factory.mktemp("city")
    for sample in generate_city():
        if sample.slug in SLUGS:
            write_package(sample.package, folder / sample.filename, sample.layout)
    return folder


@pytest.fixture(scope="module")
def first_run(city, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    lines: list[str] = []
    result = batch.run_report(city, out, year=2016, phase="budget", jobs=2, echo=lines.append)
    return result, out, lines


def test_every_notebook_is_thin_tagged_and_stripped():
    for name in ("department_report", "city_overview", "getting_started"):
        notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert any("parameters" in c.metadata.get("tags", []) for c in code)
        assert notebook.metadata.kernelspec.name == "python3"
        assert all(not c.outputs and not c.execution_count for c in code)
        assert len(code) <= 12 and all(len(c.source.splitlines()) <= 12 for c in code)


def test_the_report_run_writes_pages_feedback_findings_and_index(city, first_run):
    result, out, lines = first_run
    assert result.exit_code == 0, (result.failed, result.unreadable)
    assert sorted(result.ran) == ["departments/2016_budget/education",
                                  "departments/2016_budget/tianshan", "overview/2016_budget"]  # fmt: skip
    assert sum("完成" in line for line in lines) == 3

    package = read_package(next(city.glob("2016_budget/education.*")))
    page = (out / "departments/2016_budget/education.html").read_text("utf-8")
    assert package.department in page
    for amount in totals(package.lines())["金额（万元）"]:
        assert fmt_yuan(amount) in page  # the department's figures, in 万元 as the cards
    assert "Plotly.newPlot" in page and ("gb-error" in page or "未发现问题" in page)
    for html in out.rglob("*.html"):
        assert html.stat().st_size < 1_000_000, html

    overview = (out / "overview/2016_budget.html").read_text("utf-8")
    assert package.department in overview and "天山区" in overview

    index = (out / "index.html").read_text("utf-8")
    for link in ("departments/2016_budget/education.html", "overview/2016_budget.html",
                 "findings.xlsx"):  # fmt: skip
        assert f'href="{link}"' in index
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "ok" and len(manifest["inputs"]) == 10
    for entry in manifest["inputs"].values():
        assert (out / entry["feedback"]).is_file() and len(entry["sha256"]) == 64
    education = manifest["notebooks"]["departments/2016_budget/education"]
    assert education["parameters"]["package"] == package.id
    assert education["parameters"]["source"] == str(out / "dataset")  # the checked dataset
    assert len(education["inputs"]) == 4  # itself, 2015 budget and final, 2016 final
    assert manifest["dataset"]["fingerprint"] == load(out / "dataset").fingerprint
    assert {"python", "papermill", "plotly"} <= set(manifest["versions"])

    book = openpyxl.load_workbook(out / "findings.xlsx", read_only=True)
    assert book.sheetnames[0] == "汇总" and package.department in book.sheetnames


def test_a_second_run_skips_everything_from_the_command_line(city, first_run):
    _, out, _ = first_run
    before = (out / "departments/2016_budget/education.html").stat().st_mtime_ns
    command = [sys.executable, "-m", "govbudget", "report", str(city), "--out", str(out),
               "--year", "2016", "--phase", "budget", "--jobs", "2"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("跳过") == 3 and "未变化" in done.stdout
    assert str(out / "index.html") in done.stdout
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert {e["action"] for e in manifest["notebooks"].values()} == {"skip"}
    assert (out / "departments/2016_budget/education.html").stat().st_mtime_ns == before
    assert "输入未变化，沿用检查结果" in (out / "run.log").read_text("utf-8")


def test_getting_started_and_an_english_report_run_on_the_sample(city, tmp_path):
    kernel = WarmKernel()
    try:
        workbook = next(city.glob("2016_budget/tianshan.*"))
        error, _ = kernel.execute(
            NOTEBOOKS / "getting_started.ipynb", tmp_path / "getting_started.ipynb",
            {"workbook": str(workbook), "feedback_dir": str(tmp_path / "feedback"),
             "store_path": str(tmp_path / "store.duckdb")}, timeout=300,
        )  # fmt: skip
        assert error is None
        assert list((tmp_path / "feedback").iterdir())
        error, _ = kernel.execute(
            NOTEBOOKS / "department_report.ipynb", tmp_path / "english.ipynb",
            {"source": str(city), "package": read_package(workbook).id, "lang": "en"},
            timeout=300,
        )  # fmt: skip
        assert error is None
    finally:
        kernel.close()
    executed = nbformat.read(tmp_path / "english.ipynb", as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in executed.cells
                   for o in c.get("outputs", []))  # fmt: skip
    assert "Compliance findings" in html and "Budget execution (final / budget)" in html
    assert "Spending over the years" in html and "合规检查结果" not in html


@pytest.mark.parametrize("where", ["root", "elsewhere"])
def test_getting_started_runs_under_papermill_from_any_folder(where, tmp_path):
    """Its data paths name the repository's sample city and resolve from any working folder:
    ``papermill notebooks/getting_started.ipynb out.ipynb`` from the repository root, and the
    same with an absolute path from another folder."""
    cwd, notebook = (ROOT, "notebooks/getting_started.ipynb") if where == "root" else (
        tmp_path, str(NOTEBOOKS / "getting_started.ipynb"))  # fmt: skip
    out = tmp_path / "out.ipynb"
    subprocess.run(
        [sys.executable, "-m", "papermill", notebook, str(out), "-p", "feedback_dir",
         str(tmp_path / "feedback"), "-p", "store_path", str(tmp_path / "store.duckdb")],
        cwd=cwd, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    executed = nbformat.read(out, as_version=4)
    text = "".join(str(o.get("data", {}).get("text/html", "")) + str(o.get("text", ""))
                   for c in executed.cells for o in c.get("outputs", []))  # fmt: skip
    defects = (ROOT / "data" / "sample" / "DEFECTS.md").read_text("utf-8")
    mistyped = re.search(r"`2016_final/safety\.xlsx` \| [^|]+\| [^!]+!(\w+)", defects).group(1)
    assert mistyped in text and "SUM001" in text  # the safety workbook's mistyped cell
    assert "packages, 3 with findings" in text and "2 findings stored" in text
    assert (tmp_path / "feedback" / "safety.feedback.xlsx").is_file()


def test_the_first_pass_says_how_far_the_check_is(first_run):
    _, _, lines = first_run
    progress = [line for line in lines if line.startswith("检查输入")]
    assert progress, lines
    done, total = progress[-1].split()[-1].split("/")
    assert done == total and int(total) >= 2
