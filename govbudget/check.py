"""Check packages against the disclosure rules: one package in memory, or workbooks on disk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govbudget.errors import InputError
from govbudget.feedback import FEEDBACK_SUFFIX
from govbudget.feedback_pdf import FEEDBACK_PDF_SUFFIX
from govbudget.findings import Finding, PackageResult, Report
from govbudget.model import Package
from govbudget.rules import catalog, implementations, pack
from govbudget.rules.engine import Context

if TYPE_CHECKING:
    from govbudget.catalogue import Catalogue

#: progress(path, index (1-based), count) is called before each workbook is read
Progress = Callable[[Path, int, int], None]


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
    rules = catalog()
    context = Context(package, catalogue, rules, pack(), twins=tuple(twins))
    found: list[Finding] = []
    for rule_id, function in implementations().items():
        if rules[rule_id].applies(package.phase, package.level, package.year):
            found.extend(function(context))
    return PackageResult.of(package, found)


def check_paths(
    paths: Iterable[str | Path],
    *,
    year: int | None = None,
    phase: str | None = None,
    level: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read and check every workbook under ``paths`` (files or folders).

    Never raises for a disclosure that breaks rules, nor for an unreadable file: each file
    that cannot be read, each path that does not exist and each folder without workbooks
    becomes a ``Report.failures`` entry, and the other packages are still checked. Feedback
    copies (``*.feedback.xlsx``, ``*.feedback.pdf``) found in a folder are left out. Every workbook is read before
    any is checked, so that two of one department, year and phase are told of each other.
    """
    from govbudget.read import find_workbooks, read_package

    report = Report()
    workbooks: list[Path] = []
    for path in paths:
        try:
            found = find_workbooks([path])
        except InputError as err:
            report.failures.append(err)
            continue
        if Path(path).is_dir():
            found = [
                w for w in found if not w.name.endswith((FEEDBACK_SUFFIX, FEEDBACK_PDF_SUFFIX))
            ]
            if not found:
                report.failures.append(InputError("文件夹中没有工作簿 · no workbooks", file=path))
        workbooks.extend(w for w in found if w not in workbooks)
    packages: list[Package] = []
    for index, workbook in enumerate(workbooks, 1):
        if progress is not None:
            progress(workbook, index, len(workbooks))
        try:
            packages.append(read_package(workbook, year=year, phase=phase, level=level))
        except InputError as err:
            report.failures.append(err)
    twins = twin_ids(packages)
    for package in packages:
        report.results.append(check_package(package, twins=twins.get(package.id, ())))
    return report


def _identity(package: Package) -> tuple[str, int, str] | None:
    if package.department and package.year and package.phase:
        return ("".join(package.department.split()), package.year, package.phase)
    return None


def twin_ids(packages: Iterable[Package]) -> dict[str, list[str]]:
    """Package id -> ids of the *other* packages of the same department, year and phase
    (PKG007); packages without a twin are left out."""
    groups: dict[tuple[str, int, str] | None, list[Package]] = defaultdict(list)
    for package in packages:
        groups[_identity(package)].append(package)
    return {
        p.id: [o.id for o in group if o is not p]
        for key, group in groups.items()
        if key is not None and len(group) > 1
        for p in group
    }
