"""NAR001/NAR002 on the real published disclosures: packages holding exactly the tables of
``truth.json`` (every coded row and total, in fen) and the narrative text of the PDFs, checked;
the narrative findings must be those truth.json expects, never one outside expect/tolerate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from govbudget.catalogue import load_catalogue
from govbudget.check import check_package
from govbudget.model import Amount, Package, Row, Table, TextItem
from govbudget.rules import catalog, pack
from govbudget.rules.engine import Context
from govbudget.rules.narrative import differs, resolve, subject_figures
from govbudget.rules.narrative_text import normalise, subjects
from govbudget.tables import TABLE_BY_ID, match_item

DATA = Path(__file__).parent / "data" / "pdf"
TRUTH = json.loads((DATA / "truth.json").read_text(encoding="utf-8"))["documents"]
#: truth.json measure ids -> the model's
MEASURES = {"total": "total", "basic": "basic", "project": "project", "personnel": "personnel",
            "public": "public", "fiscal": "fiscal", "business": "business",
            "operating": "operating", "other": "other", "gpb": "gpb", "gov_fund": "gov_fund",
            "state_capital": "state_capital"}  # fmt: skip
THREE_PUBLIC = {"total": "total", "abroad": "outbound", "reception": "reception",
                "vehicle_total": "vehicle", "vehicle_purchase": "vehicle_purchase",
                "vehicle_running": "vehicle_operation", "office_operation": "admin_operating"}  # fmt: skip
DEPTH = {"类": 1, "款": 2, "项": 3}
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|（[一二三四五六七八九十]+）)")


def _amounts(values: dict, names: dict[str, str], cell: str) -> dict[str, Amount]:
    return {names[k]: Amount(v, cell) for k, v in values.items() if k in names}


def _table(table_id: str, truth: dict) -> Table:
    table = Table(table_id, "", truth["title"], f"p{truth['pages'][0]}", unit=truth["unit"])
    table.decimals = 2 if truth["unit"] == "万元" else 0
    if "lines" in truth and isinstance(truth["lines"], list):
        for i, line in enumerate(truth["lines"]):
            cell = f"p{line['page']}#{i}"
            code = line.get("code")
            table.rows.append(Row(i, line["name"], cell, code, cell, "functional" if
                                  code and code[0] == "2" else "economic_dept",
                                  DEPTH.get(line.get("level", ""), 0),
                                  amounts=_amounts(line["amounts"], MEASURES, cell)))  # fmt: skip
        total = truth["total"]
        table.rows.append(Row(len(table.rows), "合计", "total", item="total",
                              amounts=_amounts(total["amounts"], MEASURES, "total")))  # fmt: skip
    for i, line in enumerate(truth.get("items", [])):
        name = _NUMBERING.sub("", line["label"])
        item = match_item(name) or (
            f"{line['side']}_total" if name in ("总计", "收入总计", "支出总计") else None
        )
        values = line.get("amounts") or {"total": line.get("amount")}
        if all(v is None for v in values.values()):
            continue
        table.rows.append(Row(i, name, f"item{i}", item=item, panel=line["side"],
                              amounts=_amounts(values, MEASURES, f"item{i}")))  # fmt: skip
    if "figures" in truth:
        values = {k.removesuffix("_final"): v for k, v in truth["figures"]["amounts"].items()
                  if not k.endswith("_budget")}  # fmt: skip
        table.rows.append(Row(0, "", "figures", amounts=_amounts(values, THREE_PUBLIC, "figures")))
        table.columns = {THREE_PUBLIC[k]: "x" for k in values if k in THREE_PUBLIC}
    return table


def _narrative(truth: dict) -> dict[str, TextItem]:
    doc = pdfium.PdfDocument(str(DATA / truth["file"]))
    pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    sections = truth["narrative_sections"]
    start, other = sections["编制说明/情况说明"], sections["三公说明"]

    def text(first: int, last: int) -> str:
        return "\n".join(p for p in pages[first - 1 : last] if not re.search(r"单位[:：]", p))

    return {
        "explanation": TextItem("explanation", "", f"p{start}", "编制说明", text(start, other - 1)),
        "other": TextItem("other", "", f"p{other}", "其他相关情况说明", text(other, len(pages))),
    }


def package_of(doc: str) -> Package:
    truth = TRUTH[doc]["truth"]
    tables = {t: _table(t, truth["tables"][t]) for t in truth["tables"] if t in TABLE_BY_ID}
    return Package(truth["file"], truth["department"], truth["year"], truth["phase"],
                   tables=tables, texts=_narrative(truth))  # fmt: skip


def _matches(finding, entry) -> bool:
    code = re.sub(r"\D", "", entry["code"] or "")
    return (finding.rule == entry["rule"] and entry["table"] in (None, finding.table)
            and (not code or code == finding.code))  # fmt: skip


@pytest.mark.parametrize("doc", sorted(TRUTH))
def test_narrative_findings_are_the_expected_ones(doc: str):
    found = [f for f in check_package(package_of(doc)).findings if f.family == "NAR"]
    expect = [e for e in TRUTH[doc]["findings"]["expect"] if e["rule"].startswith("NAR")]
    allowed = expect + TRUTH[doc]["findings"]["tolerate"]
    for entry in expect:
        assert any(_matches(f, entry) for f in found), (entry, found)
    for finding in found:
        if finding.severity == "error":
            assert any(_matches(finding, e) for e in allowed), finding


def test_the_finance_bureau_final_narrative_total_is_reported_against_its_table():
    (finding,) = [f for f in check_package(package_of("pdf09_czj_final_2024")).findings
                  if f.rule == "NAR001"]  # fmt: skip
    assert finding.table == "fiscal_summary" and finding.cell == "p21"
    assert finding.actual == 3000 and finding.expected == 29_616_800
    assert "财政拨款收入支出总计0.3万元" in finding.message_zh


def test_a_quote_off_by_a_factor_is_reported_truncations_are_not():
    found = [f for f in check_package(package_of("pdf15_czj_dept_2025")).findings
             if f.rule == "NAR001"]  # fmt: skip
    assert [(f.code, f.actual, f.expected) for f in found] == [("2080506", 8_873_600, 873_617)]


def test_a_typo_that_turns_a_rise_into_a_fall_is_a_warning():
    found = [f for f in check_package(package_of("pdf01_sfj_dept_2026")).findings
             if f.family == "NAR"]  # fmt: skip
    assert [(f.rule, f.severity) for f in found] == [("NAR002", "warning")]
    assert "43269.3万元" in found[0].message_zh and "增加" in found[0].message_zh


def test_every_agreeing_quote_of_truth_is_read_matched_and_agrees():
    """Each 科目 figure truth.json lists as agreeing with its table is read from the text,
    resolved to its code and found in agreement with the table."""
    for doc, entry in TRUTH.items():
        package = package_of(doc)
        ctx = Context(package, load_catalogue(), catalog(), pack())
        read: dict[str, bool] = {}
        for item in package.texts.values():
            for subject in subjects(normalise(item.text), package.phase, package.year):
                code = resolve(ctx, subject)
                if code:
                    read[code] = not differs(subject.amount, subject_figures(ctx, code))
        checks = entry["truth"]["narrative_item_checks"]
        for check in (c for c in checks if c["status"] == "agrees"):
            assert read.get(check["code"]) is True, (doc, check["code"])
