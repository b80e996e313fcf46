"""What a report run does with a data folder: check every workbook once, then plan notebooks.

* :func:`check_inputs` reads and checks each workbook in the worker pool (cached by checksum);
* :func:`plan_jobs` turns the checked inputs into notebook jobs: a department report per selected
  package (with the same department's earlier and same-year workbooks as ``related``) and a city
  overview per (year, phase);
* :func:`forget_stale` drops manifest entries whose workbooks are gone or changed.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govbudget.errors import UsageError
from govbudget.io import sha256_file, write_text
from govbudget.labels import phase_label
from govbudget.runner import Job

_OVERVIEW = ("全市概览", "City overview")
# atomic_path's temporaries: '.<name>.<8 random chars><suffix>' (tempfile.mkstemp)
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}(?P<suffix>\.[^.]+)$")


def input_root(data: Path) -> Path:
    """The folder input paths are relative to."""
    return data if data.is_dir() else data.parent


def input_path(data: Path, rel: str) -> Path:
    """Absolute path of an input named by its path relative to the data folder."""
    return input_root(data) / rel


def sweep_temporaries(out: Path) -> list[Path]:
    """Remove temporaries an interrupted run left behind in ``out``."""
    removed = []
    for path in Path(out).rglob(".*"):
        match = _TEMPORARY.match(path.name)
        if path.is_file() and match and match["name"].endswith(match["suffix"]):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _outputs_exist(out: Path, entry: dict[str, Any]) -> bool:
    return all((out / entry[k]).is_file() for k in ("findings", "feedback") if entry.get(k))


def check_workbook(path: str, rel: str, out: str) -> dict[str, Any]:
    """Read and check one workbook: cached findings JSON, feedback workbook, metadata."""
    from govbudget.check import check_paths
    from govbudget.feedback import write_feedback
    from govbudget.site import findings_to_json

    report = check_paths([path])
    if not report.results:
        error = report.failures[0] if report.failures else "no package"
        return {"status": "unreadable", "error": str(error)}
    result = report.results[0]
    package = result.package
    stem = Path(rel).with_suffix("")
    checks = Path(out, "checks", f"{stem}.json")
    write_text(checks, findings_to_json(report.to_frame()))
    feedback = write_feedback(Path(path), result.findings, Path(out, "feedback", stem.parent))
    severities = [f.severity for f in result.findings]
    return {
        "status": "ok",
        "department": package.department or stem.name,
        "year": package.year,
        "phase": package.phase,
        "level": package.level,
        "score": result.score,
        "errors": severities.count("error"),
        "warnings": severities.count("warning"),
        "findings": checks.relative_to(out).as_posix(),
        "feedback": Path(feedback).resolve().relative_to(Path(out).resolve()).as_posix(),
    }


def check_inputs(
    data: Path,
    out: Path,
    manifest: dict[str, Any],
    pool: cf.Executor,
    code: str,
    *,
    force: bool = False,
    lang: str = "zh",
    log: Callable[[str], None] = lambda line: None,
) -> dict[str, dict[str, Any]]:
    """Check every workbook under ``data`` (unchanged ones from the manifest); entries by path."""
    from govbudget.read import find_workbooks

    if not data.exists():
        raise UsageError(f"{data}: no such file or folder / 数据路径不存在")
    root = input_root(data)
    previous = manifest.get("inputs", {})
    entries: dict[str, dict[str, Any]] = {}
    todo: dict[cf.Future, tuple[str, Path, str]] = {}
    started = time.monotonic()
    for path in find_workbooks([data]):
        path = Path(path).resolve()
        rel = path.relative_to(root).as_posix()
        digest = sha256_file(path)
        old = previous.get(rel)
        fresh = old and old.get("sha256") == digest and old.get("code") == code
        if not force and fresh and old.get("status") == "ok" and _outputs_exist(out, old):
            entries[rel] = old
        else:
            todo[pool.submit(check_workbook, str(path), rel, str(out))] = (rel, path, digest)
    for future in cf.as_completed(todo):
        rel, path, digest = todo[future]
        try:
            entry = future.result()
        except Exception as err:  # a checker bug must not stop the run: report it
            entry = {"status": "unreadable", "error": f"{type(err).__name__}: {err}"}
        entry.update(
            sha256=digest,
            bytes=path.stat().st_size,
            code=code,
            checked=dt.datetime.now().isoformat(timespec="seconds"),
        )
        entries[rel] = entry
        if entry["status"] != "ok":
            log(("无法读取 " if lang == "zh" else "unreadable ") + f"{rel}: {entry['error']}")
    seconds = time.monotonic() - started
    count, cached = len(entries), len(entries) - len(todo)
    log(
        f"已检查 {count} 个工作簿（{cached} 个未变化，沿用上次结果），用时 {seconds:.1f} 秒"
        if lang == "zh"
        else f"checked {count} workbooks ({cached} unchanged, reused) in {seconds:.1f}s"
    )
    return dict(sorted(entries.items()))


def _phase(phase: str | None, lang: str) -> str:
    return phase_label(phase, "en" if lang == "en" else "zh")


def plan_jobs(
    inputs: dict[str, dict[str, Any]],
    data: Path,
    notebooks: Path,
    *,
    year: int | None = None,
    phase: str | None = None,
    lang: str = "zh",
) -> list[Job]:
    """Department reports for the selected packages, then one overview per (year, phase)."""
    ok = {rel: e for rel, e in inputs.items() if e.get("status") == "ok"}
    selected = sorted(
        rel
        for rel, e in ok.items()
        if (year is None or e.get("year") == year) and (phase is None or e.get("phase") == phase)
    )
    jobs: list[Job] = []
    for rel in selected:
        entry = ok[rel]
        related = sorted(
            other
            for other, e in ok.items()
            if other != rel
            and e.get("department") == entry.get("department")
            and (e.get("year") or 0) <= (entry.get("year") or 0)
        )
        package, others = input_path(data, rel), [input_path(data, r) for r in related]
        group = f"{entry.get('year') or ''} {_phase(entry.get('phase'), lang)}".strip()
        jobs.append(
            Job(
                name="departments/" + Path(rel).with_suffix("").as_posix(),
                notebook=notebooks / "department_report.ipynb",
                parameters={
                    "package": str(package),
                    "related": [str(p) for p in others],
                    "data": "",
                    "lang": lang,
                },
                inputs=(package, *others),
                kind="department",
                year=entry.get("year"),
                phase=entry.get("phase"),
                title=f"{entry.get('department')} · {group}",
                group=group,
                source=rel,
            )
        )
    groups = sorted({(ok[r].get("year") or 0, ok[r].get("phase") or "") for r in selected})
    for group_year, group_phase in groups:
        members = [
            r
            for r in selected
            if (ok[r].get("year") or 0, ok[r].get("phase") or "") == (group_year, group_phase)
        ]
        paths = [input_path(data, r) for r in members]
        label = f"{group_year or ''} {_phase(group_phase, lang)}".strip()
        jobs.append(
            Job(
                name=f"overview/{group_year or 'unknown'}_{group_phase or 'unknown'}",
                notebook=notebooks / "city_overview.ipynb",
                parameters={
                    "data": str(data),
                    "packages": [str(p) for p in paths],
                    "year": group_year or None,
                    "phase": group_phase or None,
                    "lang": lang,
                },
                inputs=tuple(paths),
                kind="overview",
                year=group_year or None,
                phase=group_phase or None,
                title=f"{_OVERVIEW[lang == 'en']} · {label}",
                group=label,
            )
        )
    return jobs


def forget_stale(
    manifest: dict[str, Any], jobs: list[Job], digests: dict[Path, str], out: Path
) -> list[str]:
    """Drop (and delete the pages of) manifest entries outside this run's plan whose inputs are
    gone or changed; entries still true to their inputs stay listed. Returns the dropped names."""
    planned = {job.name for job in jobs}
    known = {str(path): digest for path, digest in digests.items()}
    dropped = []
    for name, entry in list(manifest["notebooks"].items()):
        inputs = entry.get("inputs", {})
        if name in planned or (inputs and all(known.get(p) == d for p, d in inputs.items())):
            continue
        for key in ("ipynb", "html"):
            if entry.get(key):
                (out / entry[key]).unlink(missing_ok=True)
        del manifest["notebooks"][name]
        dropped.append(name)
    return dropped
