"""Catalogue (CAT): codes against the year's classification catalogue and against each other.

A CAT001/CAT002 finding keeps its severity only where the catalogue row it rests on is verified
(:data:`VERIFIED` sources: a real table, the official template, an official import, the legacy
catalogue); resting on an unverified row (``domain knowledge``) it is ``info`` and names the
row's source."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from govbudget.catalogue.core import Catalogue, Entry
from govbudget.codes import depth_of, is_well_formed, parent_of, scheme_of
from govbudget.findings import Finding
from govbudget.model import Row, Table
from govbudget.rules.engine import Context, implements, row_cell
from govbudget.tables import TABLE_BY_ID

#: classification schemes a table's codes may use, by the table's row kind
_SCHEMES = {
    "functional": ("functional",),
    "economic": ("economic_dept", "economic_gov"),
    "projects": ("functional",),
}
_SCHEME_NAMES = {
    "functional": ("支出功能分类", "functional classification"),
    "economic": ("支出经济分类", "economic classification"),
    "projects": ("支出功能分类", "functional classification"),
}


#: kinds of catalogue source (the text before ':') that make a row verified
VERIFIED = frozenset({"real table", "template", "imported", "official", "legacy catalogue"})


def unverified_source(entry: Entry | None) -> str | None:
    """The source of an unverified catalogue row (None for a verified row or no row)."""
    if entry is None:
        return None
    kind = entry.source.split(":", 1)[0].strip()
    return None if kind in VERIFIED else entry.source


def _kind(table: Table) -> str | None:
    spec = TABLE_BY_ID.get(table.id)
    return spec.rows if spec is not None and spec.rows in _SCHEMES else None


def _coded(ctx: Context, table: Table) -> list[Row]:
    """Rows carrying a code (classified tables only: summary tables name their 类 without
    codes, a code the reader put there came from the name)."""
    return ctx.view(table).all_coded


@functools.lru_cache(maxsize=1 << 16)
def _scheme(code: str, kind: str) -> str | None:
    """The code's scheme when the code is well formed for a table of ``kind``, else None."""
    scheme = scheme_of(code)
    return scheme if is_well_formed(code) and scheme in _SCHEMES[kind] else None


class _Codes(NamedTuple):
    """The package's codes, read once: the well-formed ones by scheme (what CAT001/CAT002 look
    up) and the malformed ones (CAT003), in table order."""

    checkable: dict[str, list[tuple[Table, Row]]]
    malformed: list[tuple[Table, Row]]


def _codes(ctx: Context) -> _Codes:
    def make() -> _Codes:
        found = _Codes(defaultdict(list), [])
        for table in ctx.tables():
            kind = _kind(table)
            if kind is None:
                continue
            for row in _coded(ctx, table):
                scheme = _scheme(row.code or "", kind)
                if scheme is None:
                    found.malformed.append((table, row))
                else:
                    found.checkable[scheme].append((table, row))
        return found

    return ctx.cached(("cat", "codes"), make)


@implements("CAT003")
def malformed(ctx: Context) -> Iterator[Finding]:
    for table, row in _codes(ctx).malformed:
        zh, en = _SCHEME_NAMES[_kind(table) or ""]
        yield ctx.finding(
            "CAT003", table=table, cell=row_cell(row), row=row, scheme_zh=zh, scheme_en=en
        )


def _official(
    ctx: Context, cat: Catalogue, year: int, scheme: str, rows: list[tuple[Table, Row]]
) -> dict[str, str | None]:
    """Catalogue name of each distinct code (None: not in ``year``'s catalogue), found once."""

    def make() -> dict[str, str | None]:
        book = cat.codebook(year, scheme)
        official: dict[str, str | None] = {}
        for _, row in rows:
            code = row.code or ""
            if code not in official:
                entry = book.get(code)
                official[code] = entry.name if entry is not None else None
        return official

    return ctx.cached(("cat", f"names:{scheme}"), make)


@implements("CAT001")
def unknown_codes(ctx: Context) -> Iterator[Finding]:
    """Unknown codes are errors where the year's catalogue is complete at the code's level
    (``Catalogue.is_complete(year, scheme, level)``), warnings elsewhere."""
    cat, year = ctx.catalogue, ctx.package.year
    if cat is None or year is None:
        return
    for scheme, rows in _codes(ctx).checkable.items():
        official = _official(ctx, cat, year, scheme, rows)
        if None not in official.values():
            continue  # every code is known (most packages)
        for table, row in rows:
            if official[row.code or ""] is not None:
                continue
            code = row.code or ""
            complete = cat.is_complete(year, scheme, depth_of(code, scheme))
            parent = parent_of(code)
            source = None if complete or not parent else _source(cat, parent, year, scheme)
            variant = None if complete else "unverified" if source else "incomplete"
            yield ctx.finding(
                "CAT001", table=table, cell=row_cell(row), row=row,
                variant=variant, year=year, source=source or "",
            )  # fmt: skip


def _source(cat: Catalogue, code: str, year: int, scheme: str) -> str | None:
    """The unverified source of ``code``'s catalogue row, or of the parent row it is missing
    under (None when that row is verified or absent)."""
    return unverified_source(cat.lookup(code, year, scheme))


@implements("CAT002")
def names(ctx: Context) -> Iterator[Finding]:
    cat, year = ctx.catalogue, ctx.package.year
    if cat is None or year is None:
        return
    for scheme, rows in _codes(ctx).checkable.items():
        official = _official(ctx, cat, year, scheme, rows)
        for table, row in rows:
            name = official[row.code or ""]
            if name is None or name == row.name or _kind(table) == "projects":
                continue  # a 民生 row is named after its project, not its code
            if not cat.same_name(row.name, name):
                source = _source(cat, row.code or "", year, scheme)
                yield ctx.finding(
                    "CAT002", table=table, cell=row.name_cell, row=row, catalogue_name=name,
                    variant="unverified" if source else None, source=source or "",
                )  # fmt: skip


@implements("CAT004")
def child_codes(ctx: Context) -> Iterator[Finding]:
    """A row listed under a shallower row (the nearest one above it, same scheme) whose code
    does not start with that row's code."""
    for table in ctx.tables():
        if _kind(table) is None:
            continue
        for rows in ctx.view(table).by_scheme.values():
            lei: Row | None = None  # the last 类 row, and the last 款 row under it
            kuan: Row | None = None
            for row in rows:
                if row.depth == 1:
                    lei, kuan = row, None
                    continue
                parent = lei if row.depth == 2 else kuan or lei
                if parent is not None and not (row.code or "").startswith(parent.code or ""):
                    yield ctx.finding(
                        "CAT004", table=table, cell=row_cell(row), row=row, parent=parent.code
                    )
                if row.depth == 2:
                    kuan = row
