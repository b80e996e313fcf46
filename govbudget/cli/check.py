"""``govbudget check PATH...``: check disclosure packages against the rules.

Output formats: ``docs/formats.md``.

Exit status 0 when no package has an error finding, 1 when one has, 2 when a file could not be
read or an option is wrong. An unreadable file is reported on stderr (one line naming the file)
and the other packages are still checked and reported; the exit status is then 2.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from govbudget.cli import app
from govbudget.cli.options import (
    LEVEL,
    PHASE,
    Executor,
    ExecutorChoice,
    Format,
    Jobs,
    Lang,
    Scheduler,
    one_of,
)
from govbudget.errors import InputError, printable
from govbudget.executors import Result, progress_line
from govbudget.feedback import write_feedback_copy
from govbudget.findings import Finding, PackageResult, Report
from govbudget.io import csv_text, refuse_inputs, write_text
from govbudget.tables import LEVEL_EN, LEVELS, PHASE_ZH, PHASES, TABLE_BY_ID
from govbudget.validate import validate

_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "score": "得分",
           "none": "未发现问题", "counts": "错误 {errors} · 警告 {warnings}",
           "total": "共检查 {packages} 个包", "clean": "{count} 个包未发现问题（未列出）",
           "feedback": "批注副本 {count} 份已写入 {folder}", "culprit": "（可能的错误来源：{cell}）"},
    "en": {"error": "error", "warning": "warning", "info": "info", "score": "score",
           "none": "no findings", "counts": "{errors} errors · {warnings} warnings",
           "total": "checked {packages} package(s)",
           "clean": "{count} package(s) without findings not listed",
           "feedback": "{count} annotated copies written to {folder}", "culprit": " (likely cause: {cell})"},
}  # fmt: skip
_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (CJK characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def _where(finding: Finding, lang: str) -> str:
    if finding.sheet and finding.cell:
        return f"{finding.sheet}!{finding.cell}"
    if finding.page is not None:
        return finding.cell  # a box on a PDF page: p14 (x0,y0,x1,y1)
    if finding.sheet:
        return finding.sheet
    spec = TABLE_BY_ID.get(finding.table)
    if spec is not None:
        return spec.zh if lang == "zh" else spec.en
    return "—"


def _heading(result: PackageResult, lang: str) -> str:
    package, words = result.package, _WORDS[lang]
    phase, level = package.phase or "", package.level or ""
    if lang == "zh":
        phase = PHASE_ZH.get(phase, phase)
    else:
        level = LEVEL_EN.get(level, level)
    parts = [printable(Path(package.file).name), package.department, package.year, phase, level]
    head = " · ".join(str(p) for p in parts if p)
    counts = words["counts"].format(errors=result.errors, warnings=result.warnings)
    return f"== {head} — {words['score']} {result.score} · {counts}"


def render_text(
    report: Report, lang: str = "zh", colour: bool = False, *, skip_clean: bool = False
) -> str:
    """The report for a person: by package, errors first, each finding with its cell; with
    ``skip_clean``, packages without findings are counted but not listed."""
    words = _WORDS[lang]

    def paint(text: str, *, fg: str | None = None, bold: bool | None = None) -> str:
        return typer.style(text, fg=fg, bold=bold) if colour else text

    out: list[str] = []
    clean = 0
    for result in report.results:
        if skip_clean and not result.findings:
            clean += 1
            continue
        out.append(paint(_heading(result, lang), bold=True))
        if not result.findings:
            out.append(f"  {words['none']}")
        for f in result.findings:
            label = paint(_pad(words.get(f.severity, f.severity), 7), fg=_COLOURS.get(f.severity))
            code = f" [{f.code}]" if f.code else ""
            message = f.message_zh if lang == "zh" else f.message_en
            if f.culprit:
                message += words["culprit"].format(cell=_where(replace(f, cell=f.culprit), lang))
            out.append(f"  {label} {f.rule}  {_where(f, lang)}{code}  {message}")
        out.append("")
    total = words["total"].format(packages=len(report.results))
    counts = words["counts"].format(errors=report.errors, warnings=report.warnings)
    out.append(f"{total} · {counts}")
    if clean:
        out.append(words["clean"].format(count=clean))
    return "\n".join(out) + "\n"


def render_csv(report: Report) -> str:
    """One row per finding and per unreadable input (Report.to_csv_frame), every text cell
    formula-safe for spreadsheets."""
    return csv_text(report.to_csv_frame())


def render(
    report: Report, fmt: Format, lang: str, colour: bool, *, skip_clean: bool = False
) -> str:
    if fmt is Format.json:
        return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt is Format.csv:
        return render_csv(report)
    return render_text(report, lang, colour, skip_clean=skip_clean)


def write_feedbacks(
    report: Report, roots: list[Path], out_dir: Path, inputs: list[str | Path], *,
    skip_clean: bool = False,
) -> tuple[int, bool]:  # fmt: skip
    """Write the annotated copies (of every package, or only those with findings), each under
    a name of its own that is no input; a copy that cannot be made is one line on stderr (the
    others go on). Returns how many were written and whether every one was."""
    taken, written, complete = list(inputs), 0, True
    for result in report.results:
        if skip_clean and not result.findings:
            continue
        file = Path(result.package.file)
        try:
            copy = write_feedback_copy(
                file, result.findings, _feedback_dir(file, roots, out_dir), avoid=taken
            )
        except InputError as err:
            typer.echo(f"govbudget: {' '.join(str(err).split())}", err=True)
            complete = False
            continue
        taken.append(copy)
        written += 1
    return written, complete


def _feedback_dir(file: Path, roots: list[Path], out_dir: Path) -> Path:
    """Mirror a workbook's place under the folder argument it was found in (so two
    ``education.xlsx`` of different years do not overwrite each other)."""
    for root in roots:
        if root.is_dir() and file.resolve().is_relative_to(root.resolve()):
            return out_dir / file.resolve().parent.relative_to(root.resolve())
    return out_dir


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="工作簿或文件夹 · Workbooks or folders")],
    year: Annotated[int | None, typer.Option(help="年度 · Year")] = None,
    phase: Annotated[str | None, typer.Option(help="阶段 · Phase", metavar=PHASE)] = None,
    level: Annotated[str | None, typer.Option(help="级次 · Level", metavar=LEVEL)] = None,
    fmt: Annotated[Format, typer.Option("--format", help="输出格式 · Format")] = Format.text,
    output: Annotated[Path | None, typer.Option(help="输出文件 · Output file")] = None,
    feedback: Annotated[
        Path | None, typer.Option(help="批注副本文件夹 · Folder for annotated copies")
    ] = None,
    lang: Annotated[Lang, typer.Option(help="文字输出语言 · Language of text output")] = Lang.zh,
    skip_clean: Annotated[
        bool,
        typer.Option(
            "--skip-clean",
            help="文字输出和批注副本只含有问题的包 · List and annotate only packages with findings",
        ),
    ] = False,
    executor: Executor = ExecutorChoice.local,
    jobs: Jobs = 1,
    scheduler: Scheduler = None,
) -> None:
    """检查公开表格 · Check disclosure packages (exit 0 ok, 1 error findings, 2 unreadable)."""
    one_of("--phase", phase, PHASES)
    one_of("--level", level, LEVELS)

    def progress(done: int, total: int, result: Result[PackageResult]) -> None:
        if total > 1:
            typer.echo(progress_line(done, total, result), err=True)

    report = validate(
        paths, year=year, phase=phase, level=level, executor=executor.value, jobs=jobs,
        scheduler=scheduler, progress=progress,
    )  # fmt: skip
    for failure in report.failures:
        typer.echo(f"govbudget: {' '.join(str(failure).split())}", err=True)
    inputs: list[str | Path] = [*paths, *(r.package.file for r in report.results),
                                *(f.file for f in report.failures if f.file)]  # fmt: skip
    refuse_inputs(output, inputs)
    copies = True
    if feedback is not None:
        written, copies = write_feedbacks(
            report, list(paths), feedback, inputs, skip_clean=skip_clean
        )
        if written:  # none written: the one line above says why, no folder was made
            folder = printable(str(feedback.resolve()))
            typer.echo(
                _WORDS[lang.value]["feedback"].format(count=written, folder=folder), err=True
            )
    colour = output is None and fmt is Format.text and sys.stdout.isatty()
    text = render(report, fmt, lang.value, colour, skip_clean=skip_clean)
    if output is not None:
        write_text(output, text)
    else:
        typer.echo(text, nl=False, color=colour)
    raise typer.Exit(report.exit_code if copies else 2)
