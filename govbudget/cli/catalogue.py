"""``govbudget catalogue …``: look up a code, compare two years, import the MoF catalogue file.

Exit status: 0 success; 1 ``show`` found no such code; 2 wrong usage or an unreadable file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from govbudget.catalogue import Catalogue, diff_years, import_workbook, load_catalogue
from govbudget.catalogue.diff import CHANGES
from govbudget.cli import app
from govbudget.cli.options import Format
from govbudget.codes import SCHEMES, is_well_formed, scheme_of
from govbudget.errors import UsageError
from govbudget.io import csv_text

catalogue_app = typer.Typer(
    name="catalogue",
    help="政府收支分类科目：查询、对比、导入 · Classification catalogue: show, diff, import.",
    no_args_is_help=True,
)
app.add_typer(catalogue_app, name="catalogue")

LEVELS = {1: "类", 2: "款", 3: "项"}
Folders = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalogue", help="附加目录文件夹（可重复）· extra catalogue folder (repeatable)"
    ),
]


def _catalogue(folders: list[Path] | None) -> Catalogue:
    return load_catalogue(*(str(f) for f in folders or ()))


def _scheme(value: str | None) -> str | None:
    if value is not None and value not in SCHEMES:
        raise UsageError(f"未知科目体系 · unknown scheme {value!r} (use {', '.join(SCHEMES)})")
    return value


@catalogue_app.command()
def show(
    code: Annotated[str, typer.Argument(help="科目编码 · code, e.g. 2080505")],
    year: Annotated[int, typer.Option("--year", help="预算年度 · package year")],
    lang: Annotated[str, typer.Option(help="语言 · Language", metavar="[zh|en]")] = "zh",
    fmt: Annotated[Format, typer.Option("--format", help="输出格式 · Format")] = Format.text,
    folders: Folders = None,
) -> int:
    """显示一个科目：名称、层级、上下级、来源、跨年对应 · Show one code of a year's catalogue."""
    code = code.strip()
    if not is_well_formed(code):
        raise UsageError(f"编码格式错误 · malformed code {code!r} (2xx…/3xx…/5xx…, 3/5/7 digits)")
    if lang not in ("zh", "en"):
        raise UsageError(f"--lang 只能是 zh 或 en · --lang must be zh or en, not {lang!r}")
    cat = _catalogue(folders)
    scheme = scheme_of(code) or ""
    entry = cat.lookup(code, year)
    governing = cat.year_for(year, scheme)
    if entry is None:
        others = [
            (y, e) for y in cat.years(scheme) if y != governing and (e := cat.lookup(code, y))
        ]
        elsewhere = "".join(f"; {y}: {e.name}" for y, e in others)
        complete = "complete" if cat.is_complete(year, scheme, len(code) // 2) else "incomplete"
        typer.echo(
            f"未找到 · not found: {code} in the {governing} {scheme} catalogue "
            f"({'完整' if complete == 'complete' else '不完整'} · {complete}){elsewhere}",
            err=True,
        )
        return 1
    chain: list[str] = []
    parent = entry.parent
    while parent:
        above = cat.lookup(parent, year)
        chain.insert(0, f"{parent} {above.name if above else '?'}")
        parent = above.parent if above else None
    children = [f"{c.code} {c.name}" for c in cat.children(code, year)]
    latest = max(cat.years(scheme))
    key = cat.stable_key(code, year)
    mapped = cat.cofog(code, year) if scheme == "functional" else cat.gfs(code, year)
    in_latest = [f"{c} {cat.label(c, latest)}" for c in cat.equivalents(code, year, latest)]
    info = {
        "code": code,
        "name": entry.name,
        "label": cat.label(code, year, lang),
        "year": year,
        "catalogue_year": governing,
        "complete": cat.is_complete(year, scheme, entry.level),
        "scheme": scheme,
        "level": entry.level,
        "parents": chain,
        "children": children,
        "source": entry.source,
        "stable_key": key,
        "in_latest": in_latest,
        "category": list(mapped) if mapped else None,
    }
    if fmt is Format.json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    system = "COFOG" if scheme == "functional" else "GFS"
    lines = [
        f"{code} {info['label']}",
        f"  目录 Catalogue: {governing} {scheme} "
        f"({'完整' if info['complete'] else '不完整'} · {'complete' if info['complete'] else 'incomplete'})",
        f"  层级 Level: {LEVELS[entry.level]} ({entry.level})",
        f"  上级 Parents: {' › '.join(chain) or '—'}",
        f"  下级 Children: {len(children)}" + "".join(f"\n    {c}" for c in children),
        f"  来源 Source: {entry.source}",
        f"  稳定键 Stable key: {key}; {latest}: {', '.join(in_latest) or '—'}",
        f"  {system}: {' '.join(mapped) if mapped else '—'}",
    ]
    typer.echo("\n".join(lines))
    return 0


@catalogue_app.command()
def diff(
    year_a: Annotated[int, typer.Argument(help="较早年度 · earlier year")],
    year_b: Annotated[int, typer.Argument(help="较晚年度 · later year")],
    scheme: Annotated[
        str | None,
        typer.Option(help="分类体系 · Scheme", metavar="[functional|economic_dept|economic_gov]"),
    ] = None,
    level: Annotated[
        int | None, typer.Option(min=1, max=3, help="层级 1 类 / 2 款 / 3 项 · Level 1–3")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="输出格式 · Format")] = Format.text,
    folders: Folders = None,
) -> int:
    """两个年度目录的差异：更名、调整、删除、新增 · What changed between two years' catalogues."""
    frame = diff_years(_catalogue(folders), year_a, year_b, _scheme(scheme))
    if level is not None:
        frame = frame[frame["level"] == level]
    if fmt is Format.csv:
        typer.echo(csv_text(frame, lineterminator="\n"), nl=False)
        return 0
    if fmt is Format.json:
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    counts = frame["change"].value_counts()
    summary = ", ".join(f"{CHANGES[k]} {k} {counts[k]}" for k in CHANGES if k in counts)
    typer.echo(f"{year_a} → {year_b}: {summary or '无变化 · no changes'}")
    for row in frame.itertuples(index=False):
        old = f"{row.code_a} {row.name_a}" if isinstance(row.code_a, str) else "—"
        new = f"{row.code_b} {row.name_b}" if isinstance(row.code_b, str) else "—"
        typer.echo(f"{CHANGES[row.change]} {row.change:<8} {old} → {new}")
    return 0


@catalogue_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="财政部分类科目工作簿 · MoF catalogue workbook")],
    year: Annotated[int, typer.Option("--year", help="目录年度 · catalogue year")],
    scheme: Annotated[
        str | None, typer.Option(help="只导入一个科目体系 · only this scheme")
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help="写入的目录文件夹（默认用户数据目录）· target folder (default: the user catalogue folder)",
            file_okay=False,
        ),
    ] = None,
) -> int:
    """导入财政部《政府收支分类科目》工作簿为完整年度 · Import the MoF catalogue for a year."""
    result = import_workbook(file, year, scheme=_scheme(scheme), into=into)
    for path, (name, levels) in zip(result.files, result.counts.items(), strict=True):
        parts = ", ".join(f"{n} {LEVELS[lv]}" for lv, n in levels.items())
        typer.echo(f"已导入 · imported {year} {name}: {parts} → {path}")
    if result.skipped:
        typer.echo(f"跳过 {result.skipped} 行（非支出科目编码）· skipped {result.skipped} rows")
    return 0


@catalogue_app.command()
def stats(folders: Folders = None) -> int:
    """每年度、体系、层级的科目数及来源 · Rows per year, scheme and level, and per source."""
    cat = _catalogue(folders)
    complete = {
        (int(r.year), r.scheme): (r.complete, r.levels_complete, int(r.applies_from))
        for r in cat.manifest.itertuples(index=False)
    }
    for (year, scheme), part in cat.summary().groupby(["year", "scheme"]):
        levels = ", ".join(f"{LEVELS[int(r.level)]} {r.rows}" for r in part.itertuples(index=False))
        done, done_levels, start = complete[(year, scheme)]
        typer.echo(
            f"{year} {scheme}: {levels} · complete={done} levels_complete={done_levels or '-'}"
            f" applies_from={start}"
        )
    for (year, scheme), part in cat.source_counts().groupby(["year", "scheme"]):
        kinds = ", ".join(f"{r.kind} {r.rows}" for r in part.itertuples(index=False))
        typer.echo(f"  {year} {scheme} sources: {kinds}")
    return 0
