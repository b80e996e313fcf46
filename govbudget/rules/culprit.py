"""The likely culprit of failed sums (``culprit`` in ``docs/formats.md``): the amount where two failed identities meet.

A sum identity covers a set of amounts: a row's total and its parts (SUM001), a parent's
figure and its children's in one column (SUM002), the 合计 row and the top rows (SUM003), the
三公 total and its items (SUM006). When one figure is mistyped, every identity it belongs to
fails by the same amount; two failed identities sharing exactly one amount, and off by the
same magnitude, point at that amount. Amounts are matched by their row and measure in the
model, never by parsing the cell text, so a workbook cell (``F10``) and a PDF box
(``p14 (…)``) work alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from govbudget.findings import Finding
from govbudget.model import Row

#: an amount of the model: (id of its Row, measure id)
Key = tuple[int, str]


@dataclass(frozen=True)
class FailedSum:
    """One failed identity: its finding, the amounts it covers (key -> cell), how far it is
    off (fen, absolute) and the rounding it tolerates (fen)."""

    finding: Finding
    cells: dict[Key, str]
    off: int
    tolerance: int


def amounts_of(members: Iterable[tuple[Row, str]]) -> dict[Key, str]:
    """The cells of ``(row, measure)`` members that hold an amount."""
    cells: dict[Key, str] = {}
    for row, measure in members:
        amount = row.amounts.get(measure)
        if amount is not None and amount.cell:
            cells[(id(row), measure)] = amount.cell
    return cells


def with_culprits(findings: Sequence[Finding], failed: Sequence[FailedSum]) -> list[Finding]:
    """``findings`` with ``culprit`` set where exactly one amount explains a failed identity
    together with another failed identity off by the same magnitude."""
    holding: dict[Key, list[FailedSum]] = defaultdict(list)
    for identity in failed:
        for key in identity.cells:
            holding[key].append(identity)
    candidates: dict[int, set[str]] = defaultdict(set)
    for key, identities in holding.items():
        for a, b in combinations(identities, 2):
            if len(a.cells.keys() & b.cells.keys()) != 1:
                continue
            if abs(a.off - b.off) <= a.tolerance + b.tolerance:
                candidates[id(a.finding)].add(a.cells[key])
                candidates[id(b.finding)].add(a.cells[key])
    out: list[Finding] = []
    for finding in findings:
        cells = candidates.get(id(finding), set())
        out.append(replace(finding, culprit=next(iter(cells))) if len(cells) == 1 else finding)
    return out
