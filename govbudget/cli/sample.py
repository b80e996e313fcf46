"""``govbudget sample``: write the sample city (or a synthetic province) as workbooks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govbudget.cli import app


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
    """生成示例城市的预算/决算工作簿 · Write the sample city's budget and final-account workbooks."""
    from govbudget.sample import write_sample

    paths = write_sample(out, seed=seed, packages=packages)
    workbooks = len(paths) - 2
    typer.echo(
        f"已写入 {workbooks} 个工作簿及 index.csv、DEFECTS.md · wrote {workbooks} workbooks, "
        f"index.csv and DEFECTS.md to {out}"
    )
