"""govbudget's mapping of codes to international categories, and English labels.

``cofog.csv`` maps functional 类 (and 款 where a 类 splits) to COFOG divisions 01–10, and
economic 类/款 to GFS expense categories (GFSM 2014: 21 compensation of employees … 28 other
expense, 31/32/33 for transactions in assets and liabilities). It is govbudget's own mapping, not
an official concordance. ``catalogue_year`` blank means every year; a year pins a row to the
catalogue of that year (codes the 2018 reform reused). A blank target means "no category".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

Category = tuple[str, str, str]  # (code, name_zh, name_en)


@dataclass(frozen=True, slots=True)
class Target:
    category: Category | None
    note: str


class Mapping:
    """COFOG/GFS targets by (scheme, catalogue year or None, code) and English labels."""

    def __init__(
        self,
        cofog: pd.DataFrame | None,
        categories: pd.DataFrame | None,
        labels: pd.DataFrame | None,
    ) -> None:
        names: dict[tuple[str, str], Category] = {}
        if categories is not None:
            for row in categories.itertuples(index=False):
                names[(row.system, row.code)] = (row.code, row.name_zh, row.name_en)
        self._targets: dict[tuple[str, int | None, str], Target] = {}
        if cofog is not None:
            for row in cofog.itertuples(index=False):
                system = "COFOG" if row.scheme == "functional" else "GFS"
                year = int(row.catalogue_year) if row.catalogue_year else None
                category = names.get((system, row.target)) if row.target else None
                self._targets[(row.scheme, year, row.code)] = Target(category, row.note)
        self._labels: dict[tuple[int, str, str], str] = {}
        if labels is not None:
            for row in labels.itertuples(index=False):
                self._labels[(int(row.year), row.scheme, row.code)] = row.name_en

    def target(self, scheme: str, code: str, year: int | None) -> Category | None:
        """The category of the longest mapped prefix of ``code`` (款 before 类)."""
        for prefix in dict.fromkeys((code[:5], code[:3])):
            for key in ((scheme, year, prefix), (scheme, None, prefix)):
                if key in self._targets:
                    return self._targets[key].category
        return None

    def label_en(self, year: int, scheme: str, code: str) -> str | None:
        return self._labels.get((year, scheme, code))

    def labelled_years(self, scheme: str, code: str) -> list[int]:
        return sorted(y for (y, s, c) in self._labels if s == scheme and c == code)
