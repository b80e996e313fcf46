"""``govbudget report DATA --out reports/``: the report site for every package under DATA.

Runs papermill over every package found and the city overview, in parallel worker processes;
prints one progress line per notebook (stderr) and, at the end, what was written where
(stdout); everything also goes to ``OUT/run.log``. No prompts: safe to run from cron.
Exit status 0 when every notebook ran and every workbook was read, 1 otherwise, 2 for a
wrong option or a missing DATA path.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govbudget.cli import app
from govbudget.cli.options import Executor, ExecutorChoice, Lang, Scheduler


class Phase(StrEnum):
    budget = "budget"
    final = "final"


@app.command()
def report(
    data: Annotated[
        Path, typer.Argument(help="工作簿或其所在目录 · a workbook or a folder of them")
    ],
    out: Annotated[Path, typer.Option("--out", help="输出目录 · output folder")] = Path("reports"),
    year: Annotated[int | None, typer.Option(help="只报告该年度 · only report this year")] = None,
    phase: Annotated[
        Phase | None, typer.Option(help="只报告该阶段 · only report this phase")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="并行进程数（默认：CPU 核数）· worker processes"),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="报告语言 · report language")] = Lang.zh,
    force: Annotated[
        bool, typer.Option("--force", help="全部重新运行 · re-run even unchanged notebooks")
    ] = False,
    notebooks: Annotated[
        Path | None,
        typer.Option(help="报告笔记本所在目录 · folder of the report notebooks", file_okay=False),
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=1, help="单个单元格超时秒数 · seconds allowed per cell")
    ] = 600.0,
    executor: Executor = ExecutorChoice.local,
    scheduler: Scheduler = None,
) -> int:
    """运行报告笔记本并生成报告网站 · Run the report notebooks and write the report site."""
    from govbudget.outputs.report_site.run import run_report, summary

    result = run_report(
        data, out, year=year, phase=phase.value if phase else None, jobs=jobs, lang=lang.value,
        force=force, notebooks=notebooks, timeout=timeout, executor=executor.value,
        scheduler=scheduler, echo=lambda line: typer.echo(line, err=True),
    )  # fmt: skip
    for line in summary(result, lang.value):
        typer.echo(line)
    return result.exit_code
