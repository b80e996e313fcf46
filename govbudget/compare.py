"""Reconcile two disclosures of one package: typically the PDF a department published
and the workbook the finance bureau received.

Every standard table present on one side only, and every figure that differs, by table, row
(classification code, summary line or name) and measure, with both locations. Figures compare
in fen; where the two tables are printed to different steps (元 with 分 against 万元 with two
decimals), a difference within one step of the coarser is rounding, not a difference. A blank
cell and 0 are the same figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govbudget.errors import printable
from govbudget.location import parse_pdf_cell
from govbudget.model import Package, Row, Table
from govbudget.money import fen_to_yuan
from govbudget.tables import ITEM_BY_ID, MEASURE_BY_ID, TABLE_BY_ID, TABLE_IDS

#: Columns of the CSV output, one row per difference.
COLUMNS = (
    "kind", "table", "row", "code", "item", "name", "measure", "published", "submitted",
    "difference", "published_sheet", "published_cell", "published_page", "published_bbox",
    "submitted_sheet", "submitted_cell", "submitted_page", "submitted_bbox",
)  # fmt: skip
KINDS = {"table": ("缺少表格", "table missing"), "figure": ("数字不同", "figure differs"),
         "row": ("缺少数字", "figure missing")}  # fmt: skip
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Place:
    """Where a figure (or a table) is on one side: sheet and cell, or page and box."""

    sheet: str
    cell: str

    def to_dict(self) -> dict[str, object]:
        place = parse_pdf_cell(self.cell)
        return {
            "sheet": None if place else self.sheet,
            "cell": self.cell,
            "page": place[0] if place else None,
            "bbox": list(place[1]) if place else None,
        }

    def text(self) -> str:
        if parse_pdf_cell(self.cell) or not self.sheet:
            return self.cell
        return f"{self.sheet}!{self.cell}"


@dataclass(frozen=True)
class Difference:
    """One difference. ``kind``: 'table' (a table on one side only), 'figure' (both sides have
    the figure, values differ), 'row' (a non-zero figure on one side only). Amounts in fen."""

    kind: str
    table: str
    row: str = ""  # the row key: code, item id or name
    code: str = ""
    item: str = ""
    name: str = ""
    measure: str = ""
    published: int | None = None
    submitted: int | None = None
    published_at: Place | None = None
    submitted_at: Place | None = None

    @property
    def difference(self) -> int | None:
        if self.published is None or self.submitted is None:
            return None
        return self.submitted - self.published

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "table": self.table,
            "code": self.code or None,
            "item": self.item or None,
            "name": self.name or None,
            "measure": self.measure or None,
            "published": _yuan(self.published),
            "submitted": _yuan(self.submitted),
            "difference": _yuan(self.difference),
            "published_at": self.published_at.to_dict() if self.published_at else None,
            "submitted_at": self.submitted_at.to_dict() if self.submitted_at else None,
        }


def _yuan(fen: int | None) -> str | None:
    """Exact yuan as text (``"1234.50"``), so JSON never rounds a figure."""
    return None if fen is None else str(fen_to_yuan(fen))


@dataclass
class Comparison:
    """The differences between a published and a submitted package."""

    published: Package
    submitted: Package
    differences: list[Difference] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.differences

    @property
    def exit_code(self) -> int:
        """0 the same, 1 they differ (2, unreadable, is raised before a comparison exists)."""
        return 0 if self.same else 1

    def to_json(self) -> dict[str, object]:
        def side(package: Package) -> dict[str, object]:
            return {"file": printable(package.file), "department": package.department,
                    "year": package.year, "phase": package.phase,
                    "tables": list(package.tables)}  # fmt: skip

        kinds = {kind: sum(d.kind == kind for d in self.differences) for kind in KINDS}
        return {
            "published": side(self.published),
            "submitted": side(self.submitted),
            "same": self.same,
            "differences": [d.to_dict() for d in self.differences],
            "summary": {
                "differences": len(self.differences),
                "tables": kinds["table"],
                "figures": kinds["figure"],
                "rows": kinds["row"],
            },
        }

    def to_frame(self) -> pd.DataFrame:
        records = []
        for d in self.differences:
            left = d.published_at.to_dict() if d.published_at else {}
            right = d.submitted_at.to_dict() if d.submitted_at else {}
            records.append((
                d.kind, d.table, d.row, d.code, d.item, d.name, d.measure,
                _yuan(d.published), _yuan(d.submitted), _yuan(d.difference),
                left.get("sheet"), left.get("cell"), left.get("page"), _box(left.get("bbox")),
                right.get("sheet"), right.get("cell"), right.get("page"), _box(right.get("bbox")),
            ))  # fmt: skip
        frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
        return frame.astype({"published_page": "Int64", "submitted_page": "Int64"})


def _box(bbox: object) -> str | None:
    return ",".join(f"{v:.1f}" for v in bbox) if isinstance(bbox, list) else None


# ------------------------------------------------------------------ comparing --------------


@dataclass(frozen=True)
class _Figure:
    fen: int
    place: Place
    row: Row


def _row_key(row: Row) -> str:
    if row.is_total:
        return f"{row.panel or ''}:total"
    if row.code:
        return f"{row.panel or ''}:code:{row.code}"
    if row.item:
        return f"{row.panel or ''}:item:{row.item}"
    return f"{row.panel or ''}:name:{_SPACE.sub('', row.name)}"


def figures(table: Table) -> dict[tuple[str, str], _Figure]:
    """The figures of a table by (row key, measure); a blank cell is 0, an invalid one left out.
    A row key met twice (a page-break repeat) keeps its first figures."""
    found: dict[tuple[str, str], _Figure] = {}
    for row in table.rows:
        key = _row_key(row)
        for measure, amount in row.amounts.items():
            if amount.invalid:
                continue
            found.setdefault(
                (key, measure), _Figure(amount.fen or 0, Place(table.sheet, amount.cell), row)
            )
    return found


def _tolerance(left: Table, right: Table) -> int:
    """One printed step of the coarser table when the two are printed to different steps."""
    a, b = left.step_fen, right.step_fen
    return max(a, b) if a != b else 0


def compare_tables(left: Table, right: Table) -> Iterator[Difference]:
    """The figures of one table that differ between the two sides."""
    mine, theirs = figures(left), figures(right)
    tolerance = _tolerance(left, right)
    for key in [*mine, *(k for k in theirs if k not in mine)]:
        a, b = mine.get(key), theirs.get(key)
        present = a or theirs[key]  # every key is on one side at least
        if a is not None and b is not None:
            if abs(a.fen - b.fen) <= tolerance:
                continue
            kind = "figure"
        elif present.fen == 0:
            continue
        else:
            kind = "row"
        row = present.row
        yield Difference(
            kind, left.id, row=key[0].split(":", 1)[1], code=row.code or "",
            item=row.item or "", name=row.name, measure=key[1],
            published=a.fen if a else None, submitted=b.fen if b else None,
            published_at=a.place if a else None, submitted_at=b.place if b else None,
        )  # fmt: skip


def compare_packages(published: Package, submitted: Package) -> Comparison:
    """Every table on one side only (first), then every figure that differs, table by table
    in the published package's order."""
    result = Comparison(published, submitted)
    order = [*published.tables, *(t for t in TABLE_IDS if t not in published.tables)]
    for table_id in order:
        left, right = published.tables.get(table_id), submitted.tables.get(table_id)
        if left is None and right is None:
            continue
        if left is None or right is None:
            present = left or submitted.tables[table_id]
            place = Place(present.sheet, present.title_cell)
            result.differences.append(Difference(
                "table", table_id, name=present.title,
                published_at=place if left else None, submitted_at=place if right else None,
            ))  # fmt: skip
            continue
        result.differences.extend(compare_tables(left, right))
    result.differences.sort(key=lambda d: d.kind != "table")
    return result


def compare_paths(
    published: str | Path, submitted: str | Path, *, year: int | None = None,
    phase: str | None = None, level: str | None = None,
) -> Comparison:  # fmt: skip
    """Read both inputs (workbook or PDF) and compare them; an unreadable input raises
    :class:`~govbudget.errors.InputError`."""
    from govbudget.ingest import read_package

    left = read_package(Path(published), year=year, phase=phase, level=level)
    right = read_package(Path(submitted), year=year, phase=phase, level=level)
    return compare_packages(left, right)


# ------------------------------------------------------------------ text ------------------


def describe(d: Difference, lang: str = "zh") -> str:
    """One line for a person."""
    spec = TABLE_BY_ID.get(d.table)
    table = (spec.zh if lang == "zh" else spec.en) if spec else d.table
    kind = KINDS[d.kind][0 if lang == "zh" else 1]
    if d.kind == "table":
        only = "仅见于公开版" if d.published_at else "仅见于报送版"
        if lang != "zh":
            only = "only in the published" if d.published_at else "only in the submitted"
        place = d.published_at or d.submitted_at
        return f"{kind}  「{table}」 {only} ({place.text() if place else ''})"
    measure = MEASURE_BY_ID.get(d.measure)
    label = (measure.zh if lang == "zh" else measure.en) if measure else d.measure
    item = ITEM_BY_ID.get(d.item)
    row = d.code or (item.zh if item and lang == "zh" else item.en if item else "") or d.name
    if d.code and d.name:
        row = f"{d.code} {d.name}"
    unit = "元" if lang == "zh" else "yuan"

    def side(fen: int | None, place: Place | None) -> str:
        if place is None:
            return "—"
        return f"{fen_to_yuan(fen or 0):,} {unit} @ {place.text()}"

    text = (f"{kind}  「{table}」 {row} · {label}: {side(d.published, d.published_at)} ≠ "
            f"{side(d.submitted, d.submitted_at)}")  # fmt: skip
    if d.difference is not None:
        text += f" ({'差' if lang == 'zh' else 'difference'} {fen_to_yuan(d.difference):,})"
    return text


def render_text(comparison: Comparison, lang: str = "zh") -> str:
    left, right = Path(comparison.published.file).name, Path(comparison.submitted.file).name
    count = len(comparison.differences)
    if lang == "zh":
        head = f"== 比较 {printable(left)} ↔ {printable(right)} — "
        head += "一致" if comparison.same else f"{count} 处不同"
    else:
        head = f"== compare {printable(left)} ↔ {printable(right)} — "
        head += "the same" if comparison.same else f"{count} difference(s)"
    lines = [head, *(f"  {describe(d, lang)}" for d in comparison.differences)]
    return "\n".join(lines) + "\n"
