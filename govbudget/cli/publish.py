"""``govbudget publish``: the dashboard's views as a static site (no kernel, any web server)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from govbudget.cli import app
from govbudget.cli.options import data_source
from govbudget.errors import UsageError, printable
from govbudget.executors import Result
from govbudget.progress import Progress


@app.command()
def publish(
    out: Annotated[Path, typer.Option(help="输出文件夹 · Output folder")] = Path("site"),
    data: Annotated[
        Path | None,
        typer.Option(
            help="数据：工作簿文件夹、DuckDB 档案或 Parquet 导出 · Workbooks, store or export"
        ),
    ] = None,
    dashboard_url: Annotated[
        str | None, typer.Option(help="交互看板地址 · Address of the live dashboard to link to")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(min=1, help="并行进程数（默认：CPU 核数）· Processes (default: cores)"),
    ] = None,
) -> None:
    """静态网站 · Publish every department, year and phase as plain HTML pages."""
    from govbudget.outputs.dashboard.data import prepare
    from govbudget.outputs.static_site import publish_site

    source = data_source(data)
    reading: list[Progress] = []

    def read(done: int, total: int, result: Result[Any]) -> None:
        if not reading:
            reading.append(Progress("读取并检查 · reading and checking", total))
        reading[0](done, printable(result.path.name))

    prepared = prepare(source, progress=read)
    for failure in prepared.failures:
        typer.echo(f"govbudget: 跳过 · skipped {failure}", err=True)
    if prepared.packages == 0:
        raise UsageError(f"没有可读的数据包 · no readable package in {source}")
    writing: list[Progress] = []

    def wrote(done: int, total: int) -> None:
        if not writing:
            writing.append(Progress("写出页面 · writing pages", total))
        writing[0](done)

    pages = publish_site(
        prepared.folder, out, dashboard_url=dashboard_url, jobs=jobs or os.cpu_count() or 1,
        progress=wrote,
    )  # fmt: skip
    index = printable(str((out / "index.html").resolve()))
    typer.echo(f"已写入 {pages} 个页面 · wrote {pages} pages: {index}")
    if prepared.failures:
        raise typer.Exit(2)
