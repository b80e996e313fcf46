"""``govbudget publish``: the dashboard's views as a static site (no kernel, any web server)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from govbudget.cli import app
from govbudget.cli.options import data_source
from govbudget.errors import UsageError


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
    from govbudget.outputs.dashboard import prepare
    from govbudget.outputs.static_site import publish_site

    source = data_source(data)
    prepared = prepare(source)
    for failure in prepared.failures:
        typer.echo(f"govbudget: 跳过 · skipped {failure}", err=True)
    if prepared.packages == 0:
        raise UsageError(f"没有可读的数据包 · no readable package in {source}")
    pages = publish_site(
        prepared.folder, out, dashboard_url=dashboard_url, jobs=jobs or os.cpu_count() or 1
    )
    typer.echo(f"{pages} 个页面 · pages in {out}")
    if prepared.failures:
        raise typer.Exit(2)
