"""The disclosure rules: a catalogue of ids, severities and zh/en messages (``catalog.toml``),
the rule pack the rules read (required tables, items, sums, score weights, same file), and one
module per family:

=================  ==========================================================
``completeness``   PKG001–PKG007  required tables and items, empty tables, units, consistency,
                                 duplicate tables and duplicate packages
``depth``          LVL001–LVL002  functional to 项, basic expenditure to economic 款
``catalogue``      CAT001–CAT004  codes against the year's catalogue and each other
``arithmetic``     SUM001–SUM003, SUM005  row sums, parent vs children, 合计 rows, balance
``cross_table``    SUM004         figures two tables must agree on
``three_public``   SUM006         三公 total and 公务用车 split
``values``         VAL001–VAL002  non-numbers, negatives
``minsheng``       MSX001         民生 projects of district and township units
``timeliness``     TIM001         published within 20 days of approval
``narrative``      NAR001–NAR002  figures and comparisons quoted in the narrative vs the tables
=================  ==========================================================
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

from govbudget.rules.spec import RulePack, RuleSpec, catalog, pack

if TYPE_CHECKING:  # the engine imports findings, which imports this package
    from govbudget.rules.engine import RuleFunc

FAMILY_MODULES = (
    "completeness", "depth", "catalogue", "arithmetic", "cross_table", "three_public", "values",
    "minsheng", "timeliness", "narrative",
)  # fmt: skip


@functools.cache
def implementations() -> dict[str, RuleFunc]:
    """Rule id -> the function implementing it (importing every family module)."""
    for name in FAMILY_MODULES:
        importlib.import_module(f"govbudget.rules.{name}")
    from govbudget.rules.engine import REGISTRY

    return dict(REGISTRY)


__all__ = ["FAMILY_MODULES", "RulePack", "RuleSpec", "catalog", "implementations", "pack"]
