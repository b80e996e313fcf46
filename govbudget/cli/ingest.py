"""``govbudget ingest PATH... --output FILE.csv|.parquet`` — workbooks to tidy lines (SPEC §6).

CSV is written as UTF-8 *with* a byte-order mark so that Excel opens the Chinese text
correctly; text cells that a spreadsheet would run as a formula are neutralised
(``govbudget.io.safe_cell``) and amounts are exact decimal text (``1234.50``). Parquet keeps
amounts as ``decimal128(20, 2)``. Every workbook is read before anything is written: if one
cannot be read, each failure is reported and nothing is written (exit status 2).

``--store FILE.duckdb`` instead reads *and checks* every workbook into the archive
(``govbudget.store``), upserting by (department, year, phase); readable packages are kept even
when others fail (those are listed, exit status 2). ``--executor``/``--jobs``/``--scheduler``
spread the reading over local processes or a Dask cluster (``govbudget.executors``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from govbudget.cli import app
from govbudget.cli.options import Executor, ExecutorChoice, Jobs, Scheduler
from govbudget.errors import InputError, UsageError
from govbudget.executors import Result, iter_packages, progress_line
from govbudget.io import atomic_path, refuse_inputs, safe_frame
from govbudget.model import Package
from govbudget.read import find_workbooks, read_lines, read_package

_FORMATS = (".csv", ".parquet")


def _check_output(output: Path) -> None:
    if output.suffix.lower() not in _FORMATS:
        raise UsageError(
            f"输出文件须为 .csv 或 .parquet · output must be .csv or .parquet: {output}"
        )


def write_lines(lines: pd.DataFrame, output: Path) -> Path:
    """Write tidy lines to ``output`` (.csv with BOM, or .parquet), atomically."""
    _check_output(output)
    with atomic_path(output) as tmp:
        if output.suffix.lower() == ".parquet":
            lines.to_parquet(tmp, index=False)
        else:
            frame = lines.copy()
            frame["amount_yuan"] = frame["amount_yuan"].astype(str)
            safe_frame(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
    return output


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="工作簿或文件夹 · workbooks or folders")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出 .csv 或 .parquet · output file")
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(help="DuckDB 档案（按部门/年度/阶段更新）· archive to upsert into"),
    ] = None,
    year: Annotated[int | None, typer.Option(help="年度 · year (overrides the workbook)")] = None,
    phase: Annotated[str | None, typer.Option(help="budget|final（预算/决算）")] = None,
    level: Annotated[str | None, typer.Option(help="市级|区县级|乡镇级")] = None,
    department: Annotated[str | None, typer.Option(help="部门名称 · department")] = None,
    executor: Executor = ExecutorChoice.local,
    jobs: Jobs = 1,
    scheduler: Scheduler = None,
) -> int:
    """读取工作簿并输出整洁数据行或存入档案 · Read workbooks into tidy lines (CSV, Parquet or the archive)."""
    if (output is None) == (store is None):
        raise UsageError("须给出 --output 或 --store 之一 · give exactly one of --output / --store")
    if output is not None:
        _check_output(output)
    workbooks = find_workbooks(paths)
    if not workbooks:
        raise UsageError("没有找到工作簿（.xlsx/.xlsm/.xls/.ods）· no workbooks found")
    meta = {"year": year, "phase": phase, "level": level, "department": department}
    run = {"executor": executor.value, "jobs": jobs, "scheduler": scheduler}
    if store is not None:
        return _ingest_store(workbooks, store, meta, run)
    packages: list[Package] = []
    failures: list[InputError] = []
    task = functools.partial(read_package, **meta)
    for result in iter_packages(workbooks, task, **run):
        if result.error is not None:
            failures.append(result.error)
            typer.echo(f"✗ {result.error}", err=True)
            continue
        package = result.value
        packages.append(package)
        count = sum(len(t.rows) for t in package.tables.values())
        typer.echo(
            f"✓ {result.path}: {len(package.tables)} 张表 tables, {count} 行 rows "
            f"({package.department or '?'} {package.year or '?'} {package.phase or '?'})",
            err=True,
        )
    if failures:
        typer.echo(
            f"govbudget: {len(failures)} 个文件无法读取，未写出任何结果 · {len(failures)} file(s) "
            "could not be read; nothing written",
            err=True,
        )
        raise typer.Exit(2)
    refuse_inputs(output, workbooks)
    lines = read_lines(packages)
    write_lines(lines, output)
    typer.echo(
        f"已写出 {len(lines)} 行（{len(packages)} 个工作簿）→ {output} · wrote {len(lines)} lines "
        f"from {len(packages)} workbook(s) to {output}",
        err=True,
    )
    return 0


def _ingest_store(workbooks: list[Path], store: Path, meta: dict, run: dict) -> int:
    """Read and check every workbook into the DuckDB archive; exit 2 if any could not be read."""
    from govbudget.store import Store

    def progress(done: int, total: int, result: Result) -> None:
        typer.echo(progress_line(done, total, result), err=True)

    with Store(store) as archive:
        summary = archive.ingest(workbooks, **meta, **run, progress=progress)
    typer.echo(
        f"已存入 {summary.packages} 个包、{summary.lines} 行、{summary.findings} 条检查结果 → "
        f"{store} · stored {summary.packages} packages, {summary.lines} lines, "
        f"{summary.findings} findings in {store}",
        err=True,
    )
    if summary.failures:
        typer.echo(
            f"govbudget: {len(summary.failures)} 个文件无法读取 · {len(summary.failures)} file(s) "
            "could not be read",
            err=True,
        )
        return 2
    return 0
