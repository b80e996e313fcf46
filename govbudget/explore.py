"""Small questions an analyst asks of tidy lines (``docs/formats.md``): the figures around a cell, and what
changed between two years. Amounts stay exact (Arrow decimal in 元)."""

from __future__ import annotations

import pandas as pd

from govbudget.model import fen_series, yuan_to_fen

_ROW_COLUMNS = ["table", "sheet", "row", "code", "name", "measure", "cell", "amount_yuan"]


def cell_row(lines: pd.DataFrame, table: str, cell: str) -> pd.DataFrame:
    """Every figure of the row holding ``cell`` in ``table`` (an A1 cell or a PDF location),
    so a finding is read together with the total and the parts it was checked against."""
    hit = lines[(lines["table"] == table) & (lines["cell"] == cell)]
    if hit.empty:
        return lines.loc[[], _ROW_COLUMNS]
    row = hit.iloc[0]
    same = (
        (lines["table"] == table) & (lines["sheet"] == row["sheet"]) & (lines["row"] == row["row"])
    )
    return lines.loc[same, _ROW_COLUMNS].reset_index(drop=True)


def _keyed(lines: pd.DataFrame, table: str, measure: str) -> pd.DataFrame:
    part = lines[(lines["table"] == table) & (lines["measure"] == measure)].copy()
    part["key"] = part["code"].fillna(part["item"]).fillna(part["name"])
    part["fen"] = yuan_to_fen(part["amount_yuan"])
    return part.drop_duplicates("key")[["key", "code", "name", "fen"]]


def compare_years(
    earlier: pd.DataFrame, later: pd.DataFrame, *, table: str = "expenditure",
    measure: str = "total",
) -> pd.DataFrame:  # fmt: skip
    """One table's figures of two packages side by side (by code, or line for uncoded rows):
    ``code, name, <earlier year>, <later year>, change``, largest changes first. A figure
    missing from one year counts as 0 in the change."""
    old, new = _keyed(earlier, table, measure), _keyed(later, table, measure)
    both = old.merge(new, on="key", how="outer", suffixes=("_a", "_b"))
    change = both["fen_b"].fillna(0).astype("int64") - both["fen_a"].fillna(0).astype("int64")
    year_a, year_b = (str(int(f["year"].dropna().iloc[0])) for f in (earlier, later))
    if year_a == year_b:
        year_a, year_b = f"{year_a} (1)", f"{year_b} (2)"
    frame = pd.DataFrame({
        "code": both["code_b"].fillna(both["code_a"]),
        "name": both["name_b"].fillna(both["name_a"]),
        year_a: _exact(both["fen_a"]),
        year_b: _exact(both["fen_b"]),
        "change": fen_series(change.tolist()),
    })  # fmt: skip
    order = change.abs().sort_values(ascending=False, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _exact(fen: pd.Series) -> pd.Series:
    present = fen.notna()
    values = fen_series(fen[present].astype("int64").tolist())
    out = pd.Series(pd.NA, index=fen.index, dtype=values.dtype)
    out[present] = values.to_numpy()
    return out
