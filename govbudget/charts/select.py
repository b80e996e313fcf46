"""Choosing the tidy lines a chart draws. Never mutates its input; amounts become integer fen."""

from __future__ import annotations

import pandas as pd

from govbudget.model import yuan_to_fen

#: Tables giving spending by function, in order of preference (measure 'total').
SPENDING_TABLES = ("expenditure", "gpb_expenditure")
#: What tells packages apart: the id is the file name, which may repeat across year folders.
PACKAGE_KEY = ["package", "year", "phase"]


def with_fen(lines: pd.DataFrame, mask: pd.Series | None = None) -> pd.DataFrame:
    """The selected lines (a copy) with an int64 ``fen`` column."""
    frame = lines if mask is None else lines[mask]
    frame = frame.copy()
    frame["fen"] = yuan_to_fen(frame["amount_yuan"]) if len(frame) else pd.Series(dtype="int64")
    return frame


def for_package(lines: pd.DataFrame, package: str | None) -> pd.DataFrame:
    """Lines of one package, or — ``package=None`` — all departments; either way of the latest
    year and phase present (final accounts preferred within a year)."""
    if package is not None:
        lines = lines[lines["package"] == package]
    if lines.empty:
        return lines
    keys = lines[["year", "phase"]].dropna().drop_duplicates()
    if keys.empty:
        return lines
    keys = keys.assign(order=keys["phase"].map({"budget": 0, "final": 1}).fillna(-1))
    year, phase = keys.sort_values(["year", "order"]).iloc[-1][["year", "phase"]]
    return lines[(lines["year"] == year) & (lines["phase"] == phase)]


def for_department(lines: pd.DataFrame, department: str | None) -> pd.DataFrame:
    """Lines of one department (all of them for ``None``)."""
    return lines if department is None else lines[lines["department"] == department]


def spending(lines: pd.DataFrame) -> pd.DataFrame:
    """Functional spending lines (measure 'total'): table 'expenditure' for packages that have
    it, else 'gpb_expenditure'. Adds ``fen``."""
    mask = lines["table"].isin(SPENDING_TABLES) & (lines["measure"] == "total")
    sub = lines[mask]
    keys = pd.MultiIndex.from_frame(sub[PACKAGE_KEY])
    has_main = keys[(sub["table"] == SPENDING_TABLES[0]).to_numpy()].unique()
    keep = (sub["table"] == SPENDING_TABLES[0]).to_numpy() | ~keys.isin(has_main)
    return with_fen(sub[keep])


def coded(frame: pd.DataFrame, scheme: str) -> pd.DataFrame:
    """Rows of a classification scheme at depth 1–3 that carry a code."""
    return frame[(frame["scheme"] == scheme) & frame["depth"].between(1, 3) & frame["code"].notna()]


def totals_by_package(frame: pd.DataFrame) -> pd.Series:
    """Fen per package (indexed by :data:`PACKAGE_KEY`): the 合计 row where the table has one,
    else the sum of its 类 rows."""
    total_rows = frame[(frame["depth"] == 0) & (frame["item"] == "total")]
    by_total = total_rows.groupby(PACKAGE_KEY)["fen"].sum()
    by_class = frame[frame["depth"] == 1].groupby(PACKAGE_KEY)["fen"].sum()
    return by_total.combine_first(by_class).astype("int64")


def by_code(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum fen per code across packages; name and depth from the first line of the code."""
    if frame.empty:
        return pd.DataFrame(columns=["code", "name", "depth", "fen"])
    grouped = frame.groupby("code", sort=True)
    out = grouped.agg(name=("name", "first"), depth=("depth", "first"), fen=("fen", "sum"))
    return out.reset_index()


def trend_phase(frame: pd.DataFrame, wanted: str | None = None) -> str | None:
    """One phase per trend chart: ``wanted`` when the lines have it, else the phase covering the
    most years (budget on a tie)."""
    counts = frame.groupby("phase")["year"].nunique()
    if counts.empty:
        return None
    if wanted in counts.index:
        return wanted
    best = counts.max()
    return next(p for p in ("budget", "final") if counts.get(p, 0) == best)
