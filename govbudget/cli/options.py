"""Options shared by several commands: executors (ingest, check, report), --format, --lang and
--data (dashboard, publish)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govbudget.errors import UsageError


class ExecutorChoice(StrEnum):
    local = "local"
    dask = "dask"


class Format(StrEnum):
    """--format of the commands that print a result."""

    text = "text"
    json = "json"
    csv = "csv"


class Lang(StrEnum):
    """--lang: the language of text output."""

    zh = "zh"
    en = "en"


#: the value names of --phase and --level in help
PHASE = "[budget|final]"
LEVEL = "[市级|区县级|乡镇级]"
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


def one_of(option: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    """``value`` when it is one of ``allowed`` (or None); else a usage error naming both."""
    if value is None or value in allowed:
        return value
    zh, en = " 或 ".join(allowed), ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
    raise UsageError(f"{option} 须为 {zh}，收到 {value!r} · {option} must be {en}, not {value!r}")


def data_source(data: Path | None) -> Path:
    """The ``--data`` of dashboard/publish: as given, else :func:`govbudget.paths.default_data`."""
    from govbudget.paths import default_data

    return data if data is not None else default_data()
