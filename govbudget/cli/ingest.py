"""``govbudget ingest PATH... --output FILE.csv|.parquet`` — workbooks to tidy lines
(``docs/formats.md``).

CSV is written as UTF-8 *with* a byte-order mark so that Excel opens the Chinese text
correctly; text cells that a spreadsheet would run as a formula are neutralised
(``govbudget.io.safe_cell``) and amounts are exact decimal text (``1234.50``). Parquet keeps
amounts as ``decimal128(20, 2)``. Inputs are found and read by the one road in
(``govbudget.validate``): an input that cannot be read is reported on stderr and the lines of
the others are written (exit status 2); when nothing could be read, nothing is written.

``--store FILE.duckdb`` instead reads *and checks* every workbook into the archive
(``govbudget.store``), upserting by (department, year, phase); readable packages are kept even
when others fail (those are listed, exit status 2). ``--executor``/``--jobs``/``--scheduler``
spread the reading over local processes or a Dask cluster (``govbudget.executors``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from govbudget.cli import app
from govbudget.cli.options import LEVEL, PHASE, Executor, ExecutorChoice, Jobs, Scheduler
from govbudget.errors import UsageError
from govbudget.executors import Result, progress_line
from govbudget.ingest import read_lines
from govbudget.io import atomic_path, refuse_inputs, safe_frame
from govbudget.validate import validate

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
    phase: Annotated[str | None, typer.Option(help="阶段 · phase", metavar=PHASE)] = None,
    level: Annotated[str | None, typer.Option(help="级次 · level", metavar=LEVEL)] = None,
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
    given = {"year": year, "phase": phase, "level": level, "department": department}
    run = {"executor": executor.value, "jobs": jobs, "scheduler": scheduler}
    if store is not None:
        return _ingest_store(paths, store, given, run)
    report = validate(
        paths, check=False, year=year, phase=phase, level=level, department=department,
        executor=executor.value, jobs=jobs, scheduler=scheduler, progress=_progress,
    )  # fmt: skip
    for failure in report.failures:
        typer.echo(f"govbudget: {' '.join(str(failure).split())}", err=True)
    if not report.results:
        typer.echo(
            "govbudget: 没有可读的输入，未写出任何结果 · nothing readable; nothing written",
            err=True,
        )
        return 2
    packages = [r.package for r in report.results]
    assert output is not None  # exactly one of --output / --store
    refuse_inputs(output, [*paths, *(p.file for p in packages)])
    lines = read_lines(packages)
    write_lines(lines, output)
    typer.echo(
        f"已写出 {len(lines)} 行（{len(packages)} 个输入）→ {output} · wrote {len(lines)} lines "
        f"from {len(packages)} input(s) to {output}",
        err=True,
    )
    return report.exit_code if report.failures else 0


def _progress(done: int, total: int, result: Result) -> None:
    if result.value is None:
        return
    package = result.value.package
    count = sum(len(t.rows) for t in package.tables.values())
    typer.echo(
        f"✓ [{done}/{total}] {result.path}: {len(package.tables)} 张表 tables, {count} 行 rows "
        f"({package.department or '?'} {package.year or '?'} {package.phase or '?'})",
        err=True,
    )


def _ingest_store(paths: list[Path], store: Path, meta: dict[str, Any], run: dict[str, Any]) -> int:
    """Read and check every workbook into the DuckDB archive; exit 2 if any could not be read."""
    from govbudget.store import Store

    def progress(done: int, total: int, result: Result) -> None:
        typer.echo(progress_line(done, total, result), err=True)

    with Store(store) as archive:
        summary = archive.ingest(paths, **meta, **run, progress=progress)
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
