"""Render one PNG per chart type from the sample city into ``docs/img/chart_*.png``.

    .venv/bin/python docs/make_chart_images.py [--sample data/sample] [--out docs/img] [--lang zh]

Reads and checks the sample workbooks with govbudget itself, picks a showcase department (most
years and phases on file, then most income sources), and exports each figure with kaleido (Chromium: set ``BROWSER_PATH``
if it is not on ``PATH``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from govbudget import charts
from govbudget.ingest import read_lines
from govbudget.io import atomic_path
from govbudget.validate import validate

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 1000


def showcase(lines: pd.DataFrame) -> tuple[str, int]:
    """The department with the most (year, phase) packages, then the most income sources (the
    richest money-flow chart), municipal first; and its latest year with both budget and final
    accounts (else its latest year)."""
    keys = lines[["department", "level", "year", "phase"]].dropna().drop_duplicates()
    counts = keys.groupby("department").agg(n=("year", "size"), level=("level", "first"))
    income = lines[
        (lines["table"] == "income")
        & (lines["depth"] == 1)
        & lines["measure"].isin(["fiscal", "business", "operating", "other"])
        & (lines["amount_yuan"] > 0)
    ]
    sources = income.groupby("department")["measure"].nunique()
    counts = counts.assign(
        sources=sources.reindex(counts.index).fillna(0),
        municipal=counts["level"] == "市级",
        name=counts.index,
    )
    order = ["n", "sources", "municipal", "name"]
    best = counts.sort_values(order, ascending=[False, False, False, True])
    department = str(best.index[0])
    own = keys[keys["department"] == department]
    both = own.groupby("year")["phase"].nunique()
    years = both[both == 2].index if (both == 2).any() else both.index
    return department, int(max(years))


def render(sample: Path, out: Path, lang: str = "zh") -> list[Path]:
    """Write the PNGs; return their paths."""
    report = validate([sample])
    lines = read_lines(result.package for result in report.results)
    department, year = showcase(lines)
    own = lines[lines["department"] == department]
    budget = own[(own["year"] == year) & (own["phase"] == "budget")]
    findings, scores = report.to_frame(), report.scores()
    latest = (scores["year"] == year) & (scores["phase"] == "budget")
    made = {
        "spending_by_function": charts.spending_by_function(budget, lang=lang),
        "basic_by_economic": charts.basic_by_economic(budget, lang=lang),
        "execution": charts.execution(own, own, lang=lang),
        "year_on_year": charts.year_on_year(lines, department=department, lang=lang),
        "three_public_trend": charts.three_public_trend(lines, lang=lang),
        "money_flow": charts.money_flow(budget, lang=lang),
        "compliance_heatmap": charts.compliance_heatmap(findings, lang=lang),
        "score_ranking": charts.score_ranking(scores[latest], lang=lang),
    }
    paths = []
    for name, chart in made.items():
        target = out / f"chart_{name}.png"
        height = chart.figure.layout.height or 560
        with atomic_path(target) as tmp:
            chart.figure.write_image(tmp, format="png", width=WIDTH, height=height, scale=1)
        paths.append(target)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=ROOT / "data" / "sample")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args()
    for path in render(args.sample, args.out, args.lang):
        print(path)


if __name__ == "__main__":
    main()
