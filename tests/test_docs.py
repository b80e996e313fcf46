"""docs/formats.md documents the outputs as the code writes them; nothing cites a SPEC that is
not in the repository."""

from __future__ import annotations

import re
from pathlib import Path

from govbudget.feedback import HEADER
from govbudget.findings import REPORT_COLUMNS, Finding
from govbudget.model import LINE_COLUMNS
from govbudget.tables import MEASURES, TABLES

ROOT = Path(__file__).resolve().parents[1]
FORMATS = (ROOT / "docs" / "formats.md").read_text("utf-8")


def _section(title: str) -> str:
    start = FORMATS.index(f"\n## {title}\n")
    end = FORMATS.find("\n## ", start + 1)
    return FORMATS[start : end if end > 0 else None]


def test_nothing_cites_the_spec_outside_the_repository():
    files = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("data/**/*.md"),
             *ROOT.glob("govbudget/**/*.py"), *ROOT.glob("govbudget/**/*.toml")]  # fmt: skip
    citing = [
        str(f.relative_to(ROOT)) for f in files if re.search(r"SPEC\s*§", f.read_text("utf-8"))
    ]
    assert citing == []
    assert "docs/formats.md" in (ROOT / "README.md").read_text("utf-8")


def test_csv_columns_are_the_reports_columns():
    documented = re.search(r"columns in this order:\n\n`([^`]+)`", _section("check CSV")).group(1)
    assert [c.strip() for c in documented.split(",")] == list(REPORT_COLUMNS)


def test_every_finding_field_and_tidy_line_column_is_documented():
    findings = _section("Findings")
    for field in Finding("X", "error").to_dict():
        assert re.search(rf"^\| (`\w+`, )*`{field}`", findings, re.M), field
    lines = _section("Tidy lines")
    for column in LINE_COLUMNS:
        assert f"`{column}`" in lines, column
    for measure in MEASURES:
        assert f"`{measure.id}` {measure.zh}" in " ".join(lines.split()), measure.id
    tables = " ".join(_section("Standard tables").split())
    assert all(f"`{t.id}`" in tables for t in TABLES)


def test_the_feedback_summary_sheet_columns_are_documented():
    feedback = " ".join(_section("Feedback copies").split())
    for title, _, _ in HEADER:
        assert title.split("\n")[0] in feedback, title
