"""Findings, results, the report (frame, scores, SPEC §5 JSON) and the score weights."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from govbudget.errors import FileFormatError
from govbudget.findings import (
    FINDING_COLUMNS,
    REPORT_COLUMNS,
    SCORE_COLUMNS,
    Finding,
    PackageResult,
    Report,
    score,
)
from govbudget.rules import pack
from govbudget_dev.factory import clean_package


def finding(rule: str, severity: str = "error", **fields) -> Finding:
    return Finding(rule, severity, message_zh="问题", message_en="issue", **fields)


def test_finding_is_frozen_and_has_the_spec_fields():
    f = finding(
        "SUM002",
        table="gpb_expenditure",
        sheet="表5",
        cell="C8",
        code="20101",
        expected=Decimal("10.00"),
        actual=Decimal("12.50"),
        difference=Decimal("2.50"),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.rule = "X"  # type: ignore[misc]
    assert list(f.to_dict()) == [
        "rule",
        "severity",
        "table",
        "sheet",
        "cell",
        "page",
        "bbox",
        "code",
        "message_zh",
        "message_en",
        "expected",
        "actual",
        "difference",
        "culprit",
    ]
    assert (
        f.to_dict()["culprit"] is None
        and dataclasses.replace(f, culprit="C9").to_dict()["culprit"] == "C9"
    )
    assert f.family == "SUM"


def test_results_sort_errors_first_then_by_rule_and_cell():
    fs = [
        finding("VAL002", "warning", cell="B2"),
        finding("SUM001", cell="C10"),
        finding("SUM001", cell="C9"),
        finding("PKG001", "info"),
    ]
    result = PackageResult.of(clean_package(), fs)
    assert [(f.rule, f.cell) for f in result.findings] == [
        ("SUM001", "C9"),
        ("SUM001", "C10"),
        ("VAL002", "B2"),
        ("PKG001", ""),
    ]
    assert (result.errors, result.warnings) == (2, 1)


def test_score_weights_and_caps():
    weights = pack().score
    assert score([]) == weights.start == 100
    assert score([finding("PKG001")]) == 90.0  # error 5 × PKG 2
    assert score([finding("LVL001")]) == 92.5  # error 5 × LVL 1.5
    assert score([finding("CAT002", "warning")]) == 99.5  # warning 1 × CAT 0.5
    assert score([finding("PKG001", "info")]) == 100.0
    # one rule costs at most rule_cap, one family at most family_cap, never below 0
    assert score([finding("SUM002")] * 50) == 100 - weights.rule_cap
    many = [finding(r) for r in ("SUM001", "SUM002", "SUM003", "SUM004") for _ in range(9)]
    assert score(many) == 100 - weights.family_cap
    everything = [finding(f"{fam}00{i}") for fam in ("PKG", "LVL", "SUM", "VAL") for i in range(9)]
    assert score(everything * 5) == 0.0


def _report() -> Report:
    package = clean_package(level="区县级")
    fs = [
        finding(
            "SUM002",
            table="expenditure",
            sheet="表3",
            cell="C8",
            code="20101",
            expected=Decimal("1234567.89"),
            actual=Decimal("1235567.89"),
            difference=Decimal("1000.00"),
        ),
        finding("PKG004", "warning", table="income", sheet="表2", cell="A1"),
    ]
    return Report([PackageResult.of(package, fs)], [FileFormatError("not a workbook", file="x")])


def test_report_frame_and_scores():
    report = _report()
    frame = report.to_frame()
    assert tuple(frame.columns) == REPORT_COLUMNS == (*FINDING_COLUMNS, "culprit")
    assert frame["expected"].iloc[0] == Decimal("1234567.89")
    assert frame["level"].iloc[0] == "区县级"
    scores = report.scores()
    assert tuple(scores.columns) == SCORE_COLUMNS
    assert scores.iloc[0][["score", "errors", "warnings"]].tolist() == [93.0, 1, 1]


def test_report_exit_code():
    report = _report()
    assert report.exit_code == 2  # a file could not be read
    report.failures.clear()
    assert report.exit_code == 1
    report.results[0] = PackageResult.of(report.results[0].package, [])
    assert report.exit_code == 0


def test_json_is_exactly_the_spec_shape_with_exact_amounts():
    data = json.loads(json.dumps(_report().to_json(), ensure_ascii=False))
    assert list(data) == ["packages", "failed", "summary"]
    assert data["failed"] == [{"file": "x", "message": "x: INP001 not a workbook"}]
    (package,) = data["packages"]
    assert list(package) == [
        "file",
        "department",
        "year",
        "phase",
        "level",
        "tables",
        "score",
        "findings",
    ]
    assert package["year"] == 2016 and package["phase"] == "budget" and package["score"] == 93.0
    assert package["tables"][0] == "summary"
    first = package["findings"][0]
    assert Decimal(str(first["expected"])) == Decimal("1234567.89")
    assert first["difference"] == 1000.0
    assert package["findings"][1]["expected"] is None
    assert data["summary"] == {"packages": 1, "errors": 1, "warnings": 1}
