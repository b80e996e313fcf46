"""Completeness (PKG): required tables, empty tables, required items, units, consistency,
duplicate tables in a workbook, duplicate packages in a run, and metadata given against the
document's."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from govbudget.findings import Finding
from govbudget.model import Package, Table
from govbudget.rules.engine import Context, implements
from govbudget.rules.spec import RequiredItem
from govbudget.tables import PHASE_ZH

_SPACES = re.compile(r"[\s\u3000]+")


def has_data(table: Table) -> bool:
    """A data row (not a total row) with at least one amount cell filled (0 counts)."""
    return any(
        a.fen is not None or a.invalid
        for r in table.rows
        if not r.is_total
        for a in r.amounts.values()
    )


def is_disclosed(table: Table) -> bool:
    """The table carries data or explains why it is empty."""
    return has_data(table) or table.empty_note is not None


@implements("PKG001")
def required_tables(ctx: Context) -> Iterator[Finding]:
    package = ctx.package
    for table_id in ctx.pack.required(package.phase, package.level, package.year):
        if table_id in package.tables:
            continue
        variant = "classified" if table_id in package.classified else None
        yield ctx.finding("PKG001", table_id=table_id, variant=variant)


@implements("PKG002")
def empty_tables(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables():
        if table.id not in ctx.package.classified and not is_disclosed(table):
            yield ctx.finding("PKG002", table=table, cell=table.title_cell)


def _all_text(package: Package) -> str:
    parts = [t.text for t in package.texts.values()]
    parts.extend(n.text for t in package.tables.values() for n in t.notes)
    return "\n".join(parts)


def _item_found(item: RequiredItem, package: Package, text: str) -> bool:
    if any(package.texts.get(t) is not None and package.texts[t].text.strip() for t in item.texts):
        return True
    for table_id in item.tables:
        table = package.tables.get(table_id)
        if table_id in package.classified or (table is not None and is_disclosed(table)):
            return True
    for table_id, measure in item.columns:
        table = package.tables.get(table_id)
        if table is not None and any(
            (a := r.amounts.get(measure)) is not None and a.fen is not None for r in table.rows
        ):
            return True
    return any(m in text for m in item.mentions)


@implements("PKG003")
def required_items(ctx: Context) -> Iterator[Finding]:
    text = _all_text(ctx.package)
    for item in ctx.pack.required_items:
        if not _item_found(item, ctx.package, text):
            yield ctx.finding("PKG003", item_zh=item.zh, item_en=item.en)


@implements("PKG004")
def units(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables():
        if table.unit is None:
            yield ctx.finding("PKG004", table=table, cell=table.title_cell)


_FIELDS = {
    "department": ("部门", "department"),
    "year": ("年度", "year"),
    "phase": ("阶段", "phase"),
}


def _shown(field: str, value: object) -> str:
    if field == "phase":
        return PHASE_ZH.get(str(value), str(value))
    return str(value)


def _key(field: str, value: object) -> object:
    return _SPACES.sub("", str(value)) if field == "department" else value


@implements("PKG005")
def consistency(ctx: Context) -> Iterator[Finding]:
    tables = ctx.tables()
    for field, (field_zh, field_en) in _FIELDS.items():
        stated = [(t, v) for t in tables if (v := getattr(t, field)) not in (None, "")]
        if len({v for _, v in stated}) < 2:
            continue  # every table states the same (most packages)
        keys = [_key(field, v) for _, v in stated]
        if len(set(keys)) < 2:
            continue  # every table agrees
        counts = Counter(keys)
        majority_key = counts.most_common(1)[0][0]
        majority = next(v for _, v in stated if _key(field, v) == majority_key)
        for table, value in stated:
            if _key(field, value) != majority_key:
                yield ctx.finding(
                    "PKG005",
                    table=table,
                    cell=table.title_cell,
                    field_zh=field_zh,
                    field_en=field_en,
                    value=_shown(field, value),
                    majority=_shown(field, majority),
                )


@implements("PKG006")
def duplicate_tables(ctx: Context) -> Iterator[Finding]:
    for table in ctx.package.duplicates:
        first = ctx.package.tables[table.id].sheet
        yield ctx.finding("PKG006", table=table, cell=table.title_cell, first=first)


@implements("PKG007")
def duplicate_packages(ctx: Context) -> Iterator[Finding]:
    if ctx.twins:
        yield ctx.finding("PKG007", other="、".join(ctx.twins))


_GIVEN = {"year": ("年度", "year"), "phase": ("阶段", "phase"), "level": ("级次", "level")}


@implements("PKG008")
def given_metadata(ctx: Context) -> Iterator[Finding]:
    for field, (given, stated) in ctx.package.meta_conflicts.items():
        field_zh, field_en = _GIVEN[field]
        yield ctx.finding(
            "PKG008",
            field_zh=field_zh,
            field_en=field_en,
            given=_shown(field, given),
            stated=_shown(field, stated),
        )
