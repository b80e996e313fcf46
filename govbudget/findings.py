"""Findings, per-package results, the report of a run, and the score.

A :class:`Finding` is one broken (or doubtful) rule at one place: SPEC §4 fields, amounts in
元 as exact ``Decimal``. A :class:`Report` holds the results of many packages plus the files
that could not be read; it never raises for a bad disclosure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from govbudget.errors import InputError, printable
from govbudget.labels import SEVERITY_ORDER
from govbudget.model import Package
from govbudget.rules.spec import ScoreWeights, pack

FINDING_COLUMNS = (
    "package", "department", "year", "phase", "level", "rule", "family", "severity", "table",
    "sheet", "cell", "code", "message_zh", "message_en", "expected", "actual", "difference",
)  # fmt: skip
SCORE_COLUMNS = ("package", "department", "year", "phase", "level", "score", "errors", "warnings")


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding (SPEC §4). ``table``/``sheet``/``cell`` are empty for package-level findings
    (PKG001 names the missing table but no sheet or cell)."""

    rule: str
    severity: str
    table: str = ""
    sheet: str = ""
    cell: str = ""
    code: str = ""
    message_zh: str = ""
    message_en: str = ""
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    package: str = ""

    @property
    def family(self) -> str:
        return self.rule[:3]

    def sort_key(self) -> tuple:
        return (SEVERITY_ORDER.get(self.severity, 3), self.rule, self.table, self.sheet,
                _cell_key(self.cell), self.code)  # fmt: skip

    def to_dict(self) -> dict[str, object]:
        """SPEC §5 finding object; amounts as JSON numbers that print the exact Decimal."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "sheet": self.sheet,
            "cell": self.cell,
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "expected": _json_number(self.expected),
            "actual": _json_number(self.actual),
            "difference": _json_number(self.difference),
        }


def _cell_key(cell: str) -> tuple[int, str]:
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    return (int(digits) if digits else 0, letters.rjust(3))


def _json_number(value: Decimal | None) -> float | str | None:
    """A Decimal as a JSON number when the number prints back exactly, else as text."""
    if value is None:
        return None
    number = float(value)
    return number if Decimal(repr(number)) == value else str(value)


def score(findings: Iterable[Finding], weights: ScoreWeights | None = None) -> float:
    """Score 0–100 of one package (weights and caps from the rule pack, see catalog.toml)."""
    weights = weights or pack().score
    by_rule: dict[str, float] = defaultdict(float)
    for f in findings:
        by_rule[f.rule] += weights.severity.get(f.severity, 0.0) * weights.family.get(f.family, 1.0)
    by_family: dict[str, float] = defaultdict(float)
    for rule, points in by_rule.items():
        by_family[rule[:3]] += min(points, weights.rule_cap)
    lost = sum(min(points, weights.family_cap) for points in by_family.values())
    return round(max(0.0, weights.start - lost), 1)


@dataclass(frozen=True)
class PackageResult:
    """The findings of one package (sorted: errors first) and its score."""

    package: Package
    findings: tuple[Finding, ...]
    score: float

    @classmethod
    def of(cls, package: Package, findings: Iterable[Finding]) -> PackageResult:
        ordered = tuple(sorted(findings, key=Finding.sort_key))
        return cls(package, ordered, score(ordered))

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")


@dataclass
class Report:
    """The results of one run: checked packages and the files that could not be read."""

    results: list[PackageResult] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(r.warnings for r in self.results)

    @property
    def exit_code(self) -> int:
        """SPEC §5: 2 when a file could not be read, else 1 with error findings, else 0."""
        if self.failures:
            return 2
        return 1 if self.errors else 0

    def to_frame(self) -> pd.DataFrame:
        """One row per finding (:data:`FINDING_COLUMNS`); amounts exact ``Decimal`` in 元."""
        records = [
            (r.package.id, r.package.department, r.package.year, r.package.phase,
             r.package.level, f.rule, f.family, f.severity, f.table, f.sheet, f.cell, f.code,
             f.message_zh, f.message_en, f.expected, f.actual, f.difference)
            for r in self.results
            for f in r.findings
        ]  # fmt: skip
        frame = pd.DataFrame.from_records(records, columns=list(FINDING_COLUMNS))
        return frame.astype({"year": "Int64"})

    def scores(self) -> pd.DataFrame:
        """One row per package (:data:`SCORE_COLUMNS`)."""
        records = [
            (r.package.id, r.package.department, r.package.year, r.package.phase,
             r.package.level, r.score, r.errors, r.warnings)
            for r in self.results
        ]  # fmt: skip
        frame = pd.DataFrame.from_records(records, columns=list(SCORE_COLUMNS))
        return frame.astype({"year": "Int64", "errors": "int64", "warnings": "int64"})

    def to_json(self) -> dict[str, object]:
        """Exactly the SPEC §5 object (unreadable files are not in it: see ``failures``)."""
        packages = [
            {
                "file": printable(r.package.file),
                "department": r.package.department,
                "year": r.package.year,
                "phase": r.package.phase,
                "level": r.package.level,
                "tables": list(r.package.tables),
                "score": r.score,
                "findings": [f.to_dict() for f in r.findings],
            }
            for r in self.results
        ]
        summary = {"packages": len(self.results), "errors": self.errors, "warnings": self.warnings}
        return {"packages": packages, "summary": summary}
