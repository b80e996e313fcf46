"""What changed between the catalogues governing two years: renamed, moved, removed, added."""

from __future__ import annotations

import pandas as pd

from govbudget.catalogue.core import Catalogue, Entry
from govbudget.catalogue.names import normalise_name
from govbudget.codes import SCHEMES

COLUMNS = ("scheme", "level", "change", "code_a", "name_a", "code_b", "name_b", "note")
CHANGES = {
    "renamed": "更名",
    "moved": "调整",
    "merge": "合并",
    "split": "拆分",
    "removed": "删除",
    "added": "新增",
}


def _exists(catalogue: Catalogue, year: int, scheme: str) -> bool:
    """Whether the scheme existed in ``year`` (the 5xx scheme starts with the 2018 reform)."""
    rows = catalogue.manifest[catalogue.manifest["scheme"] == scheme]
    return bool(((rows["applies_from"] <= year) | (rows["year"] <= year)).any())


def diff_years(
    catalogue: Catalogue, year_a: int, year_b: int, scheme: str | None = None
) -> pd.DataFrame:
    """One row per code that changed from the catalogue of ``year_a`` to that of ``year_b``.

    ``change`` is ``renamed`` (same code, new name), ``moved``/``merge``/``split`` (the crosswalk
    sends it to other codes), ``removed`` (no successor) or ``added`` (no predecessor).
    """
    rows: list[dict[str, object]] = []
    for name in [scheme] if scheme else list(SCHEMES):
        if not catalogue.years(name) or not _exists(catalogue, year_b, name):
            continue
        b = catalogue.year_for(year_b, name)
        after = {e.code: e for e in catalogue.entries(b, name)}
        covered: set[str] = set()
        if _exists(catalogue, year_a, name) and catalogue.year_for(year_a, name) != b:
            a = catalogue.year_for(year_a, name)
            for entry in catalogue.entries(a, name):
                targets = catalogue.equivalents(entry.code, a, b)
                covered.update(t for t in targets if len(t) == len(entry.code))
                rows.extend(_changes(catalogue, entry, a, targets, after))
        elif _exists(catalogue, year_a, name):
            covered = set(after)
        for code, entry in after.items():
            if code not in covered:
                rows.append(_row(entry.scheme, entry.level, "added", None, entry, ""))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    order = frame["code_a"].fillna(frame["code_b"]).astype(str)
    rank = frame["scheme"].map(SCHEMES.index)
    frame = frame.assign(_rank=rank, _order=order).sort_values(["_rank", "_order"], kind="stable")
    return frame.drop(columns=["_rank", "_order"]).reset_index(drop=True)


def _changes(
    catalogue: Catalogue, entry: Entry, year: int, targets: list[str], after: dict[str, Entry]
) -> list[dict[str, object]]:
    links = catalogue.crosswalk.forward(entry.scheme, entry.code, year)
    note = "; ".join(k.note for k in links if k.note)
    if not targets:
        return [_row(entry.scheme, entry.level, "removed", entry, None, note)]
    if targets == [entry.code]:
        new = after[entry.code]
        if normalise_name(new.name, suffix=False) == normalise_name(entry.name, suffix=False):
            return []
        return [_row(entry.scheme, entry.level, "renamed", entry, new, note)]
    kind = links[0].kind if links and links[0].kind in ("merge", "split") else "moved"
    return [_row(entry.scheme, entry.level, kind, entry, after[t], note) for t in targets]


def _row(
    scheme: str, level: int, change: str, old: Entry | None, new: Entry | None, note: str
) -> dict[str, object]:
    return {
        "scheme": scheme,
        "level": level,
        "change": change,
        "code_a": old.code if old else None,
        "name_a": old.name if old else None,
        "code_b": new.code if new else None,
        "name_b": new.name if new else None,
        "note": note,
    }
