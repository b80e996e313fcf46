"""Build the shipped catalogue CSVs of data/classification/ from their sources (run by hand).

    .venv/bin/python data/classification/build/build_catalogue.py \\
        --legacy DIR_WITH_03_04_insertTables.sql --real DIR_WITH_shiquan_templates_and_pdf

Inputs (see ../README.md):
* knowledge/*.txt — govbudget's domain knowledge of the 2016 and 2025 catalogues; the 2025
  knowledge is the base of every catalogue year 2023–2026;
* the legacy Oracle catalogue (``03_insertTables.sql`` GB18030, ``04_insertTables.sql`` UTF-8):
  confirms 2016 rows and adds 2016 项 under 款 of the same name;
* real tables, each of its own year: ``shiquan_unit26_pages.json`` and the two 2026 templates
  (parsed here), ``pdf/truth.json`` (every coded row of four real published PDFs, 2024–2026) and
  ``real_pairs.csv`` (pairs transcribed from more real budgets, with their year). A pair printed
  in a year's real table is a verified row of that year's catalogue (``real table`` /
  ``template``) and overrides the base name; a pair printed only in another year is added
  where the base lacks it, as ``real table, other year`` (not verified for this year).

Nothing at run time or in tests reads these inputs; only the CSVs this script writes are shipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from govbudget.catalogue.names import normalise_name, strip_suffix
from govbudget.codes import depth_of, join_split, parent_of, scheme_of
from govbudget.io import write_text

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
LEGACY = "legacy catalogue: Jackjet/supervise@8fc9205 ELE_BUDGET_SUBJECT{item} (platform data, set_year 2017)"
KNOWLEDGE = "domain knowledge: {year}年政府收支分类科目"
SHIQUAN = "real table: 上海市普陀区石泉路街道办事处2026年单位预算 (shiquan_unit26_pages.json)"
TEMPLATE = "template: 上海市普陀区2026年{kind}预算公开模板 ({file})"
TRUTH = "real table: {department}{year}年{kind} ({file}; {repository}@{commit})"
OTHER_YEAR = "real table, other year: {source}"
MODERN = (2023, 2024, 2025, 2026)  # catalogue years built on the 2025 knowledge base
_FIRST = {"functional": 2019, "economic_dept": 2018, "economic_gov": 2018}  # 2023 reaches back
CATALOGUES = (
    (2016, "functional", "functional_2016.txt", 2015),
    (2016, "economic_dept", "economic_dept_2016.txt", 2015),
    *(
        (year, scheme, f"{scheme}_2025.txt", _FIRST[scheme] if year == MODERN[0] else year)
        for year in MODERN
        for scheme in ("functional", "economic_dept", "economic_gov")
    ),
)
_PHASE_ZH = {"budget": "预算", "final": "决算"}
# Legacy 项 kept out of 2016 although their 款 matches: abolished or moved before 2016 (fee-financed
# items of the 2009 fee-to-tax reform, 2008 earthquake programmes, 预算外 funds, fund items and
# 车辆购置税 that became their own 款, the 国有资本经营预算 items that moved to 类 223).
_LEGACY_DROP = re.compile(r"国有资本经营预算|地震灾后|预算外|费支出$|基金支出$|车辆购置税支出")
_INSERT = re.compile(
    r"insert into (ELE_BUDGET_SUBJECT(?:_ITEM)?) \(([^)]*)\)\s*values \((.*?)\);", re.S
)
_VALUE = re.compile(r"'((?:[^']|'')*)'|(null)|(-?\d+(?:\.\d+)?)")
_GLUED = re.compile(
    r"(?<![\d,.])([235]\d{2}(?:\d{2}){0,2})\s*([\u4e00-\u9fff][\u4e00-\u9fff（）()、“”]*)"
)


@dataclass
class Row:
    code: str
    name: str
    source: str


def _knowledge(path: Path, year: int) -> tuple[dict[str, Row], set[str]]:
    """Parse a knowledge file: rows by code, and the 款 closed with '!'."""
    rows: dict[str, Row] = {}
    generated: dict[str, Row] = {}
    closed: set[str] = set()
    source = KNOWLEDGE.format(year=year)
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name, *flags = line.split()
        rows[code] = Row(code, name, source)
        if "!" in flags:
            closed.add(code)
        if "+std" in flags or "+adm" in flags:
            other = name if name.startswith("其他") else f"其他{name.removesuffix('支出')}支出"
            parts = [("01", "行政运行"), ("02", "一般行政管理事务"), ("03", "机关服务")]
            parts += [("50", "事业运行")] if "+std" in flags else []
            for suffix, child in [*parts, ("99", other)]:
                generated[code + suffix] = Row(code + suffix, child, source)
    for code, row in generated.items():
        rows.setdefault(code, row)
    return rows, closed


def _legacy(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Functional and economic (code -> suffix-stripped name) from the legacy SQL scripts."""
    functional: dict[str, str] = {}
    economic: dict[str, str] = {}
    for name, encoding in (("03_insertTables.sql", "gb18030"), ("04_insertTables.sql", "utf-8")):
        text = (folder / name).read_text(encoding)
        for match in _INSERT.finditer(text):
            columns = [c.strip() for c in match.group(2).split(",")]
            values = [
                v.group(1).replace("''", "'") if v.group(1) is not None else v.group(3)
                for v in _VALUE.finditer(match.group(3))
            ]
            record = dict(zip(columns, values, strict=True))
            target = functional if match.group(1) == "ELE_BUDGET_SUBJECT" else economic
            target[record["chr_code"]] = strip_suffix(record["chr_name"].replace(" ", ""))
    return functional, economic


def _real_pairs(folder: Path) -> dict[int, dict[str, Row]]:
    """Verified (code, name) pairs of real tables, by the year they were printed for; first
    source wins within a year."""
    pairs: dict[int, dict[str, Row]] = {}

    def add(year: int, code: str, name: str, source: str) -> None:
        if scheme_of(code) and depth_of(code) is not None:
            pairs.setdefault(year, {}).setdefault(code, Row(code, name.strip(), source))

    pages = json.loads((folder / "shiquan_unit26_pages.json").read_text("utf-8"))
    for page in pages:
        for code, name in _GLUED.findall(page["text"]):
            if code[0] in "23" and not name.startswith("万"):
                add(2026, code, name, SHIQUAN)
    for file, kind in (
        ("department_budget_template.xlsx", "部门"),
        ("unit_budget_template.xlsx", "单位"),
    ):
        book = openpyxl.load_workbook(folder / file, read_only=True)
        for sheet in book.worksheets:
            for cells in sheet.iter_rows(values_only=True):
                values = [str(v).strip() for v in cells if v is not None and str(v).strip()]
                if len(values) >= 2 and values[0].isdigit() and depth_of(values[0]):
                    code = join_split(*values[:-1][:3])
                    if code and depth_of(code):
                        add(2026, code, values[-1], TEMPLATE.format(kind=kind, file=file))
    truth = json.loads((folder / "pdf" / "truth.json").read_text("utf-8"))
    for document in truth["documents"].values():
        head = document["truth"]
        source = TRUTH.format(
            department=head["department"],
            year=head["year"],
            kind=f"{head['scope']}{_PHASE_ZH[head['phase']]}",
            file=head["file"],
            repository=head["source"]["repository"].removeprefix("github.com/"),
            commit=head["source"]["commit"][:7],
        )
        for code, name in _coded(head["tables"]):
            add(int(head["year"]), code, name, source)
    with open(HERE / "real_pairs.csv", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            add(int(record["year"]), record["code"], record["name"], record["source"])
    return pairs


def _coded(node: object) -> list[tuple[str, str]]:
    """Every (code, name) of a truth.json table tree (rows carry ``code`` as digits)."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        code, name = node.get("code"), node.get("name")
        if isinstance(code, str) and code.isdigit() and isinstance(name, str) and name:
            found.append((code, name))
        for value in node.values():
            found.extend(_coded(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_coded(value))
    return found


def _merge_legacy(
    rows: dict[str, Row], closed: set[str], legacy: dict[str, str], item: str
) -> None:
    """2016: legacy confirms same-name rows; adds legacy-only 项 under a same-name open 款."""
    source = LEGACY.format(item=item)
    for code, row in rows.items():
        old = legacy.get(code)
        if old is None:
            continue
        if normalise_name(old) == normalise_name(row.name):
            row.source = source
        else:
            row.source = f"{row.source} (legacy catalogue name: {old})"
    if item:
        return
    for code, name in sorted(legacy.items()):
        kuan = code[:5]
        if len(code) != 7 or code in rows or kuan not in rows or kuan in closed:
            continue
        if normalise_name(legacy.get(kuan, "")) != normalise_name(rows[kuan].name):
            continue
        if not _LEGACY_DROP.search(name):
            rows[code] = Row(code, name, source)


def _merge_real(
    rows: dict[str, Row], real: dict[int, dict[str, Row]], scheme: str, year: int
) -> None:
    """A modern year: its own real pairs override names and add codes; another year's pairs
    only add codes the base lacks, marked as printed in another year."""
    for code, pair in real.get(year, {}).items():
        if scheme_of(code) == scheme:
            rows[code] = pair
    for other in sorted(real, key=lambda y: abs(y - year)):
        for code, pair in real[other].items():
            parent = parent_of(code)
            if scheme_of(code) != scheme or code in rows or (parent and parent not in rows):
                continue
            rows[code] = Row(
                code, pair.name, OTHER_YEAR.format(source=pair.source.split(": ", 1)[-1])
            )


def _check(rows: dict[str, Row], scheme: str, label: str) -> None:
    for code in rows:
        level = depth_of(code, scheme)
        if level is None:
            raise SystemExit(f"{label}: malformed code {code}")
        parent = parent_of(code)
        if parent is not None and parent not in rows:
            raise SystemExit(f"{label}: {code} has no parent {parent}")


def _write(rows: dict[str, Row], year: int, scheme: str) -> Path:
    lines = ["year,scheme,code,name,level,parent,source"]
    for code in sorted(rows, key=lambda c: (c[:3], c)):
        row = rows[code]
        parent = parent_of(code) or ""
        fields = [
            str(year),
            scheme,
            code,
            row.name,
            str(depth_of(code, scheme)),
            parent,
            row.source,
        ]
        lines.append(",".join(_quote(f) for f in fields))
    return write_text(OUT / f"{year}_{scheme}.csv", "\n".join(lines) + "\n")


def _quote(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--legacy", type=Path, required=True, help="folder of 03/04_insertTables.sql"
    )
    parser.add_argument("--real", type=Path, required=True, help="folder of the real tables")
    args = parser.parse_args()
    legacy_functional, legacy_economic = _legacy(args.legacy)
    real = _real_pairs(args.real)
    manifest = ["year,scheme,file,complete,levels_complete,applies_from,rows,note"]
    for year, scheme, knowledge, applies_from in CATALOGUES:
        rows, closed = _knowledge(HERE / "knowledge" / knowledge, 2016 if year == 2016 else 2025)
        if year == 2016:
            legacy = legacy_functional if scheme == "functional" else legacy_economic
            _merge_legacy(rows, closed, legacy, "" if scheme == "functional" else "_ITEM")
        else:
            _merge_real(rows, real, scheme, year)
        _check(rows, scheme, f"{year} {scheme}")
        path = _write(rows, year, scheme)
        kinds = Counter(r.source.split(":", 1)[0] for r in rows.values())
        levels = Counter(depth_of(c, scheme) for c in rows)
        print(year, scheme, dict(sorted(levels.items())), dict(kinds))
        note = "govbudget build: domain knowledge checked against legacy/real sources; see README"
        manifest.append(f"{year},{scheme},{path.name},false,1,{applies_from},{len(rows)},{note}")
    write_text(OUT / "manifest.csv", "\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
