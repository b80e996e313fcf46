"""``govbudget compare PUBLISHED SUBMITTED``: reconcile two disclosures of one package.

Exit status 0 the same, 1 they differ, 2 an input could not be read (one line naming it;
nothing written).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from govbudget.cli import app
from govbudget.cli.options import Format, Lang
from govbudget.compare import compare_paths, render_text
from govbudget.errors import UsageError
from govbudget.io import safe_cell, write_text
from govbudget.tables import LEVELS, PHASES


@app.command()
def compare(
    published: Annotated[
        Path, typer.Argument(help="公开版（PDF 或工作簿）· Published (PDF or workbook)")
    ],
    submitted: Annotated[Path, typer.Argument(help="报送版 · Submitted (workbook or PDF)")],
    year: Annotated[int | None, typer.Option(help="年度 · Year")] = None,
    phase: Annotated[str | None, typer.Option(help="阶段 budget|final · Phase")] = None,
    level: Annotated[str | None, typer.Option(help="级次 市级|区县级|乡镇级 · Level")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="输出格式 · Format")] = Format.text,
    output: Annotated[Path | None, typer.Option(help="输出文件 · Output file")] = None,
    lang: Annotated[Lang, typer.Option(help="文字输出语言 · Language of text output")] = Lang.zh,
) -> None:
    """比较两份公开材料 · Compare two disclosures (exit 0 same, 1 different, 2 unreadable)."""
    if phase is not None and phase not in PHASES:
        raise UsageError(f"--phase 须为 {'/'.join(PHASES)} · must be one of these: {phase!r}")
    if level is not None and level not in LEVELS:
        raise UsageError(f"--level 须为 {'/'.join(LEVELS)} · must be one of these: {level!r}")
    comparison = compare_paths(published, submitted, year=year, phase=phase, level=level)
    if fmt is Format.json:
        text = json.dumps(comparison.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif fmt is Format.csv:
        frame = comparison.to_frame()
        for column in ("name", "row"):
            frame[column] = frame[column].map(safe_cell)
        text = frame.to_csv(index=False)
    else:
        text = render_text(comparison, lang.value)
    if output is not None:
        write_text(output, text)
    else:
        typer.echo(text, nl=False)
    raise typer.Exit(comparison.exit_code)
