"""Check one package in memory against the disclosure rules (inputs on disk: ``validate``)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from govbudget.findings import Finding, PackageResult
from govbudget.model import Package
from govbudget.rules import catalog, implementations, pack
from govbudget.rules.culprit import with_culprits
from govbudget.rules.engine import Context, RuleFunc

if TYPE_CHECKING:
    from govbudget.catalogue import Catalogue


def check_package(
    package: Package, catalogue: Catalogue | None = None, *, twins: Sequence[str] = ()
) -> PackageResult:
    """Run every rule that applies to the package (by phase, level, year) and score it.

    ``catalogue`` defaults to the shipped classification catalogue (``load_catalogue()``).
    ``twins``: the other workbooks checked alongside that hold the same department, year and
    phase (PKG007).
    """
    if catalogue is None:
        from govbudget.catalogue import load_catalogue

        catalogue = load_catalogue()
    context = Context(package, catalogue, catalog(), pack(), twins=tuple(twins))
    found: list[Finding] = []
    for function in _applicable(package.phase, package.level, package.year):
        found.extend(function(context))
    return PackageResult.of(package, with_culprits(found, context.failed_sums))


@functools.cache
def _applicable(phase: str | None, level: str | None, year: int | None) -> list[RuleFunc]:
    """The functions of the rules that run on a package of this phase, level and year."""
    rules = catalog()
    return [
        function
        for rule_id, function in implementations().items()
        if rules[rule_id].applies(phase, level, year)
    ]
