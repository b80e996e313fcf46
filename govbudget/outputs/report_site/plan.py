"""What a report run does with a data folder: check every input once, then plan notebooks.

* :func:`check_inputs` validates every input into the checked dataset (``out/dataset``, reused
  while its fingerprint holds) and writes the feedback copies in the worker pool;
* :func:`plan_jobs` turns the checked inputs into notebook jobs that read that dataset: a
  department report per selected package (its inputs: the package's and its department's
  earlier and same-year files) and a city overview per (year, phase);
* :func:`forget_stale` drops manifest entries whose workbooks are gone or changed.
"""

from __future__ import annotations

import concurrent.futures as cf
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govbudget.errors import UsageError
from govbudget.findings import Finding
from govbudget.labels import phase_label
from govbudget.outputs.report_site.runner import Job
from govbudget.progress import Progress

#: The checked dataset's folder inside the output folder.
DATASET = "dataset"

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


def feedback_task(path: str, findings: tuple[Finding, ...], folder: str) -> str:
    """Write one feedback copy, workbook or PDF (a pool task); returns its path."""
    from govbudget.feedback import write_feedback_copy

    return str(write_feedback_copy(Path(path), findings, Path(folder)))


def check_inputs(
    data: Path,
    out: Path,
    manifest: dict[str, Any],
    pool: cf.Executor,
    code: str,
    *,
    force: bool = False,
    jobs: int | None = None,
    lang: str = "zh",
    log: Callable[[str], None] = lambda line: None,
) -> dict[str, dict[str, Any]]:
    """Stage 1: validate every input under ``data`` into the checked dataset ``out/dataset``
    and write the feedback copies; entries by input path (relative to the data folder).

    Nothing is read again when the dataset's fingerprint (inputs, code, catalogue) is unchanged.
    """
    from govbudget.dataset import Dataset, file_digests, fingerprint, is_dataset
    from govbudget.validate import discover, validate

    if not data.exists():
        raise UsageError(f"{data}: no such file or folder / 数据路径不存在")
    root = input_root(data)
    started = time.monotonic()
    files, _ = discover([data])
    digests = file_digests(files)  # each input hashed once: for the key and the manifest
    key = fingerprint(files, code=code, digests=digests)
    folder = out / DATASET
    previous = manifest.get("inputs", {})
    fresh = manifest.get("dataset", {}).get("fingerprint") == key and is_dataset(folder)
    if not force and fresh and all(_outputs_exist(out, e) for e in previous.values()):
        log(
            f"输入未变化，沿用检查结果 {folder}"
            if lang == "zh"
            else f"inputs unchanged: reusing the checked dataset {folder}"
        )
        return previous
    progress = Progress("检查输入" if lang == "zh" else "checking inputs", len(files), echo=log)
    report = validate([data], jobs=jobs or 1, progress=lambda done, total, result: progress(done))
    dataset = Dataset.from_report(report, key)
    dataset.save(folder)
    manifest["dataset"] = {"fingerprint": key, "folder": DATASET}
    entries: dict[str, dict[str, Any]] = {}
    tasks = {}
    for result in report.results:
        path = Path(result.package.file).resolve()
        rel = path.relative_to(root).as_posix()
        feedback = out / "feedback" / Path(rel).parent
        tasks[rel] = pool.submit(feedback_task, str(path), result.findings, str(feedback))
        entries[rel] = {
            "status": "ok",
            "package": result.package.id,
            "department": result.package.department or path.stem,
            "year": result.package.year,
            "phase": result.package.phase,
            "level": result.package.level,
            "score": result.score,
            "errors": result.errors,
            "warnings": result.warnings,
            "sha256": digests.get(str(path)),
        }
    for failure in report.failures:
        path = Path(failure.file or "").resolve()
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        entries[rel] = {"status": "unreadable", "error": str(failure)}
        entries[rel]["sha256"] = digests.get(str(path)) if path.is_file() else None
        log(("无法读取 " if lang == "zh" else "unreadable ") + f"{rel}: {failure}")
    for rel, task in tasks.items():
        written = Path(task.result()).resolve()
        entries[rel]["feedback"] = written.relative_to(out.resolve()).as_posix()
    seconds = time.monotonic() - started
    log(
        f"已检查 {len(entries)} 个输入，用时 {seconds:.1f} 秒 → {folder}"
        if lang == "zh"
        else f"checked {len(entries)} inputs in {seconds:.1f}s -> {folder}"
    )
    return dict(sorted(entries.items()))


def _outputs_exist(out: Path, entry: dict[str, Any]) -> bool:
    return entry.get("status") != "ok" or bool(
        entry.get("feedback") and (out / entry["feedback"]).is_file()
    )


def _phase(phase: str | None, lang: str) -> str:
    return phase_label(phase, "en" if lang == "en" else "zh")


def plan_jobs(
    inputs: dict[str, dict[str, Any]],
    data: Path,
    notebooks: Path,
    dataset: Path,
    *,
    year: int | None = None,
    phase: str | None = None,
    lang: str = "zh",
) -> list[Job]:
    """Department reports for the selected packages, then one overview per (year, phase), each
    reading the checked dataset ``dataset``."""
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
                    "source": str(dataset),
                    "package": entry["package"],
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
                    "source": str(dataset),
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
