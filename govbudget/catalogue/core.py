"""The catalogue API: codes per catalogue year and scheme, vectorised checks, crosswalk, COFOG.

Every method takes the *package* year and resolves the governing catalogue year itself
(:meth:`Catalogue.year_for`), so callers never need to know which years are shipped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from govbudget.catalogue.crosswalk import Crosswalk
from govbudget.catalogue.mapping import Category, Mapping
from govbudget.catalogue.names import normalise_name
from govbudget.codes import SCHEMES, scheme_of

_WELL_FORMED = {
    None: r"2[0-9]{2}(?:[0-9]{2}){0,2}|[35][0-9]{2}(?:[0-9]{2})?",
    "functional": r"2[0-9]{2}(?:[0-9]{2}){0,2}",
    "economic_dept": r"3[0-9]{2}(?:[0-9]{2})?",
    "economic_gov": r"5[0-9]{2}(?:[0-9]{2})?",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One code of one catalogue year and scheme."""

    year: int
    scheme: str
    code: str
    name: str
    level: int  # 1 类 / 2 款 / 3 项
    parent: str | None
    source: str


@dataclass
class _Part:
    """The codes of one (catalogue year, scheme), indexed for lookups."""

    entries: dict[str, Entry]
    index: pd.Index
    names: np.ndarray  # object; one extra trailing None for "not found"
    children: dict[str | None, list[Entry]] = field(default_factory=dict)
    by_name: dict[tuple[int, bool], dict[str, str | None]] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)  # code -> position in ``index``


def _part(rows: pd.DataFrame) -> _Part:
    entries: dict[str, Entry] = {}
    children: dict[str | None, list[Entry]] = defaultdict(list)
    by_name: dict[tuple[int, bool], dict[str, str | None]] = defaultdict(dict)
    for row in rows.sort_values("code").itertuples(index=False):
        entry = Entry(
            int(row.year), row.scheme, row.code, row.name, int(row.level), row.parent or None,
            row.source,
        )  # fmt: skip
        entries[entry.code] = entry
        children[entry.parent].append(entry)
        for loose in (False, True):
            names = by_name[(entry.level, loose)]
            key = normalise_name(entry.name, suffix=loose)
            names[key] = None if key in names and names[key] != entry.code else entry.code
    codes = list(entries)
    values = np.empty(len(codes) + 1, dtype=object)
    values[: len(codes)] = [e.name for e in entries.values()]
    positions = {code: i for i, code in enumerate(codes)}
    return _Part(
        entries, pd.Index(codes, dtype="str"), values, dict(children), dict(by_name), positions
    )


def _values(codes: object) -> pd.Series | np.ndarray:
    """Codes as a Series or object array; numbers become digit strings."""
    if isinstance(codes, pd.Series | pd.Index):
        values = codes
    else:
        values = np.asarray(codes, dtype=object)
        if values.size and isinstance(values.flat[0], int | float | np.number):
            values = np.asarray(codes)  # numbers (e.g. codes read as integers): let numpy type them
    if values.dtype.kind in "iuf":
        return pd.Series(np.asarray(values)).astype("Int64").astype("str")
    return values


#: Up to this many codes given as a list or tuple, plain dictionary look-ups beat pandas' set-up.
_FEW = 4096


def _positions(part: _Part, codes: object) -> np.ndarray:
    """Position of every code in the part's index (-1 if absent): one hash probe per distinct
    code."""
    if (
        isinstance(codes, list | tuple)
        and len(codes) <= _FEW
        and all(isinstance(c, str) for c in codes)
    ):
        where = part.positions
        return np.fromiter((where.get(c, -1) for c in codes), dtype=np.intp, count=len(codes))
    inverse, uniques = pd.factorize(_values(codes))
    found = part.index.get_indexer(uniques)
    return np.where(inverse >= 0, found[inverse], -1) if len(found) else np.full(len(inverse), -1)


class Catalogue:
    """All catalogue years and schemes, with their crosswalk and COFOG/GFS mapping.

    Build it with :func:`govbudget.catalogue.load_catalogue`; ``frame`` holds every row
    (``year, scheme, code, name, level, parent, source``) and ``manifest`` one row per year and
    scheme (``complete``, ``levels_complete``, ``applies_from``, …). Treat both as read-only.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        manifest: pd.DataFrame,
        crosswalk: pd.DataFrame | None = None,
        cofog: pd.DataFrame | None = None,
        cofog_categories: pd.DataFrame | None = None,
        labels_en: pd.DataFrame | None = None,
    ) -> None:
        self.frame = frame.reset_index(drop=True)
        self.manifest = manifest.reset_index(drop=True)
        self.crosswalk = Crosswalk(crosswalk)
        self._mapping = Mapping(cofog, cofog_categories, labels_en)
        self._parts = {key: _part(rows) for key, rows in self.frame.groupby(["year", "scheme"])}
        self._coverage: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._complete: dict[tuple[int, str], tuple[bool, set[int]]] = {}
        self._year_for: dict[tuple[int, str | None], int] = {}  # year_for's answers
        for row in self.manifest.itertuples(index=False):
            self._coverage[row.scheme].append((int(row.year), int(row.applies_from)))
            levels = {int(x) for x in str(row.levels_complete).split(",") if x.strip()}
            self._complete[(int(row.year), row.scheme)] = (
                str(row.complete).lower() == "true",
                levels,
            )

    # -- years -------------------------------------------------------------------------------
    def years(self, scheme: str | None = None) -> list[int]:
        """Catalogue years shipped or imported (for one scheme, or any)."""
        schemes = [scheme] if scheme else list(self._coverage)
        return sorted({y for s in schemes for y, _ in self._coverage.get(s, ())})

    def year_for(self, year: int, scheme: str | None = None) -> int:
        """The catalogue year governing a package year (scheme defaults to functional).

        A catalogue reaches back to its ``applies_from`` year (the 2025 functional catalogue
        governs 2019–2025: the 2019 reform made today's structure). Rule: the earliest catalogue
        whose ``[applies_from, year]`` span holds the package year; else the latest catalogue year
        before it; else the earliest catalogue year.
        """
        key = (year, scheme)
        if key in self._year_for:
            return self._year_for[key]
        coverage = self._coverage.get(scheme or "functional") or [
            pair for pairs in self._coverage.values() for pair in pairs
        ]
        if not coverage:
            raise LookupError("目录为空 · the catalogue is empty")
        spanning = [y for y, start in coverage if start <= year <= y]
        before = [y for y, _ in coverage if y < year]
        found = self._year_for[key] = (
            min(spanning) if spanning else max(before) if before else min(y for y, _ in coverage)
        )
        return found

    def _get(self, year: int, scheme: str) -> _Part | None:
        return self._parts.get((self.year_for(year, scheme), scheme))

    # -- single codes -------------------------------------------------------------------------
    def lookup(self, code: str, year: int, scheme: str | None = None) -> Entry | None:
        """The entry of ``code`` in the catalogue governing ``year``, or None."""
        code = str(code).strip()
        scheme = scheme or scheme_of(code)
        part = self._get(year, scheme) if scheme in SCHEMES else None
        return part.entries.get(code) if part else None

    def codebook(self, year: int, scheme: str) -> dict[str, Entry]:
        """Code -> entry of the catalogue governing ``year`` (empty when there is none; treat
        it as read-only)."""
        part = self._get(year, scheme)
        return part.entries if part else {}

    def children(self, code: str, year: int, scheme: str | None = None) -> list[Entry]:
        """Entries one level below ``code``; ``code=''`` gives the 类 of ``scheme`` (functional)."""
        scheme = scheme or scheme_of(code) or "functional"
        part = self._get(year, scheme)
        return list(part.children.get(code or None, ())) if part else []

    def entries(self, year: int, scheme: str, level: int | None = None) -> list[Entry]:
        """Every entry of the catalogue governing ``year`` (optionally one level)."""
        part = self._get(year, scheme)
        values = part.entries.values() if part else ()
        return [e for e in values if level is None or e.level == level]

    def is_complete(self, year: int, scheme: str, level: int | None = None) -> bool:
        """Whether the governing catalogue is complete (for one level, if given)."""
        complete, levels = self._complete.get((self.year_for(year, scheme), scheme), (False, set()))
        return complete or (level is not None and level in levels)

    # -- vectorised ---------------------------------------------------------------------------
    def contains(self, codes: object, year: int, scheme: str) -> np.ndarray:
        """Boolean array: which codes the governing catalogue holds (vectorised, no Python loop)."""
        part = self._get(year, scheme)
        if part is None:
            return np.zeros(len(_values(codes)), dtype=bool)
        return _positions(part, codes) >= 0

    def names(self, codes: object, year: int, scheme: str) -> np.ndarray:
        """Object array of catalogue names, None where a code is unknown."""
        part = self._get(year, scheme)
        if part is None:
            return np.full(len(_values(codes)), None, dtype=object)
        return part.names[_positions(part, codes)]

    @staticmethod
    def well_formed(codes: object, scheme: str | None = None) -> np.ndarray:
        """Boolean array: digits only, a scheme prefix and a length that fits it (CAT003)."""
        inverse, uniques = pd.factorize(_values(codes))
        matched = pd.Series(uniques, dtype="str").str.fullmatch(_WELL_FORMED[scheme])
        ok = matched.fillna(False).to_numpy(dtype=bool)
        return np.where(inverse >= 0, ok[inverse], False) if len(ok) else inverse >= 0

    # -- names ---------------------------------------------------------------------------------
    @staticmethod
    def same_name(a: str, b: str) -> bool:
        """Names equal after normalising (width, spaces, quotes, （…） suffixes, 类/款/项)."""
        return normalise_name(a) == normalise_name(b)

    def code_for_name(
        self, name: str, year: int, scheme: str = "functional", level: int = 1
    ) -> str | None:
        """The code a name stands for at ``level`` (None if unknown or ambiguous).

        A name of another catalogue year resolves through the crosswalk both ways:
        ``'医疗卫生与计划生育支出'`` gives ``'210'`` for 2025 and ``'卫生健康支出'`` for 2016.
        """
        target = self.year_for(year, scheme)
        for other in sorted(self.years(scheme), key=lambda y: (y != target, abs(y - target))):
            part = self._parts.get((other, scheme))
            if part is None:
                continue
            code = self._by_name(part, name, level)
            if code is None:
                continue
            found = [c for c in self.equivalents(code, other, target) if len(c) == len(code)]
            if found:
                return found[0]
        return None

    @staticmethod
    def _by_name(part: _Part, name: str, level: int) -> str | None:
        for loose in (False, True):
            code = part.by_name.get((level, loose), {}).get(normalise_name(name, suffix=loose))
            if code:
                return code
        return None

    def label(self, code: str, year: int, lang: str = "zh") -> str:
        """Display name of a code (or stable key) for a year: the catalogue name of that year,
        English for 类 where labelled; a code the year lacks is named from the nearest year."""
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
        if "@" in code:  # a stable key of a code without successor: name it in its own year
            code, _, own = code.partition("@")
            year = int(own) if own.isdigit() else year
        scheme = scheme_of(code)
        if scheme is None:
            return code
        entry = self.lookup(code, year, scheme)
        if lang == "en":
            english = self._english(code, scheme, entry)
            if english:
                return english
        if entry:
            return entry.name
        target = self.year_for(year, scheme)
        for other in sorted(self.years(scheme), key=lambda y: abs(y - target)):
            found = self._parts[(other, scheme)].entries.get(code)
            if found:
                return found.name
        return code

    def _english(self, code: str, scheme: str, entry: Entry | None) -> str | None:
        if entry is None:
            years = self._mapping.labelled_years(scheme, code)
            return self._mapping.label_en(years[-1], scheme, code) if years else None
        exact = self._mapping.label_en(entry.year, scheme, code)
        if exact:
            return exact
        for other in self._mapping.labelled_years(scheme, code):
            twin = self._parts.get((other, scheme))
            if (
                twin
                and code in twin.entries
                and self.same_name(twin.entries[code].name, entry.name)
            ):
                return self._mapping.label_en(other, scheme, code)
        return None

    # -- across years --------------------------------------------------------------------------
    def equivalents(self, code: str, year: int, to_year: int) -> list[str]:
        """Codes of the catalogue governing ``to_year`` that correspond to ``code`` of ``year``.

        Forward it follows the crosswalk (a split gives its primary target first); backward it
        collects every earlier code that flows into ``code``. A 项 without its own link follows a
        moved 款 when the target 款 has a 项 of the same name.
        """
        scheme = scheme_of(code)
        if scheme is None:
            return []
        a, b = self.year_for(year, scheme), self.year_for(to_year, scheme)
        source, target = self._parts.get((a, scheme)), self._parts.get((b, scheme))
        if source is None or target is None or code not in source.entries:
            return []
        if a == b:
            return [code]
        found = (
            self._forward(code, scheme, a, target)
            if a < b
            else self._backward(code, scheme, a, b, target)
        )
        return list(dict.fromkeys(found))

    def _forward(self, code: str, scheme: str, year: int, target: _Part) -> list[str]:
        links = self.crosswalk.forward(scheme, code, year)
        if links:
            return [k.to_code for k in links if k.to_code and k.to_code in target.entries]
        name = self._parts[(year, scheme)].entries[code].name
        if len(code) == 7:
            moved = self.crosswalk.forward(scheme, code[:5], year)
            if moved and moved[0].to_code and moved[0].to_code != code[:5]:
                candidate = moved[0].to_code + code[5:]
                hit = target.entries.get(candidate)
                return [candidate] if hit and self.same_name(hit.name, name) else []
        return [code] if code in target.entries else []

    def _backward(
        self, code: str, scheme: str, year: int, to_year: int, target: _Part
    ) -> list[str]:
        found = [
            k.from_code
            for k in self.crosswalk.backward(scheme, code, year)
            if k.from_year <= to_year
        ]
        if code in target.entries and not any(
            k.to_code != code for k in self.crosswalk.forward(scheme, code, to_year)
        ):
            found.insert(0, code)
        if not found and len(code) == 7:
            name = self._parts[(year, scheme)].entries[code].name
            for link in self.crosswalk.backward(scheme, code[:5], year):
                candidate = link.from_code + code[5:]
                hit = target.entries.get(candidate)
                if link.from_code != code[:5] and hit and self.same_name(hit.name, name):
                    found.append(candidate)
        return [c for c in found if c in target.entries]

    def stable_key(self, code: str, year: int) -> str:
        """A key equal across renames and moves: the code's equivalent in the latest catalogue.

        A code with no successor (dropped, or reused later for something else) keys as
        ``'<code>@<catalogue year>'``; a code no catalogue knows keys as itself.
        """
        scheme = scheme_of(code)
        if scheme is None or not self.years(scheme):
            return code
        latest, current = max(self.years(scheme)), self.year_for(year, scheme)
        part = self._parts.get((current, scheme))
        if current == latest or part is None or code not in part.entries:
            return code
        found = self.equivalents(code, current, latest)
        return found[0] if found else f"{code}@{current}"

    def cofog(self, code: str, year: int | None = None) -> Category | None:
        """(COFOG division, zh, en) of a functional code — govbudget's mapping, by stable key."""
        if scheme_of(code) != "functional":
            return None
        key = self.stable_key(code, year) if year is not None else code
        return self._mapping.target("functional", key.split("@")[0], None)

    def gfs(self, code: str, year: int | None = None) -> Category | None:
        """(GFS expense category, zh, en) of an economic code — govbudget's mapping."""
        scheme = scheme_of(code)
        if scheme not in ("economic_dept", "economic_gov") or not self.years(scheme):
            return None
        current = self.year_for(year, scheme) if year is not None else max(self.years(scheme))
        return self._mapping.target(scheme, code, current)

    # -- summaries -----------------------------------------------------------------------------
    def summary(self) -> pd.DataFrame:
        """Rows per catalogue year, scheme and level."""
        counts = self.frame.groupby(["year", "scheme", "level"]).size()
        return counts.rename("rows").reset_index()

    def source_counts(self) -> pd.DataFrame:
        """Rows per catalogue year, scheme and kind of source (the text before ':')."""
        kinds = self.frame["source"].str.split(":", n=1).str[0].str.strip().rename("kind")
        counts = self.frame.assign(kind=kinds).groupby(["year", "scheme", "kind"]).size()
        return counts.rename("rows").reset_index()
