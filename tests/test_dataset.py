"""The checked dataset: exact round trip, the representative twin, and the one fingerprint."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from govbudget.check import check_package
from govbudget.dataset import Dataset, code_fingerprint, fingerprint, is_dataset, load, versions
from govbudget.errors import InputError
from govbudget.findings import Report
from govbudget_dev.factory import clean_package


def _report() -> Report:
    budget = clean_package(file="2016_budget/edu.xlsx")
    broken = clean_package(file="2016_final/edu.xlsx", phase="final", seed=1)
    row = next(r for r in broken.tables["expenditure"].rows if r.is_total)
    total = row.amounts["total"]
    row.amounts["total"] = type(total)(total.fen + 1234, total.cell)  # SUM003 and friends
    twin = clean_package(file="2016_budget/edu.pdf")
    results = [check_package(p) for p in (budget, broken, twin)]
    return Report(results, [InputError("坏文件 · bad", file="x/bad.xlsx")])


def test_dataset_round_trip_is_exact(tmp_path: Path) -> None:
    report = _report()
    dataset = Dataset.from_report(report, "key")
    folder = dataset.save(tmp_path / "dataset")
    assert is_dataset(folder) and not is_dataset(tmp_path)
    back = load(folder)
    assert back.fingerprint == "key"
    for name in ("lines", "findings", "scores", "failed"):
        assert getattr(back, name).equals(getattr(dataset, name)), name
    assert back.lines["amount_yuan"].map(type).eq(Decimal).all()
    differences = back.findings["difference"].dropna()
    assert Decimal("12.34") in set(differences.abs())
    assert list(back.failed["file"]) == ["x/bad.xlsx"] and "bad" in back.failed["message"][0]
    assert back.packages == [r.package.id for r in report.results]


def test_representative_prefers_the_workbook_of_twins() -> None:
    dataset = Dataset.from_report(_report())
    chosen = dataset.representative()
    assert set(chosen.scores["package"]) == {"2016_budget/edu.xlsx", "2016_final/edu.xlsx"}
    assert set(chosen.lines["package"]) == set(chosen.scores["package"])
    assert len(dataset.scores) == 3  # both twins are checked and kept in the dataset


def test_one_fingerprint_changes_with_contents_not_times(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(b"one")
    b.write_bytes(b"two")
    code = code_fingerprint()
    key = fingerprint([a, b], code=code)
    assert key == fingerprint([b, a], code=code)  # order does not matter
    a.touch()
    assert key == fingerprint([a, b], code=code)
    a.write_bytes(b"changed")
    assert key != fingerprint([a, b], code=code)
    assert key != fingerprint([b], code=code)
    assert fingerprint([b], options={"year": 2016}, code=code) != fingerprint([b], code=code)
    assert {"python", "govbudget", "papermill", "pandas"} <= set(versions())
    assert code == code_fingerprint()


def test_a_user_catalogue_changes_the_code_fingerprint(tmp_path: Path, monkeypatch) -> None:
    before = code_fingerprint()
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "manifest.csv").write_text("year,scheme,file\n", "utf-8")
    monkeypatch.setenv("GOVBUDGET_CATALOGUE", str(folder))
    assert code_fingerprint() != before


def test_findings_come_back_from_a_frame_unchanged(tmp_path: Path) -> None:
    from govbudget.findings import findings_of

    report = _report()
    stored = load(Dataset.from_report(report).save(tmp_path / "d")).findings
    expected = [f for r in report.results for f in r.findings]
    back = findings_of(stored)
    assert [(f.rule, f.cell, f.expected, f.culprit) for f in back] == [
        (f.rule, f.cell, f.expected, f.culprit) for f in expected
    ]
    assert all(f.package for f in back)
