"""The one road in: find the inputs, read them, check them, return one :class:`Report`.

Every command and output goes through here (``check`` on every executor, ``ingest``, the store,
``report``, ``dashboard``, ``publish``), so they all make the same decisions:

* **inputs** — a file named on the command line is read as given; a folder is searched
  recursively for workbooks (``.xlsx .xlsm .xls .ods``) and PDFs, leaving out hidden files, ``~$``
  lock files and govbudget's own feedback copies (``*.feedback.*``). A path that does not exist,
  or a folder holding no input at all, is a failed input; an empty subfolder is not.
* **failed inputs** are part of the result (``Report.failures``), never only a line on stderr;
  the other inputs are still read and checked.
* **twins** — two packages of one department, year and phase (e.g. ``a.xlsx`` beside ``a.xlsm``,
  or a workbook and its PDF) are both checked and both get PKG007. Where an output holds one
  package per department, year and phase (the store, the report overview, the static site, the
  dashboard), :func:`representative` picks one: by suffix (.xlsx, .xlsm, .xls, .ods, then
  .pdf: a workbook before a PDF), then the first by id.
* **exit status** — ``Report.exit_code``: 2 when an input failed or nothing was read, 1 with
  error findings, else 0.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypedDict, Unpack

from govbudget.errors import InputError
from govbudget.executors import Result, iter_packages
from govbudget.findings import PackageResult, Report
from govbudget.model import Package

#: Input suffixes found in folders (a file named explicitly is read whatever its suffix).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
INPUT_SUFFIXES = (*WORKBOOK_SUFFIXES, ".pdf")
#: govbudget's own annotated copies (``name.feedback.xlsx`` / ``name.feedback.pdf``).
FEEDBACK_MARK = ".feedback"
#: ``progress(done, total, result)``, called in this process as each input finishes.
Progress = Callable[[int, int, Result[Any]], None]


class Options(TypedDict, total=False):
    """The keywords of :func:`iter_validate` that the other entry points pass through: what the
    user states of every input (``year``, ``phase``, ``level``, ``department``; it wins over the
    document's) and where the work runs (``executor`` 'local' or 'dask', ``jobs``,
    ``scheduler``)."""

    year: int | None
    phase: str | None
    level: str | None
    department: str | None
    executor: str
    jobs: int
    scheduler: str | None


def is_feedback_copy(path: Path) -> bool:
    """A feedback copy written by govbudget (never an input found in a folder)."""
    return path.stem.endswith(FEEDBACK_MARK)


def _found_in_folder(path: Path) -> bool:
    return (
        path.suffix.lower() in INPUT_SUFFIXES
        and not path.name.startswith(("~$", "."))
        and not is_feedback_copy(path)
        and not path.is_dir()
    )


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[InputError]]:
    """The input files named by ``paths`` (in order, no repeats) and the paths that failed.

    Every entry with an input's name that is not a folder is listed — a dangling symbolic link,
    a pipe, a file that cannot be opened — so that reading it reports the problem instead of
    the file silently going missing from a run.
    """
    files: dict[Path, None] = {}
    failed: list[InputError] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if _found_in_folder(p))
            if not found:
                failed.append(
                    InputError(
                        "文件夹中没有工作簿或 PDF · no workbooks or PDFs in folder", file=path
                    )
                )
            files.update(dict.fromkeys(found))
        elif path.exists() or path.is_symlink():
            files[path] = None
        else:
            failed.append(InputError("文件或文件夹不存在 · no such file or folder", file=path))
    return list(files), failed


def check_file(
    path: str | Path,
    *,
    check: bool = True,
    year: int | None = None,
    phase: str | None = None,
    level: str | None = None,
    department: str | None = None,
    twins: Sequence[str] = (),
) -> PackageResult:
    """Read one input and check it (``check=False``: read only, no findings)."""
    from govbudget.check import check_package
    from govbudget.ingest import read_package

    package = read_package(path, year=year, phase=phase, level=level, department=department)
    if not check:
        return PackageResult.of(package, ())
    return check_package(package, twins=twins)


def iter_validate(
    paths: Iterable[str | Path],
    *,
    check: bool = True,
    year: int | None = None,
    phase: str | None = None,
    level: str | None = None,
    department: str | None = None,
    executor: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    failed: list[InputError] | None = None,
) -> Iterator[Result[PackageResult]]:
    """Stream :func:`validate`: one :class:`Result` per input file, in input order.

    Inputs that cannot be found are appended to ``failed`` (when given). After the stream, the
    packages that have twins are yielded once more, re-checked with PKG007: a consumer keeps the
    last result per path. Memory does not grow with the number of inputs (only the identities
    are kept to find the twins).
    """
    files, missing = discover(paths)
    if failed is not None:
        failed.extend(missing)
    task = functools.partial(
        check_file, check=check, year=year, phase=phase, level=level, department=department
    )
    identities: dict[str, tuple[Path, tuple[str, int, str] | None]] = {}
    for result in iter_packages(
        files, task, executor=executor, jobs=jobs, scheduler=scheduler, progress=progress
    ):
        if result.value is not None:
            package = result.value.package
            identities[package.id] = (result.path, identity(package))
        yield result
    if not check:
        return
    for package_id, others in _twins(identities).items():
        path = identities[package_id][0]
        value = task(path, twins=others)
        yield Result(index=-1, path=path, value=value)


def validate(
    paths: Iterable[str | Path],
    *,
    check: bool = True,
    progress: Progress | None = None,
    **options: Unpack[Options],
) -> Report:
    """Find, read and check every input under ``paths``; never raises for a bad input.

    Returns the packages with their findings and scores (in input order) and the inputs that
    could not be read. See the module documentation for the decisions made on the way.
    """
    failed: list[InputError] = []
    results: dict[Path, PackageResult] = {}
    errors: dict[Path, InputError] = {}
    for result in iter_validate(paths, check=check, progress=progress, failed=failed, **options):
        if result.value is not None:
            results[result.path] = result.value
        elif isinstance(result.error, InputError):
            errors[result.path] = result.error
        elif result.error is not None:  # e.g. a usage error raised by a task
            errors[result.path] = InputError(str(result.error), file=result.path)
    return Report(results=list(results.values()), failures=[*failed, *errors.values()])


def identity(package: Package) -> tuple[str, int, str] | None:
    """(department without spaces, year, phase), or None when one of them is unknown."""
    if package.department and package.year and package.phase:
        return ("".join(package.department.split()), package.year, package.phase)
    return None


def _twins(
    identities: dict[str, tuple[Path, tuple[str, int, str] | None]],
) -> dict[str, list[str]]:
    groups: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for package_id, (_, key) in identities.items():
        if key is not None:
            groups[key].append(package_id)
    return {
        package_id: [other for other in group if other != package_id]
        for group in groups.values()
        if len(group) > 1
        for package_id in group
    }


def representative(results: Iterable[PackageResult]) -> list[PackageResult]:
    """One result per department, year and phase (twins resolved by suffix — .xlsx, .xlsm,
    .xls, .ods, then .pdf — then the first by package id); packages of unknown identity are
    all kept. Input order."""
    results = list(results)
    chosen: dict[tuple[str, int, str], PackageResult] = {}
    for result in results:
        key = identity(result.package)
        held = chosen.get(key) if key is not None else None
        if key is not None and (held is None or _preference(result) < _preference(held)):
            chosen[key] = result
    keep = {id(r) for r in chosen.values()}
    return [r for r in results if identity(r.package) is None or id(r) in keep]


def _preference(result: PackageResult) -> tuple[int, str]:
    suffix = Path(result.package.file).suffix.lower()
    order = INPUT_SUFFIXES.index(suffix) if suffix in INPUT_SUFFIXES else len(INPUT_SUFFIXES)
    return (order, result.package.id)


__all__ = [
    "INPUT_SUFFIXES",
    "WORKBOOK_SUFFIXES",
    "check_file",
    "discover",
    "identity",
    "is_feedback_copy",
    "iter_validate",
    "representative",
    "validate",
]
