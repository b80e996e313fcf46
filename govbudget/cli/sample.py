"""``govbudget sample``: write the sample city (or a synthetic province) as workbooks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from govbudget.cli import app
from govbudget.errors import UsageError


def _generator() -> Any:
    """``govbudget_dev.sample.write_sample``, from the checkout this govbudget runs from."""
    try:
        from govbudget_dev.sample import write_sample
    except ImportError:
        checkout = Path(__file__).resolve().parents[2]
        if not (checkout / "govbudget_dev").is_dir():
            raise UsageError(
                "govbudget sample 需要源码检出（govbudget_dev）· needs a source checkout with "
                "govbudget_dev; an installed govbudget ships example workbooks instead"
            ) from None
        sys.path.insert(0, str(checkout))
        from govbudget_dev.sample import write_sample
    return write_sample


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
) -> None:
    """生成示例城市的预算/决算工作簿 · Write the sample city's budget and final-account workbooks.

    需要源码检出 · Needs a source checkout (the generators are not in an installed govbudget,
    which ships example workbooks instead).
    """
    write_sample = _generator()

    paths = write_sample(out, seed=seed, packages=packages)
    workbooks = len(paths) - 2
    typer.echo(
        f"已写入 {workbooks} 个工作簿及 index.csv、DEFECTS.md · wrote {workbooks} workbooks, "
        f"index.csv and DEFECTS.md to {out}"
    )
