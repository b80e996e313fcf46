"""Options shared by the commands that run one task per workbook (ingest, check, report)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class ExecutorChoice(StrEnum):
    local = "local"
    dask = "dask"


Executor = Annotated[
    ExecutorChoice,
    typer.Option(help="执行器：本机进程或 Dask 集群 · executor: local processes or Dask"),
]
Jobs = Annotated[
    int,
    typer.Option("--jobs", "-j", min=1, help="并行进程数 · worker processes (Dask: local workers)"),
]
Scheduler = Annotated[
    str | None,
    typer.Option(help="Dask 调度器地址 tcp://HOST:PORT · Dask scheduler (with --executor dask)"),
]
