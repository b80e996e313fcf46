"""``govbudget sample``: write the sample city (or a synthetic province) as workbooks and PDFs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from govbudget.cli import app
from govbudget.errors import UsageError


def _generator() -> Any:
    """The ``govbudget_dev.sample`` package, from the checkout this govbudget runs from."""
    try:
        import govbudget_dev.sample as generator
    except ImportError:
        checkout = Path(__file__).resolve().parents[2]
        if not (checkout / "govbudget_dev").is_dir():
            raise UsageError(
                "govbudget sample 需要源码检出（govbudget_dev）· needs a source checkout with "
                "govbudget_dev; an installed govbudget ships example workbooks instead"
            ) from None
        sys.path.insert(0, str(checkout))
        import govbudget_dev.sample as generator
    return generator


@app.command()
def sample(
    out: Annotated[Path, typer.Option("--out", help="输出目录 · output folder", file_okay=False)],
    seed: Annotated[int, typer.Option(help="随机种子 · random seed")] = 2016,
    packages: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="生成指定数量的合成单位包（规模测试）· write N synthetic packages (scale tests)",
        ),
    ] = None,
    submitted: Annotated[
        Path | None,
        typer.Option(
            help="以 PDF 公开的单位报送的工作簿目录（默认：OUT-submitted）· folder for the "
            "workbooks submitted by the units that publish PDFs (default: OUT-submitted)",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """生成示例城市的预算/决算工作簿和 PDF · Write the sample city's budget and final-account
    workbooks and PDFs.

    几个单位以 PDF 公开，其报送的工作簿写入 --submitted 目录 · A few units publish PDFs; the
    workbooks they submitted go to the --submitted folder.

    需要源码检出 · Needs a source checkout (the generators are not in an installed govbudget,
    which ships example workbooks instead).
    """
    generator = _generator()
    submitted = submitted or generator.submitted_folder(out)
    paths = generator.write_sample(out, seed=seed, packages=packages, submitted_dir=submitted)
    handed = sum(p.is_relative_to(submitted) for p in paths)
    pdfs = sum(p.suffix == ".pdf" for p in paths)
    workbooks = len(paths) - 2 - handed - pdfs
    typer.echo(
        f"已写入 {workbooks} 个工作簿、{pdfs} 个 PDF 及 index.csv、DEFECTS.md · wrote {workbooks} "
        f"workbooks, {pdfs} PDFs, index.csv and DEFECTS.md to {out}"
    )
    if handed:
        typer.echo(
            f"以 PDF 公开的单位报送的 {handed} 个工作簿 · the {handed} workbooks submitted by the "
            f"units that publish PDFs: {submitted}"
        )
