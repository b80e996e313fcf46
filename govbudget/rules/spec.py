"""The rule catalogue and rule pack (``resources/rules.toml``) as typed, cached values."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from typing import Any

from govbudget import labels
from govbudget.paths import resource
from govbudget.tables import LEVELS, PHASES

CATALOG_FILE = resource("rules.toml")
SEVERITIES = labels.keys("severity")
FAMILIES = labels.keys("family")


@dataclass(frozen=True)
class Variant:
    """A named case of a rule with its own severity and messages."""

    severity: str
    zh: str
    en: str


@dataclass(frozen=True)
class RuleSpec:
    """One rule of the catalogue."""

    id: str
    severity: str
    family: str
    title_zh: str
    title_en: str
    zh: str
    en: str
    phases: tuple[str, ...] = PHASES
    levels: tuple[str, ...] = LEVELS
    years: tuple[int, int] = (0, 9999)
    variants: dict[str, Variant] = field(default_factory=dict)

    def applies(self, phase: str | None, level: str | None, year: int | None) -> bool:
        """Does the rule run on a package of this phase, level and year (None = unknown)?"""
        if phase is not None and phase not in self.phases:
            return False
        if level is None:
            if set(self.levels) != set(LEVELS):
                return False
        elif level not in self.levels:
            return False
        return year is None or self.years[0] <= year <= self.years[1]


@dataclass(frozen=True)
class Scope:
    """Where a pack entry applies (phases, levels, years), like :meth:`RuleSpec.applies`."""

    phases: tuple[str, ...] = PHASES
    levels: tuple[str, ...] = LEVELS
    years: tuple[int, int] = (0, 9999)

    def covers(self, phase: str | None, level: str | None, year: int | None) -> bool:
        return (
            (phase is None or phase in self.phases)
            and (level is None or level in self.levels)
            and (year is None or self.years[0] <= year <= self.years[1])
        )


@dataclass(frozen=True)
class RequiredTables:
    scope: Scope
    tables: tuple[str, ...]


@dataclass(frozen=True)
class RequiredItem:
    id: str
    zh: str
    en: str
    texts: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()  # (table id, measure id)
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowSum:
    tables: tuple[str, ...]
    total: str
    parts: tuple[str, ...]
    panel: str | None = None


@dataclass(frozen=True)
class Panel:
    sources: tuple[str, ...]
    current: str
    grand: str
    carry: tuple[str, ...]
    fiscal_parts: tuple[str, ...] = ()
    split: tuple[str, ...] = ()


@dataclass(frozen=True)
class Side:
    """One figure of a cross-table identity."""

    table: str
    row: str
    measure: str
    panel: str | None = None


@dataclass(frozen=True)
class CrossTable:
    label_zh: str
    label_en: str
    left: Side
    right: Side
    scope: Scope


@dataclass(frozen=True)
class ThreePublicSum:
    total: str
    parts: tuple[str, ...]
    without_vehicle: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreWeights:
    start: float
    rule_cap: float
    family_cap: float
    severity: dict[str, float]
    family: dict[str, float]


@dataclass(frozen=True)
class RulePack:
    """The data the rules read (see the comments in ``resources/rules.toml``)."""

    publish_within_days: int
    minsheng_classes: tuple[str, ...]
    required_tables: tuple[RequiredTables, ...]
    required_items: tuple[RequiredItem, ...]
    row_sums: tuple[RowSum, ...]
    item_parts: dict[str, tuple[str, ...]]
    panels: dict[str, Panel]
    total_rows: tuple[str, ...]
    cross_table: tuple[CrossTable, ...]
    three_public: tuple[ThreePublicSum, ...]
    minsheng_fields: dict[str, tuple[str, str]]
    score: ScoreWeights

    def required(self, phase: str | None, level: str | None, year: int | None) -> list[str]:
        """Required table ids for a package, in catalogue order."""
        found: list[str] = []
        for entry in self.required_tables:
            if entry.scope.covers(phase, level, year):
                found.extend(t for t in entry.tables if t not in found)
        return found


def _scope(data: dict[str, Any]) -> Scope:
    return Scope(
        phases=tuple(data.get("phases", PHASES)),
        levels=tuple(data.get("levels", LEVELS)),
        years=tuple(data.get("years", (0, 9999))),
    )


def _rule(rule_id: str, data: dict[str, Any]) -> RuleSpec:
    scope = _scope(data)
    variants = {
        name: Variant(v.get("severity", data["severity"]), v["zh"], v["en"])
        for name, v in data.get("variants", {}).items()
    }
    return RuleSpec(
        id=rule_id,
        severity=data["severity"],
        family=data["family"],
        title_zh=data["title_zh"],
        title_en=data["title_en"],
        zh=data["zh"],
        en=data["en"],
        phases=scope.phases,
        levels=scope.levels,
        years=scope.years,
        variants=variants,
    )


def _side(data: dict[str, Any]) -> Side:
    return Side(data["table"], data["row"], data["measure"], data.get("panel"))


def _pack(data: dict[str, Any], score: dict[str, Any]) -> RulePack:
    return RulePack(
        publish_within_days=int(data["publish_within_days"]),
        minsheng_classes=tuple(data["minsheng_classes"]),
        required_tables=tuple(
            RequiredTables(_scope(e), tuple(e["tables"])) for e in data["required_tables"]
        ),
        required_items=tuple(
            RequiredItem(
                id=e["id"],
                zh=e["zh"],
                en=e["en"],
                texts=tuple(e.get("texts", ())),
                tables=tuple(e.get("tables", ())),
                columns=tuple(tuple(c.split(".", 1)) for c in e.get("columns", ())),
                mentions=tuple(e.get("mentions", ())),
            )
            for e in data["required_items"]
        ),
        row_sums=tuple(
            RowSum(tuple(e["tables"]), e["total"], tuple(e["parts"]), e.get("panel"))
            for e in data["row_sums"]
        ),
        item_parts={k: tuple(v) for k, v in data["item_parts"].items()},
        panels={
            name: Panel(
                sources=tuple(p["sources"]),
                current=p["current"],
                grand=p["grand"],
                carry=tuple(p["carry"]),
                fiscal_parts=tuple(p.get("fiscal_parts", ())),
                split=tuple(p.get("split", ())),
            )
            for name, p in data["panels"].items()
        },
        total_rows=tuple(data["total_rows"]["tables"]),
        cross_table=tuple(
            CrossTable(e["label_zh"], e["label_en"], _side(e["left"]), _side(e["right"]), _scope(e))
            for e in data["cross_table"]
        ),
        three_public=tuple(
            ThreePublicSum(e["total"], tuple(e["parts"]), tuple(e.get("without_vehicle", ())))
            for e in data["three_public"]
        ),
        minsheng_fields={k: (v[0], v[1]) for k, v in data["minsheng_fields"].items()},
        score=ScoreWeights(
            start=float(score["start"]),
            rule_cap=float(score["rule_cap"]),
            family_cap=float(score["family_cap"]),
            severity={k: float(v) for k, v in score["severity"].items()},
            family={k: float(v) for k, v in score["family"].items()},
        ),
    )


@functools.cache
def _load() -> tuple[dict[str, RuleSpec], RulePack]:
    data = tomllib.loads(CATALOG_FILE.read_text("utf-8"))
    rules = {rule_id: _rule(rule_id, entry) for rule_id, entry in data["rules"].items()}
    for spec in rules.values():
        severities = {spec.severity, *(v.severity for v in spec.variants.values())}
        if not severities <= set(SEVERITIES) or spec.family not in FAMILIES:
            raise ValueError(f"rules.toml: bad severity or family for {spec.id}")
    return rules, _pack(data["pack"], data["score"])


def catalog() -> dict[str, RuleSpec]:
    """Every rule of the catalogue by id (the dict is shared: do not modify it)."""
    return _load()[0]


def pack() -> RulePack:
    """The rule pack: required tables, items, sums, score weights."""
    return _load()[1]
