"""``govbudget store …``: look into an archive (DuckDB file or Parquet folder), export, import.

Packages get into the archive with ``govbudget ingest … --store FILE``.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from govbudget.cli import app
from govbudget.cli.options import LEVEL, PHASE, Format
from govbudget.errors import UsageError
from govbudget.io import csv_text, refuse_inputs, write_text
from govbudget.store import Store

store_app = typer.Typer(
    name="store",
    help="档案（DuckDB/Parquet）：查看、查询、导出、导入 · The archive: inspect, query, export, import.",
    no_args_is_help=True,
)
app.add_typer(store_app, name="store")

StoreArg = Annotated[
    Path, typer.Argument(help="档案文件（.duckdb）或 Parquet 文件夹 · Store file or Parquet folder")
]


class What(StrEnum):
    lines = "lines"
    findings = "findings"
    scores = "scores"
    packages = "packages"
    totals = "totals"


@store_app.command("info")
def info(
    store: StoreArg,
    fmt: Annotated[Format, typer.Option("--format", help="输出格式 · Format")] = Format.text,
) -> None:
    """档案概况 · What the archive holds: packages, departments, years, lines, findings."""
    with Store(store, read_only=True) as archive:
        facts = archive.info()
    if fmt is Format.json:
        typer.echo(json.dumps(facts, ensure_ascii=False))
        return
    labels = {"path": "档案 store", "format": "格式 format", "packages": "包 packages",
              "departments": "部门 departments", "years": "年度 years",
              "lines": "明细行 lines", "findings": "问题 findings"}  # fmt: skip
    for key, label in labels.items():
        value = facts[key]
        typer.echo(f"{label}: {', '.join(map(str, value)) if isinstance(value, list) else value}")


@store_app.command("query")
def query(
    store: StoreArg,
    what: Annotated[
        What,
        typer.Argument(
            help="查询内容 · What to list: lines, findings, scores, packages, totals",
            metavar="WHAT",
        ),
    ],
    department: Annotated[str | None, typer.Option(help="部门 · Department")] = None,
    year: Annotated[int | None, typer.Option(help="年度 · Year")] = None,
    phase: Annotated[str | None, typer.Option(help="阶段 · Phase", metavar=PHASE)] = None,
    level: Annotated[str | None, typer.Option(help="级次 · Level", metavar=LEVEL)] = None,
    fmt: Annotated[Format, typer.Option("--format", help="输出格式 · Format")] = Format.text,
    output: Annotated[Path | None, typer.Option(help="输出文件 · Output file")] = None,
) -> None:
    """查询档案 · List lines, findings, scores or packages, or the city's totals by function
    for --year and --phase."""
    filters = {"department": department, "year": year, "phase": phase, "level": level}
    refuse_inputs(output, [store])
    with Store(store, read_only=True) as archive:
        if what is What.totals:
            if year is None or phase is None:
                raise UsageError("totals 需要 --year 和 --phase · totals needs --year and --phase")
            frame = archive.city_totals(year, phase, level=level)
        else:
            frame = getattr(archive, what.value)(**filters)
    text = _render(frame, fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text(output, text)


@store_app.command("export")
def export(
    store: StoreArg,
    folder: Annotated[Path, typer.Argument(help="Parquet 文件夹 · Parquet folder to write")],
) -> None:
    """导出为 Parquet · Export the archive as a Parquet dataset (lines, findings, packages)."""
    with Store(store, read_only=True) as archive:
        archive.export_parquet(folder)
    typer.echo(f"已导出 exported: {folder}")


@store_app.command("import")
def import_(
    store: StoreArg,
    folder: Annotated[Path, typer.Argument(help="Parquet 文件夹 · Parquet folder to read")],
) -> None:
    """从 Parquet 导入 · Import a Parquet dataset; its packages replace those with the same key."""
    if not folder.is_dir():
        raise UsageError(f"不是文件夹 · not a folder: {folder}")
    with Store(store) as archive:
        count = archive.import_parquet(folder)
    typer.echo(f"已导入 imported: {count} 个包 packages")


def _render(frame: pd.DataFrame, fmt: Format) -> str:
    if fmt is Format.json:
        return frame.to_json(orient="records", force_ascii=False, date_format="iso") + "\n"
    if fmt is Format.csv:
        return csv_text(frame)
    return (frame.to_string(index=False) if len(frame) else "（无 none）") + "\n"
