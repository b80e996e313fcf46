"""The bad-input corpus (``tests/bad_inputs``): every input gets a clear answer.

For each input the reader raises the expected ``InputError`` naming file, sheet and cell — or
reads it and the checker reports the expected findings; ``govbudget check`` answers with exit
status 2 and one line per unreadable file, without a traceback; a folder run reports the bad
workbooks and checks the others. One real subprocess checks the whole corpus at once under a
memory bound; its peak memory is asserted (per-input figures: ``benchmarks/bench_bad_inputs.py``).
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest
from bad_inputs import (
    CASES,
    Case,
    good_workbook,
    is_root,
    macro_xlsm,
    restore_permissions,
    rewrite_zip,
)
from peak import measured

from govbudget.check import check_package
from govbudget.cli import main
from govbudget.errors import InputError, printable
from govbudget.feedback import write_feedback
from govbudget.ingest import read_package
from govbudget.validate import validate

#: peak resident memory allowed to one `govbudget check` of the whole corpus (its baseline,
#: Python with pandas and the catalogue loaded, is about 170 MB)
MEMORY_BOUND_MB = 400
TIME_BOUND_S = 120


def _slug(case: Case) -> str:
    return case.build.__name__


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    """Every input of the corpus, each in a folder of its own under one root."""
    root = tmp_path_factory.mktemp("corpus")
    paths = {}
    for case in CASES:
        folder = root / _slug(case)
        folder.mkdir()
        paths[case.name] = case.build(folder)
    yield root, paths
    restore_permissions(root)


def _assert_one_line(message: str, path: Path) -> None:
    """One line, no traceback, naming the file (as printed: odd bytes as escapes)."""
    assert "\n" not in message and "Traceback" not in message
    assert printable(str(path)) in message


@pytest.mark.parametrize("case", CASES, ids=_slug)
def test_the_reader_and_checker_answer(corpus, case: Case) -> None:
    _root, paths = corpus
    path = paths[case.name]
    if path.is_dir():  # folder cases: the checker reports the bad files and checks the others
        report = validate([path])
        assert report.results, "the readable workbooks of the folder are still checked"
        if case.error is not None:
            assert report.failures and all(isinstance(f, case.error) for f in report.failures)
            assert any(case.words in str(f) for f in report.failures)
            for failure in report.failures:
                _assert_one_line(str(failure), Path(failure.file or ""))
        found = {f.rule for r in report.results for f in r.findings}
        assert set(case.rules) <= found
        return
    if case.error is not None:
        with pytest.raises(case.error) as info:
            read_package(path)
        err = info.value
        assert err.file == str(path)
        assert (case.sheet, case.cell) == (
            err.sheet if case.sheet else None,
            err.cell if case.cell else None,
        )
        assert case.words in str(err)
        _assert_one_line(str(err), path)
        return
    result = check_package(read_package(path))
    found = {f.rule for f in result.findings}
    assert set(case.rules) <= found
    assert (result.errors > 0) == (case.exit_code == 1), [str(f) for f in result.findings]


@pytest.mark.parametrize("case", CASES, ids=_slug)
def test_govbudget_check_exit_status_and_one_line_per_bad_file(
    corpus, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    _root, paths = corpus
    path = paths[case.name]
    with pytest.raises(SystemExit) as info:
        main(["check", str(path), "--format", "json"])
    captured = capsys.readouterr()
    assert info.value.code == case.exit_code, captured.err
    assert "Traceback" not in captured.err
    errors = [line for line in captured.err.splitlines() if line.startswith("govbudget:")]
    if case.error is not None:
        code = case.error.code if not path.is_dir() else "INP"
        assert errors and all(f" {code}" in line for line in errors), captured.err
    else:
        assert not errors
    packages = json.loads(captured.out)["packages"]
    expected = 0 if case.error is not None and not path.is_dir() else 1
    assert len(packages) >= expected


def test_a_file_that_vanishes_mid_run_is_reported_and_the_run_carries_on(tmp_path: Path) -> None:
    first = good_workbook(tmp_path, "a.xlsx")
    second = good_workbook(tmp_path, "b.xlsx", seed=4, department="另一个局")

    def vanish(done: int, total: int, result: object) -> None:
        if done == 1:  # the first is read: the second vanishes before it is
            second.unlink()

    report = validate([tmp_path], progress=vanish)
    assert [Path(r.package.file) for r in report.results] == [first]
    (failure,) = report.failures
    assert failure.file == str(second) and "not found" in str(failure)


@pytest.mark.skipif(is_root(), reason="root reads a chmod 000 file: covered by FIFO and symlink")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    path = good_workbook(tmp_path, "locked.xlsx")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot open") as info:
            read_package(path)
        _assert_one_line(str(info.value), path)
    finally:
        path.chmod(0o644)


def test_macros_are_never_carried_into_outputs(tmp_path: Path) -> None:
    """An .xlsm is read for its data; its feedback copy is a plain .xlsx without the VBA."""
    path = macro_xlsm(tmp_path)
    package = read_package(path)
    result = check_package(package)
    copy = write_feedback(path, result.findings, tmp_path / "feedback")
    assert copy.suffix == ".xlsx"
    with zipfile.ZipFile(copy) as archive:
        assert not [n for n in archive.namelist() if "vba" in n.lower()]
        assert b"macroEnabled" not in archive.read("[Content_Types].xml")


def test_external_links_are_not_carried_into_feedback_copies(corpus, tmp_path: Path) -> None:
    _root, paths = corpus
    path = paths["external links"]
    copy = write_feedback(path, (), tmp_path)
    with zipfile.ZipFile(copy) as archive:
        names = archive.namelist()
        assert not [n for n in names if "externalLink" in n]
        assert b"secret.xlsx" not in b"".join(archive.read(n) for n in names)


def test_a_formula_without_a_value_is_reported_at_its_cell(corpus) -> None:
    _root, paths = corpus
    result = check_package(read_package(paths["formulas without cached values"]))
    (finding,) = [f for f in result.findings if f.rule == "VAL001"]
    assert finding.sheet and finding.cell
    assert "formula not calculated" in finding.message_en and "=" in finding.message_zh


def test_a_formula_whose_value_is_empty_text_is_a_blank_cell(corpus, tmp_path: Path) -> None:
    """Excel saves ``=IF(…,"",…)`` showing nothing as ``t="str"`` with an empty value: that is a
    calculated blank, not a formula without a value."""
    _root, paths = corpus
    source = paths["formulas without cached values"]
    (finding,) = [f for f in check_package(read_package(source)).findings if f.rule == "VAL001"]
    cell = f'<c r="{finding.cell}">'.encode()
    path = rewrite_zip(
        source,
        tmp_path / "empty_text.xlsx",
        lambda name, data: data.replace(cell, cell[:-1] + b' t="str">'),
    )
    table = read_package(path).tables[finding.table]
    (amount,) = [a for r in table.rows for a in r.amounts.values() if a.cell == finding.cell]
    assert amount.fen is None and not amount.invalid


def test_control_characters_never_reach_the_output(
    corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    _root, paths = corpus
    path = paths["control characters in names"]
    package = read_package(path)
    assert "\ufffd" in (package.department or "")
    for fmt in ("text", "json", "csv"):
        with pytest.raises(SystemExit):
            main(["check", str(path), "--format", fmt])
        out = capsys.readouterr().out
        assert not any(ch in out for ch in "\x07\x08\x1b"), fmt


def test_the_whole_corpus_in_one_run_within_bounds(corpus, tmp_path: Path) -> None:
    """One `govbudget check` of the whole corpus folder, in a fresh process limited to
    :data:`MEMORY_BOUND_MB` of peak memory: every bad workbook is one line on stderr, every
    readable one is in the JSON report, exit status 2, no traceback."""
    root, paths = corpus
    out, err = tmp_path / "out.json", tmp_path / "err.txt"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        code, _seconds, peak = measured(
            [sys.executable, "-m", "govbudget", "check", str(root), "--format", "json"],
            timeout=TIME_BOUND_S, stdout=stdout, stderr=stderr,
        )  # fmt: skip
    assert code != -9, f"not done within {TIME_BOUND_S} s"
    messages = err.read_text("utf-8", "replace")
    assert code == 2, messages
    assert "Traceback" not in messages
    failures = [line for line in messages.splitlines() if line.startswith("govbudget:")]
    unreadable = [c for c in CASES if c.error is not None and paths[c.name].suffix != ".csv"]
    folder_failures = 2 if is_root() else 3  # the FIFO and the dangling link (+ chmod 000)
    assert len(failures) == len(unreadable) - 1 + folder_failures, messages
    report = json.loads(out.read_text("utf-8"))
    files = {Path(p["file"]).name for p in report["packages"]}
    assert {"macros.xlsm", "external_links.xlsx", "finance_v2.xlsx", "good.xlsx"} <= files
    assert peak < MEMORY_BOUND_MB * 1024, f"peak {peak // 1024} MB"
