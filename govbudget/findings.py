"""Findings, per-package results, the report of a run, and the score.

A :class:`Finding` is one broken (or doubtful) rule at one place (fields in ``docs/formats.md``), amounts in
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
from govbudget.location import is_pdf_file, parse_pdf_cell
from govbudget.model import Package
from govbudget.rules.spec import ScoreWeights, pack

FINDING_COLUMNS = (
    "package", "department", "year", "phase", "level", "rule", "family", "severity", "table",
    "sheet", "cell", "code", "message_zh", "message_en", "expected", "actual", "difference",
)  # fmt: skip
#: The columns of ``Report.to_frame()`` and the CSV output: the stored columns and ``culprit``.
REPORT_COLUMNS = (*FINDING_COLUMNS, "culprit")
SCORE_COLUMNS = ("package", "department", "year", "phase", "level", "score", "errors", "warnings")


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding (``docs/formats.md``). ``table``/``sheet``/``cell`` are empty for package-level findings
    (PKG001 names the missing table but no sheet or cell). ``culprit``: the cell where
    this failed sum meets another failed sum, the most likely mistyped figure; empty when none."""

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
    culprit: str = ""

    @property
    def family(self) -> str:
        return self.rule[:3]

    def sort_key(self) -> tuple:
        return (SEVERITY_ORDER.get(self.severity, 3), self.rule, self.table, self.sheet,
                _cell_key(self.cell), self.code)  # fmt: skip

    @property
    def page(self) -> int | None:
        """The PDF page of the finding (1-based); None for a workbook cell."""
        place = parse_pdf_cell(self.cell)
        return place[0] if place else None

    @property
    def bbox(self) -> list[float] | None:
        """The box ``[x0, y0, x1, y1]`` on the PDF page (points, top-left origin), or None."""
        place = parse_pdf_cell(self.cell)
        return list(place[1]) if place else None

    def to_dict(self, *, pdf: bool = False) -> dict[str, object]:
        """The finding object of the check JSON (``docs/formats.md``); amounts as JSON numbers
        that print the exact Decimal.
        ``sheet`` is null for a finding of a PDF (``pdf``, or a cell on a PDF page)."""
        pdf = pdf or self.page is not None
        return {
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "sheet": None if pdf else self.sheet,
            "cell": self.cell,
            "page": self.page,
            "bbox": self.bbox,
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "expected": _json_number(self.expected),
            "actual": _json_number(self.actual),
            "difference": _json_number(self.difference),
            "culprit": self.culprit or None,
        }


def findings_of(frame: pd.DataFrame) -> list[Finding]:
    """The :class:`Finding` objects of a findings frame (``Report.to_frame()``, a dataset's)."""
    found = []
    for record in frame.to_dict("records"):

        def text(key: str, record: dict = record) -> str:
            value = _value(record.get(key))
            return "" if value is None else str(value)

        def amount(key: str, record: dict = record) -> Decimal | None:
            value = _value(record.get(key))
            return None if value is None else Decimal(str(value))

        found.append(Finding(
            rule=text("rule"), severity=text("severity"), table=text("table"),
            sheet=text("sheet"), cell=text("cell"), code=text("code"),
            message_zh=text("message_zh"), message_en=text("message_en"),
            expected=amount("expected"), actual=amount("actual"),
            difference=amount("difference"), package=text("package"), culprit=text("culprit"),
        ))  # fmt: skip
    return found


def _value(value: object) -> object:
    return None if value is None or value is pd.NA or value != value else value


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
        """2 when an input could not be read or none was, else 1 with error findings, else 0."""
        if self.failures or not self.results:
            return 2
        return 1 if self.errors else 0

    def to_frame(self) -> pd.DataFrame:
        """One row per finding (:data:`REPORT_COLUMNS`); amounts exact ``Decimal`` in 元."""
        records = [
            (r.package.id, r.package.department, r.package.year, r.package.phase,
             r.package.level, f.rule, f.family, f.severity, f.table, f.sheet, f.cell, f.code,
             f.message_zh, f.message_en, f.expected, f.actual, f.difference, f.culprit)
            for r in self.results
            for f in r.findings
        ]  # fmt: skip
        frame = pd.DataFrame.from_records(records, columns=list(REPORT_COLUMNS))
        return frame.astype({"year": "Int64"})

    def to_located_frame(self) -> pd.DataFrame:
        """:meth:`to_frame` with ``page`` and ``bbox`` (``x0,y0,x1,y1``) after ``cell``, both
        empty for workbook cells: the CSV output."""
        frame = self.to_frame()
        places = [parse_pdf_cell(cell) for cell in frame["cell"]]
        at = frame.columns.get_loc("cell") + 1
        pages = [place[0] if place else None for place in places]
        boxes = [",".join(f"{v:.1f}" for v in place[1]) if place else None for place in places]
        frame.insert(at, "page", pd.array(pages, dtype="Int64"))
        frame.insert(at + 1, "bbox", pd.array(boxes, dtype="str"))
        return frame

    def to_csv_frame(self) -> pd.DataFrame:
        """The CSV output: :meth:`to_located_frame` plus one row per input that could not be
        read (rule and family ``INP``, severity ``error``, the file as ``package``, the error's
        code, sheet, cell and message)."""
        frame = self.to_located_frame()
        if not self.failures:
            return frame
        failed = pd.DataFrame.from_records(
            [
                {"package": printable(f.file or ""), "rule": "INP", "family": "INP",
                 "severity": "error", "sheet": f.sheet or "", "cell": f.cell or "",
                 "code": f.code, "message_zh": str(f), "message_en": str(f)}
                for f in self.failures
            ],
            columns=list(frame.columns),
        )  # fmt: skip
        failed = failed.astype({"year": "Int64", "page": "Int64"})
        return failed if frame.empty else pd.concat([frame, failed], ignore_index=True)

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
        """The check JSON object (``docs/formats.md``), the inputs that could not be read under
        ``failed``."""
        packages = [
            {
                "file": printable(r.package.file),
                "department": r.package.department,
                "year": r.package.year,
                "phase": r.package.phase,
                "level": r.package.level,
                "tables": list(r.package.tables),
                "score": r.score,
                "findings": [f.to_dict(pdf=is_pdf_file(r.package.file)) for f in r.findings],
            }
            for r in self.results
        ]
        summary = {"packages": len(self.results), "errors": self.errors, "warnings": self.warnings}
        return {"packages": packages, "failed": self.failed(), "summary": summary}

    def failed(self) -> list[dict[str, str]]:
        """The inputs that could not be read: file and one-line message (``docs/formats.md``)."""
        return [
            {"file": printable(f.file or ""), "message": " ".join(str(f).split())}
            for f in self.failures
        ]
