"""Crosswalk: how codes of one catalogue year become codes of a later one.

``crosswalk.csv`` lists renames, moves, merges, splits and drops between two catalogue years
(``scheme, from_year, from_code, to_year, to_code, kind, note``). A code without a link keeps its
code (its name may change: an unlisted rename is still the same code). A ``split`` lists one row
per target, the first being the primary one; a ``drop`` has no target (the code has no successor,
and a later catalogue may reuse it for something else).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True, slots=True)
class Link:
    """One crosswalk row."""

    scheme: str
    from_year: int
    from_code: str
    to_year: int
    to_code: str | None  # None for a drop
    kind: str  # rename | move | merge | split | drop
    note: str


class Crosswalk:
    """Links indexed both ways: by (scheme, from_code) and by (scheme, to_code)."""

    def __init__(self, frame: pd.DataFrame | None) -> None:
        self.links: list[Link] = []
        self._forward: dict[tuple[str, str], list[Link]] = defaultdict(list)
        self._backward: dict[tuple[str, str], list[Link]] = defaultdict(list)
        if frame is None:
            return
        for row in frame.itertuples(index=False):
            link = Link(
                row.scheme, int(row.from_year), row.from_code, int(row.to_year),
                row.to_code or None, row.kind, row.note,
            )  # fmt: skip
            self.links.append(link)
            self._forward[(link.scheme, link.from_code)].append(link)
            if link.to_code:
                self._backward[(link.scheme, link.to_code)].append(link)

    def forward(self, scheme: str, code: str, year: int) -> list[Link]:
        """Links that carry ``code`` of catalogue ``year`` to a later year."""
        return [k for k in self._forward.get((scheme, code), ()) if k.from_year <= year < k.to_year]

    def backward(self, scheme: str, code: str, year: int) -> list[Link]:
        """Links that bring some earlier code into ``code`` of catalogue ``year``."""
        return [
            k for k in self._backward.get((scheme, code), ()) if k.from_year < year <= k.to_year
        ]
