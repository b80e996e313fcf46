"""Batch report runs: every package under a data folder, reported, in one command.

:func:`run_report` is the whole job behind ``govbudget report``, in three stages:

1. **check** (:mod:`govbudget.outputs.report_site.plan`) — every input is validated once into the checked dataset
   ``out/dataset/`` (Parquet), feedback copies go to ``out/feedback/``. While the dataset's
   fingerprint (inputs, code, catalogue) holds, nothing is read again.
2. **notebooks** (:mod:`govbudget.outputs.report_site.runner`) — one department report per selected package and
   one city overview per (year, phase), papermill in warm kernels, unchanged ones skipped.
3. **site** (:mod:`govbudget.outputs.report_site.site`) — ``index.html``, ``findings.xlsx`` and the shared
   ``assets/plotly.min.js``.

Cron-safe: no prompts, progress lines to a callback and to ``out/run.log``, one run per output
folder at a time (``out/.lock``), SIGTERM unwinds like Ctrl-C and marks the manifest
'interrupted'; every output is written atomically, so the next run resumes cleanly.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from govbudget.dataset import code_fingerprint, versions
from govbudget.errors import InputError, UsageError
from govbudget.executors import open_executor
from govbudget.labels import has, label
from govbudget.outputs.report_site import plan, site
from govbudget.outputs.report_site.runner import (
    Job,
    RunResult,
    execute,
    load_manifest,
    make_pool,
    save_manifest,
)
from govbudget.paths import resource

LOG = "run.log"
NOTEBOOKS = resource("notebooks")


class RunLog:
    """Progress lines: appended to ``out/run.log`` with a timestamp and echoed to ``echo``."""

    def __init__(self, out: Path, echo: Callable[[str], None] | None) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / LOG
        self.echo = echo

    def __call__(self, line: str, *, echo: bool = True) -> None:
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(f"{stamp} {line}\n")
        if echo and self.echo:
            self.echo(line)


@contextlib.contextmanager
def run_lock(out: Path) -> Iterator[None]:
    """Hold ``out/.lock`` for the run: a second run into the same folder (an overlapping cron
    job) stops with a usage error instead of mixing its files with the first one's."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "w") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                f"{out}: another govbudget report run is writing here / 另一个报告任务正在写入此目录"
            ) from None
        yield


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While a run is on, SIGTERM (systemd stop, kill) unwinds like Ctrl-C, so the manifest is
    marked 'interrupted' on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop_workers(pool: cf.Executor) -> None:
    """Stop a pool now: cancel what has not started and kill the workers (their kernels follow;
    a half-run notebook's temporary file is swept by the next run). Without this, exiting
    would wait for the notebooks in progress (``ProcessPoolExecutor`` joins its workers)."""
    workers = list(getattr(pool, "_processes", {}).values())  # no public API before 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()


def require_input(data: Path, *, year: int | None, phase: str | None) -> None:
    """Raise (exit 2, before anything is written) when ``data`` holds no workbook, or none of
    ``year``/``phase``: an unattended run never reports success for doing nothing."""
    from govbudget.ingest import read_package
    from govbudget.validate import discover

    workbooks, _ = discover([data])
    if not workbooks:
        raise UsageError(
            f"{data}: 没有输入，未写出任何文件 · no workbooks or PDFs; nothing written"
        )
    if year is None and phase is None:
        return
    for workbook in workbooks:
        try:
            package = read_package(workbook)
        except InputError:
            continue
        if (year is None or package.year == year) and (phase is None or package.phase == phase):
            return
    raise UsageError(
        f"{data}: 没有 {year or ''} {phase or ''} 的工作簿，未写出任何文件 · no workbook of "
        f"{year or ''} {phase or ''}; nothing written"
    )


def run_report(
    data: str | Path,
    out: str | Path = "reports",
    *,
    year: int | None = None,
    phase: str | None = None,
    jobs: int | None = None,
    lang: str = "zh",
    force: bool = False,
    notebooks: str | Path | None = None,
    timeout: float = 600.0,
    echo: Callable[[str], None] | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> RunResult:
    """The whole job: check every workbook, run the notebooks, write the site (see module doc).

    ``executor='dask'`` runs the notebooks on a Dask cluster (``scheduler``, or a local cluster
    of ``jobs`` workers); ``out`` must then be on storage the workers share.
    """
    data, out = Path(data).resolve(), Path(out).resolve()
    notebooks = Path(notebooks).resolve() if notebooks else NOTEBOOKS
    require_input(data, year=year, phase=phase)
    with run_lock(out), _terminate_as_interrupt(), contextlib.ExitStack() as stack:
        started = time.monotonic()
        log = RunLog(out, echo)
        manifest = load_manifest(out)
        plan.sweep_temporaries(out)
        site.install_assets(out)
        code = code_fingerprint()
        manifest.update(
            started=dt.datetime.now().isoformat(timespec="seconds"),
            finished=None,
            status="running",
            data=str(data),
            options={"year": year, "phase": phase, "lang": lang, "jobs": jobs, "force": force},
            versions=versions(),
            code=code,
        )
        result = RunResult(out=out)
        log(f"govbudget report {data} -> {out}")
        pool: cf.Executor
        if executor == "local":
            pool = make_pool(jobs)
        else:
            pool = stack.enter_context(open_executor(executor, jobs or 2, scheduler))
        try:
            inputs = plan.check_inputs(
                data, out, manifest, pool, code, force=force, jobs=jobs, lang=lang, log=log
            )
            manifest["inputs"] = inputs
            save_manifest(out, manifest)
            result.unreadable = [rel for rel, e in inputs.items() if e["status"] != "ok"]
            job_list = plan.plan_jobs(
                inputs, data, notebooks, out / plan.DATASET, year=year, phase=phase, lang=lang
            )
            digests = {plan.input_path(data, rel): e["sha256"] for rel, e in inputs.items()}
            plan.forget_stale(manifest, job_list, digests, out)
            execute(
                job_list,
                out,
                pool=pool,
                manifest=manifest,
                code=code,
                digests=digests,
                force=force,
                timeout=timeout,
                lang=lang,
                log=log,
                result=result,
            )
        except BaseException:
            manifest["status"] = "interrupted"
            save_manifest(out, manifest)
            stop_workers(pool)
            raise
        pool.shutdown(wait=True)
        result.written = site.write_site(out, manifest, lang=lang)
        result.seconds = round(time.monotonic() - started, 3)
        manifest.update(
            status="failed" if result.exit_code else "ok",
            finished=dt.datetime.now().isoformat(timespec="seconds"),
            seconds=result.seconds,
        )
        save_manifest(out, manifest)
        for line in summary(result, lang):
            log(line, echo=False)  # the caller prints the summary where it belongs (stdout)
        return result


def summary(result: RunResult, lang: str = "zh") -> list[str]:
    """The closing lines of a run: counts and what was written where."""
    lines = [
        label(
            "run.done",
            lang,
            ran=len(result.ran),
            skipped=len(result.skipped),
            failed=len(result.failed),
            unreadable=len(result.unreadable),
            seconds=f"{result.seconds:.1f}",
        )
    ]
    for key, path in result.written.items():
        lines.append(f"  {label(f'run.{key}', lang) if has(f'run.{key}') else key}: {path}")
    for name in result.failed:
        lines.append(label("run.failed", lang, path=result.out / f"{name}.ipynb"))
    for rel in result.unreadable:
        lines.append(label("run.unreadable", lang, path=rel))
    return lines


__all__ = [
    "LOG",
    "NOTEBOOKS",
    "Job",
    "RunLog",
    "RunResult",
    "run_lock",
    "run_report",
    "stop_workers",
    "summary",
]
