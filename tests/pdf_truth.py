"""Compare a package read from a real PDF with ``tests/data/pdf/truth.json``.

``truth.json`` names measures its own way (``abroad``, ``vehicle_running``, ``carry_in``…);
``MEASURE`` maps them to the package's measure ids. A 决算 三公 table prints a 预算数 and a
决算数 per measure: ``<id>_budget`` / ``<id>_final`` in truth, ``budget.<measure>`` and
``<measure>`` in the package. ``differences`` lists every figure that does not agree.
"""

from __future__ import annotations

import json
from pathlib import Path

from govbudget.codes import clean_name
from govbudget.model import Package, Row, Table

DATA = Path(__file__).parent / "data" / "pdf"
TRUTH = json.loads((DATA / "truth.json").read_text(encoding="utf-8"))
DOCUMENTS = TRUTH["documents"]

MEASURE = {
    "abroad": "outbound",
    "vehicle_total": "vehicle",
    "vehicle_running": "vehicle_operation",
    "office_operation": "admin_operating",
    "carry_in": "carryover",
    "superior": "subordinate",
    "affiliated": "subordinate",
}
BLOCK = {"left": "personnel", "right": "public"}
LEVEL = {"区级 (区县级)": "区县级"}


def measure_id(name: str) -> str:
    if name.endswith("_budget"):
        return "budget." + measure_id(name[: -len("_budget")])
    if name.endswith("_final"):
        return measure_id(name[: -len("_final")])
    return MEASURE.get(name, name)


def _name(text: str) -> str:
    return clean_name(text).replace(" ", "")


def _amounts_differ(where: str, row: Row | None, truth: dict, out: list[str], counts: list[int]):
    for measure, fen in truth.items():
        ours = row.amounts.get(measure_id(measure)) if row is not None else None
        got = ours.fen if ours is not None else None
        counts[1] += 1
        if got == fen:
            counts[0] += 1
        else:
            out.append(f"{where} {measure}: truth {fen} read {got}")


def _coded(table: Table, tid: str, truth: dict, out: list[str], counts: list[int]) -> None:
    rows = [r for r in table.rows if r.code]
    by_code: dict[str, list[Row]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    if len(rows) != truth["coded_rows"]:
        out.append(f"{tid}: {len(rows)} coded rows, truth {truth['coded_rows']}")
    for line in truth["lines"]:
        found = by_code.get(line["code"], [])
        row = found[0] if found else None
        if row is None:
            out.append(f"{tid} {line['code']}: missing")
            counts[1] += len(line["amounts"])
            continue
        if _name(row.name) != _name(line["name"]):
            out.append(f"{tid} {line['code']}: name {row.name!r} truth {line['name']!r}")
        if "block" in line and row.panel != BLOCK[line["block"]]:  # 人员经费 | 公用经费 blocks
            out.append(f"{tid} {line['code']}: panel {row.panel} truth {BLOCK[line['block']]}")
        _amounts_differ(f"{tid} {line['code']}", row, line["amounts"], out, counts)
    totals = [r for r in table.rows if r.is_total]
    total_truth = truth["total"]["amounts"]
    merged: dict[str, object] = {}
    for row in totals:  # side-by-side blocks: each block's own 合计 holds that block's total
        merged.update({row.panel if row.panel in BLOCK.values() else k: a
                       for k, a in row.amounts.items()})  # fmt: skip
    fake = Row(0, "", "", amounts=merged)  # type: ignore[arg-type]
    _amounts_differ(f"{tid} 合计", fake, total_truth, out, counts)


def _items(table: Table, tid: str, truth: dict, out: list[str], counts: list[int]) -> None:
    used: set[int] = set()
    for item in truth["items"]:
        panel = item["side"]
        amounts = item.get("amounts") or {"total": item.get("amount")}
        candidates = [
            r
            for r in table.rows
            if r.panel == panel and _name(r.name) == _name(item["label"]) and id(r) not in used
        ]
        row = candidates[0] if candidates else None
        if row is None:
            if any(v is not None for v in amounts.values()):
                out.append(f"{tid} {panel} {item['label']}: missing")
                counts[1] += len(amounts)
            continue
        used.add(id(row))
        _amounts_differ(f"{tid} {panel} {item['label']}", row, amounts, out, counts)


def _figures(table: Table, tid: str, truth: dict, out: list[str], counts: list[int]) -> None:
    merged: dict[str, object] = {}
    for row in table.rows:
        merged.update(row.amounts)
    fake = Row(0, "", "", amounts=merged)  # type: ignore[arg-type]
    _amounts_differ(tid, fake, truth["figures"]["amounts"], out, counts)


def differences(package: Package, doc_id: str) -> tuple[list[str], int, int]:
    """Every disagreement with truth, and (figures matched, figures in truth)."""
    truth = DOCUMENTS[doc_id]["truth"]
    out: list[str] = []
    counts = [0, 0]
    for field, want in (
        ("department", truth["department"]),
        ("year", truth["year"]),
        ("phase", truth["phase"]),
        ("scope", truth["scope"]),
        ("level", LEVEL.get(truth["level"], "市级" if truth["level"].startswith("市级") else None)),
    ):
        if getattr(package, field) != want:
            out.append(f"{field}: read {getattr(package, field)!r} truth {want!r}")
    if sorted(package.tables) != sorted(truth["tables_present"]):
        out.append(f"tables {sorted(package.tables)} truth {sorted(truth['tables_present'])}")
    for tid, unit in truth["units"].items():
        table = package.tables.get(tid)
        if table is not None and table.unit != unit:
            out.append(f"{tid}: unit {table.unit} truth {unit}")
    for tid, tab in truth["tables"].items():
        table = package.tables.get(tid)
        if table is None:
            continue
        if "lines" in tab:
            _coded(table, tid, tab, out, counts)
        elif "items" in tab:
            _items(table, tid, tab, out, counts)
        elif "figures" in tab:
            _figures(table, tid, tab, out, counts)
    for empty in truth["absent_or_empty"]:
        table = package.tables.get(empty["table"])
        if table is None or not table.is_empty:
            out.append(f"{empty['table']}: not read as empty")
            continue
        note = table.empty_note
        got = note.text if note is not None else None
        if (got and _name(got)) != (empty["note"] and _name(empty["note"])):
            out.append(f"{empty['table']}: note {got!r} truth {empty['note']!r}")
    return out, counts[0], counts[1]


#: truth's narrative section names -> TEXTS ids
SECTIONS = {
    "主要职能": "duties",
    "机构设置/单位构成": "organisation",
    "名词解释": "glossary",
    "编制说明/情况说明": "explanation",
}
