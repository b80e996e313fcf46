"""The notebook runner: papermill jobs in parallel worker processes, recorded in a manifest.

:func:`execute` runs :class:`Job` objects in a pool from :func:`make_pool`. Each worker process
keeps one warm Jupyter kernel (:class:`govbudget.outputs.report_site.kernel.WarmKernel`), so kernel start-up and
imports are paid once per worker, not once per notebook, and exports each executed notebook to
its HTML page. A job whose inputs (by SHA-256), parameters, notebook and code are unchanged since
its last successful run is skipped; the manifest says why each job ran or was skipped. A failing
notebook is kept (partially executed) and reported; the others go on. The manifest is rewritten
atomically after every job, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import json
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govbudget.io import sha256_file, write_text
from govbudget.outputs.report_site.kernel import WarmKernel

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class Job:
    """One notebook to execute into ``out/<name>.ipynb`` and ``out/<name>.html``."""

    name: str  # output stem relative to the output folder, e.g. 'departments/2016_budget/edu'
    notebook: Path
    parameters: dict[str, Any]
    inputs: tuple[Path, ...] = ()  # files the result depends on (checksummed)
    kind: str = "notebook"  # 'department' | 'overview' | 'notebook'
    title: str = ""
    group: str = ""  # heading the index lists the page under
    source: str = ""  # the workbook a department report is about (relative to the data folder)
    year: int | None = None  # the year and phase the page is about (orders the index)
    phase: str | None = None


@dataclass
class RunResult:
    """What a run did; ``exit_code`` is 0 only when every input was read and every notebook ran."""

    out: Path
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    written: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """2 when an input could not be read, else 1 when a notebook failed, else 0."""
        return 2 if self.unreadable else 1 if self.failed else 0


# --- manifest and keys ---------------------------------------------------------------------


def load_manifest(out: Path) -> dict[str, Any]:
    """The manifest of the last run into ``out`` (an empty one if there is none or it is unreadable)."""
    try:
        manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        manifest = {}
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        manifest = {}
    manifest.setdefault("format", MANIFEST_FORMAT)
    manifest.setdefault("inputs", {})
    manifest.setdefault("notebooks", {})
    return manifest


def save_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically."""
    write_text(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, default=str))


def _why(job: Job, parts: dict[str, Any], old: dict[str, Any] | None, out: Path) -> str | None:
    """Why ``job`` must run (a short English reason), or None when it can be skipped."""
    if not old:
        return "new"
    if old.get("status") != "ok":
        return "last run failed" if old.get("status") == "failed" else "last run interrupted"
    if not all((out / f"{job.name}{s}").is_file() for s in (".ipynb", ".html")):
        return "output missing"
    if old.get("inputs") != parts["inputs"]:
        changed = sorted(set(old.get("inputs", {}).items()) ^ set(parts["inputs"].items()))
        names = sorted({Path(path).name for path, _ in changed})
        return "inputs changed: " + ", ".join(names)
    for part in ("parameters", "notebook_sha256", "code"):
        if old.get(part) != parts[part]:
            return f"{part.removesuffix('_sha256')} changed"
    return None


# --- worker side ---------------------------------------------------------------------------

_KERNEL = WarmKernel()


def _init_worker() -> None:
    """Pool initializer: die with the parent; shut the warm kernel down on a clean exit."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    multiprocessing.util.Finalize(None, _KERNEL.close, exitpriority=10)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (fork copies it)


def _execute_job(job: Job, out: str, timeout: float) -> dict[str, Any]:
    """Run one notebook with papermill in the worker's warm kernel, then export its HTML page."""
    from govbudget.outputs.report_site.site import export_html

    ipynb, html = Path(out, f"{job.name}.ipynb"), Path(out, f"{job.name}.html")
    started = time.monotonic()
    error, written = _KERNEL.execute(job.notebook, ipynb, job.parameters, timeout=timeout)
    result: dict[str, Any] = {"status": "failed" if error else "ok", "error": error}
    result["execute_seconds"] = round(time.monotonic() - started, 3)
    if written:
        lang = str(job.parameters.get("lang", "zh"))
        result["html_bytes"] = export_html(ipynb, html, root=Path(out), lang=lang, title=job.title)
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


# --- parent side --------------------------------------------------------------------------


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def make_pool(workers: int | None = None) -> cf.ProcessPoolExecutor:
    """A process pool of ``workers`` (default: the usable cores) warm-kernel workers."""
    count = workers or default_jobs()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return cf.ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_init_worker)


_VERB = {"skip": ("跳过", "skip"), "ran": ("完成", "done"), "failed": ("失败", "FAIL")}


def execute(
    jobs: Sequence[Job],
    out: Path,
    *,
    pool: cf.Executor,
    manifest: dict[str, Any],
    code: str,
    digests: dict[Path, str] | None = None,
    force: bool = False,
    timeout: float = 600.0,
    lang: str = "zh",
    log: Callable[[str], None] = lambda line: None,
    result: RunResult | None = None,
) -> RunResult:
    """Run ``jobs`` (skipping unchanged ones) and record each in ``manifest['notebooks']``.

    ``digests`` maps input paths to known SHA-256 checksums (others are computed). The manifest
    is saved after every job. Returns the names run, skipped and failed.
    """
    out = Path(out)
    result = result or RunResult(out=out)
    digests = dict(digests or {})
    entries: dict[str, dict[str, Any]] = manifest["notebooks"]
    pending: list[Job] = []
    width = len(str(len(jobs)))
    done = 0
    for job in jobs:
        parts = {
            "notebook_sha256": sha256_file(job.notebook),
            "parameters": job.parameters,
            "inputs": {
                str(p): digests.get(p) or digests.setdefault(p, sha256_file(p)) for p in job.inputs
            },
            "code": code,
        }
        old = entries.get(job.name)
        reason = "forced" if force else _why(job, parts, old, out)
        entry = {
            **(old or {}),
            **parts,
            "kind": job.kind,
            "title": job.title,
            "group": job.group,
            "source": job.source,
            "year": job.year,
            "phase": job.phase,
            "notebook": str(job.notebook),
            "ipynb": f"{job.name}.ipynb",
            "html": f"{job.name}.html",
        }
        if reason is None:
            entry.update(action="skip", reason="unchanged")
            result.skipped.append(job.name)
            done += 1
            log(
                f"[{done:>{width}}/{len(jobs)}] {_VERB['skip'][lang == 'en']}  {job.name}  "
                + ("（未变化）" if lang == "zh" else "(unchanged)")
            )
        else:
            entry.update(action="run", reason=reason, status="pending", error=None)
            pending.append(job)
        entries[job.name] = entry
    save_manifest(out, manifest)
    futures = {pool.submit(_execute_job, job, str(out), timeout): job for job in pending}
    for future in cf.as_completed(futures):
        job = futures[future]
        try:
            outcome = future.result()
        except Exception as err:  # a worker died: report it, keep going
            outcome = {"status": "failed", "error": f"{type(err).__name__}: {err}"}
        entry = entries[job.name]
        entry.update(outcome, finished=dt.datetime.now().isoformat(timespec="seconds"))
        save_manifest(out, manifest)
        done += 1
        (result.ran if outcome["status"] == "ok" else result.failed).append(job.name)
        seconds = outcome.get("seconds")
        tail = f"{seconds:.1f}s" if seconds is not None else ""
        if outcome["status"] != "ok":
            tail += f"  {outcome.get('error')}"
        verb = _VERB["ran" if outcome["status"] == "ok" else "failed"][lang == "en"]
        log(f"[{done:>{width}}/{len(jobs)}] {verb}  {job.name}  {tail}".rstrip())
    return result


__all__ = [
    "MANIFEST",
    "Job",
    "RunResult",
    "default_jobs",
    "execute",
    "load_manifest",
    "make_pool",
    "save_manifest",
]
