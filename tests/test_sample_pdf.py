"""The sample city's PDFs: a few units publish the PDF LibreOffice prints of their workbook.

The city folder holds the PDF (as a citizen finds it), ``data/sample-submitted`` the workbook
the unit submitted; both give the same tidy lines and findings, ``govbudget compare`` finds
them identical, and the report site, the dashboard data and the static site show the PDF's
figures. The committed PDFs are proved current where LibreOffice is installed (in CI it must be).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_pdf_workbook import tidy_lines as lines

from govbudget.charts import headline
from govbudget.cli import main
from govbudget.display import fmt_yuan, totals
from govbudget.ingest import read_package
from govbudget.outputs.dashboard import Dashboard, Selection, load, page_path, prepare
from govbudget.outputs.static_site import publish_site
from govbudget.validate import check_file
from govbudget_dev.sample import DEPARTMENTS, SamplePackage, generate_city
from govbudget_dev.sample.pdf import PUBLISHED, convert
from govbudget_dev.write import write_package

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SUBMITTED = ROOT / "data" / "sample-submitted"


@functools.cache
def published_as_pdf() -> tuple[SamplePackage, ...]:
    return tuple(s for s in generate_city() if s.published_as == "pdf")


def require_soffice() -> None:
    """Skip without LibreOffice (fail in CI, where it must be installed)."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) not found: the sample's PDFs must be proved in CI")
        pytest.skip("LibreOffice (soffice) not installed")


def test_a_few_units_publish_pdfs_by_a_rule_in_their_data() -> None:
    units = [d for d in DEPARTMENTS if d.published_as == "pdf"]
    assert 2 <= len(units) <= 3 and len({d.level for d in units}) > 1
    chosen = published_as_pdf()
    assert {s.slug for s in chosen} == {d.slug for d in units} and len(chosen) == 5 * len(units)
    assert sum(bool(s.defects) for s in chosen) >= 2  # defects found from a PDF
    names = sorted(s.published for s in chosen)
    assert all(n.endswith(".pdf") for n in names)
    assert sorted(p.relative_to(PUBLISHED).as_posix() for p in PUBLISHED.rglob("*.pdf")) == names
    assert sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*.pdf")) == names
    for sample in chosen:
        assert (SAMPLE / sample.published).read_bytes() == (
            PUBLISHED / sample.published
        ).read_bytes()
        assert not (SAMPLE / sample.filename).exists()  # no twin in the city folder
    submitted = sorted(p.relative_to(SUBMITTED).as_posix() for p in SUBMITTED.rglob("*.*"))
    assert submitted == sorted(s.filename for s in chosen)


def test_each_pdf_reads_and_checks_as_its_submitted_workbook() -> None:
    for sample in published_as_pdf():
        pdf, workbook = SAMPLE / sample.published, SUBMITTED / sample.filename
        from_pdf = lines(pdf)
        assert len(from_pdf) > 100
        pd.testing.assert_frame_equal(from_pdf, lines(workbook))
        found = {
            f.rule for f in check_file(pdf).findings if f.severity in ("error", "warning")
        }  # fmt: skip
        assert found == set(sample.defects), sample.published


def test_compare_finds_the_published_pdf_and_the_submitted_workbook_identical(capsys) -> None:
    for sample in published_as_pdf():
        with pytest.raises(SystemExit) as exit_info:
            main(["compare", str(SAMPLE / sample.published), str(SUBMITTED / sample.filename)])
        assert exit_info.value.code == 0, capsys.readouterr().out


def test_another_seed_without_libreoffice_stops_before_writing(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govbudget", "sample", "--out", str(tmp_path / "city"),
         "--seed", "7"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PATH": str(tmp_path), "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 2 and "LibreOffice" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "city").exists() and not (tmp_path / "city-submitted").exists()


@pytest.mark.slow
def test_libreoffice_prints_today_what_is_committed(tmp_path: Path) -> None:
    require_soffice()
    chosen = published_as_pdf()
    books = [write_package(s.package, tmp_path / "books" / s.filename, s.layout) for s in chosen]
    pdfs = convert(books, [tmp_path / "pdf" / s.published for s in chosen])
    for sample, book, pdf in zip(chosen, books, pdfs, strict=True):
        fresh = lines(pdf)
        pd.testing.assert_frame_equal(fresh, lines(book))
        pd.testing.assert_frame_equal(fresh, lines(PUBLISHED / sample.published))


@pytest.fixture(scope="module")
def small_city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The 2016 budgets of one unit published as PDF and one published as a workbook."""
    folder = tmp_path_factory.mktemp("city")
    pdf = next(s for s in published_as_pdf() if s.package.year == 2016 and s.defects == ())
    other = next(
        s for s in generate_city() if s.published_as == "workbook" and s.package.year == 2016
    )
    for name in (pdf.published, other.published):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLE / name, folder / name)
    return folder, pdf.published


@pytest.mark.slow
def test_the_report_site_shows_a_department_published_as_pdf(small_city, tmp_path: Path) -> None:
    folder, name = small_city
    command = [sys.executable, "-m", "govbudget", "report", str(folder), "--out", str(tmp_path),
               "--year", "2016", "--phase", "budget", "--jobs", "2"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    package = read_package(folder / name)
    page = (tmp_path / "departments" / f"{Path(name).with_suffix('.html')}").read_text("utf-8")
    assert package.department in page
    for amount in totals(package.lines())["金额（万元）"]:
        assert fmt_yuan(amount) in page


@pytest.mark.slow
def test_the_dataset_and_the_static_site_show_a_department_published_as_pdf(
    small_city, tmp_path: Path
) -> None:
    folder, name = small_city
    prepared = prepare(folder, cache=tmp_path / "cache")
    data = load(prepared.folder)
    assert name in set(data.lines["package"])
    package = read_package(folder / name)
    mine = data.lines[data.lines["package"] == name]
    assert set(mine["department"]) == {package.department} and len(mine) == len(package.lines())
    site = tmp_path / "site"
    publish_site(prepared.folder, site)
    selection = Selection(package.department, 2016, "budget", "zh")
    html = (site / page_path(selection, Dashboard(data).slugs)).read_text("utf-8")
    figure = headline(data.lines, department=package.department, year=2016, phase="budget")
    assert package.department in html and f"{figure['total_wan']} 万元" in html
