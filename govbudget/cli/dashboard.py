"""``govbudget dashboard``: serve the public dashboard (Voilà) on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govbudget.cli import app
from govbudget.cli.options import data_source
from govbudget.errors import UsageError


@app.command()
def dashboard(
    port: Annotated[int, typer.Option(help="端口 · Port")] = 8866,
    data: Annotated[
        Path | None,
        typer.Option(
            help="数据：工作簿文件夹、DuckDB 档案或 Parquet 导出 · Workbooks, store or export"
        ),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="不打开浏览器 · Do not open a browser")
    ] = False,
    host: Annotated[
        str, typer.Option(help="监听地址 · Address to listen on (0.0.0.0: every interface)")
    ] = "127.0.0.1",
    site: Annotated[
        Path | None,
        typer.Option(
            help="同时在 /site/ 提供的静态网站 · A published static site to serve at /site/"
        ),
    ] = None,
    site_url: Annotated[
        str | None, typer.Option(help="静态网站地址 · Address of the static site to link to")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            help="Voilà 配置文件（默认 voila.json）· Voilà settings (default: voila.json)"
        ),
    ] = None,
) -> None:
    """看板 · Serve the interactive budget dashboard (Ctrl-C stops it)."""
    from govbudget.outputs.dashboard import serve
    from govbudget.outputs.dashboard.data import prepare

    source = data_source(data)
    config = config if config is not None else serve.CONFIG
    if not config.is_file():
        raise UsageError(f"找不到 Voilà 配置 · no such Voilà settings file: {config}")
    if site is not None and not (site / "index.html").is_file():
        raise UsageError(f"不是 govbudget 静态网站 · not a published site: {site}")
    prepared = prepare(source)
    for failure in prepared.failures:
        typer.echo(f"govbudget: 跳过 · skipped {failure}", err=True)
    if prepared.packages == 0:
        raise UsageError(f"没有可读的数据包 · no readable package in {source}")
    typer.echo(f"{prepared.packages} 个数据包 · packages from {source}", err=True)
    serve.run(
        port=port,
        host=host,
        data=prepared.folder,
        open_browser=not no_browser,
        site_dir=site.resolve() if site is not None else None,
        site_url=site_url,
        config=config.resolve(),
    )
