"""Real published disclosures rebuilt as packages from ``tests/data/real/truth.json`` (every
figure of four real PDFs as printed, in integer 分), so the writer can lay them out as workbooks
in the layout each PDF uses and the checker can be held to the findings truth.json expects."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from govbudget import codes, tables
from govbudget.model import Amount, Note, Package, Row, Table, TextItem
from govbudget_dev.write import Layout

TRUTH = Path(__file__).parent / "data" / "real" / "truth.json"
#: truth.json measure ids -> govbudget measure ids (the others are blank in these documents)
MEASURES = {
    "total": "total", "basic": "basic", "project": "project", "personnel": "personnel",
    "public": "public", "fiscal": "fiscal", "business": "business", "operating": "operating",
    "other": "other", "affiliated": "subordinate", "carry_in": "carryover", "gpb": "gpb",
    "gov_fund": "gov_fund", "state_capital": "state_capital",
}  # fmt: skip
THREE_PUBLIC = {
    "total": "total", "abroad": "outbound", "reception": "reception", "vehicle_total": "vehicle",
    "vehicle_purchase": "vehicle_purchase", "vehicle_running": "vehicle_operation",
    "office_operation": "admin_operating",
}  # fmt: skip
LEVELS = {"区级": "区县级", "市级": "市级"}
#: rules truth.json leaves out: they depend on the level and dates given to the checker
OUTSIDE = {"MSX001", "TIM001"}


@cache
def documents() -> dict:
    return json.loads(TRUTH.read_text("utf-8"))["documents"]


def layout_of(doc_id: str) -> Layout:
    """The layout of the PDF, as far as the writer can produce it."""
    truth = documents()[doc_id]["truth"]
    units = truth["units"]
    official = truth["phase"] == "final"
    return Layout(
        unit=units["income"],
        three_public_unit=units["three_public"],
        official=official,
        three_public_blocks=official,
        basic_blocks=official,
        scope=truth["scope"],
    )


def _amounts(values: dict, names: dict[str, str] = MEASURES) -> dict[str, Amount]:
    return {names[k]: Amount(v, "") for k, v in values.items() if k in names}


def _coded(table_id: str, tab: dict, year: int, phase: str) -> Table:
    table = Table(table_id, "", tab.get("title", ""), "", unit=tab["unit"], year=year, phase=phase)
    for line in tab["lines"]:
        code = line["code"]
        panel = {"left": "personnel", "right": "public"}.get(line.get("block", ""))
        table.rows.append(Row(0, line["name"], "", code, None, codes.scheme_of(code),
                              codes.depth_of(code) or 0, panel=panel,
                              amounts=_amounts(line["amounts"])))  # fmt: skip
    total = tab["total"]["amounts"]
    if "personnel" in total and "total" not in total:  # side-by-side blocks: their own 合计
        for panel, zh in (("personnel", "人员经费合计"), ("public", "公用经费合计")):
            amounts = {"total": Amount(total[panel], "")}
            table.rows.append(Row(0, zh, "", item="total", panel=panel, amounts=amounts))
    elif any(v is not None for v in total.values()) or table.rows:
        table.rows.insert(0, Row(0, "合计", "", item="total", amounts=_amounts(total)))
    if tab.get("empty_note"):
        table.notes.append(Note(tab["empty_note"], "", "empty"))
    return table


def _two_panel(table_id: str, tab: dict, year: int, phase: str) -> Table:
    table = Table(table_id, "", tab.get("title", ""), "", unit=tab["unit"], year=year, phase=phase)
    for entry in tab["items"]:
        values = entry.get("amounts") or {"total": entry.get("amount")}
        if entry["label"] in ("收入", "支出", "本年收入", "本年支出") and not any(values.values()):
            continue  # the panel headings printed as the first line
        name = codes.clean_name(entry["label"])
        item = "total" if name in ("合计", "总计") else tables.match_item(name)
        table.rows.append(Row(0, entry["label"], "", item=item, panel=entry["side"],
                              amounts=_amounts(values)))  # fmt: skip
    return table


def _three_public(tab: dict, year: int, phase: str) -> Table:
    table = Table("three_public", "", tab.get("title", ""), "", unit=tab["unit"], year=year,
                  phase=phase)  # fmt: skip
    figures = tab["figures"]["amounts"]
    if phase == "final":
        amounts = {f"budget.{THREE_PUBLIC[k[:-7]]}": Amount(v, "") for k, v in figures.items()
                   if k.endswith("_budget") and k[:-7] in THREE_PUBLIC}  # fmt: skip
        amounts |= _amounts({k[:-6]: v for k, v in figures.items() if k.endswith("_final")},
                            THREE_PUBLIC)  # fmt: skip
    else:
        amounts = _amounts(figures, THREE_PUBLIC)
    table.rows.append(Row(0, "", "", amounts=amounts))
    return table


def package(doc_id: str) -> Package:
    """The package a real PDF discloses, its figures exactly as printed."""
    truth = documents()[doc_id]["truth"]
    year, phase = truth["year"], truth["phase"]
    level = next(v for k, v in LEVELS.items() if truth["level"].startswith(k))
    package = Package(f"{doc_id}.xlsx", truth["department"], year, phase, level)
    for table_id, tab in truth["tables"].items():
        if table_id == "three_public":
            table = _three_public(tab, year, phase)
        elif "items" in tab:
            table = _two_panel(table_id, tab, year, phase)
        else:
            table = _coded(table_id, tab, year, phase)
        table.department = truth["department"]
        package.tables[table_id] = table
    sections = [
        f"{n}、{name.split('/')[0]}\n见原文第{page}页。"
        for n, (name, page) in enumerate(truth["narrative_sections"].items(), start=1)
    ]
    title = "部门决算说明" if phase == "final" else "预算编制说明"
    package.texts["explanation"] = TextItem("explanation", "", "", title, "\n".join(sections))
    return package


def allowed(doc_id: str) -> set[tuple[str, str | None]]:
    """(rule, table) pairs truth.json expects or tolerates (a null table matches any)."""
    findings = documents()[doc_id]["findings"]
    return {(f["rule"], f["table"]) for f in findings["expect"] + findings["tolerate"]}
