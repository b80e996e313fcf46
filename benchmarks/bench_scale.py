"""Scale: ingest + check a synthetic province into the archive, on each executor; query it.

Inputs: ``generate_province(N)`` written once as N distinct workbooks (every package its own
department/year/phase, nothing replicated) into ``benchmarks/out/province-<hash>/`` — the hash
covers the generator and writer sources, so a change regenerates them. Generation runs in a
child process (two forked writers) and is not timed.

For 1,000 and 10,000 packages (quick mode: 100 and 300) the whole ``Store.ingest`` — read,
check, stream results into a fresh DuckDB archive — is timed with the local executor (1 and 2
processes) and a 2-worker Dask ``LocalCluster``; peak memory is the largest sum of the RSS of
this process and all its descendants, sampled every 50 ms. Seconds per package at both sizes
show how time grows. The dashboard's queries are timed on the largest archive: the first call
on a freshly opened store, and the median of 20 calls after it.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import importlib
import multiprocessing
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

import psutil

from govbudget.io import write_text
from govbudget.store import Store

OUT = Path(__file__).parent / "out"
SIZES = {False: (1000, 10_000), True: (100, 300)}
EXECUTORS = (
    ("local, 1 process", {"executor": "local", "jobs": 1}),
    ("local, 2 processes", {"executor": "local", "jobs": 2}),
    ("dask LocalCluster, 2 workers", {"executor": "dask", "jobs": 2}),
)
_GENERATOR = ("govbudget_dev.sample", "govbudget_dev.write", "govbudget.catalogue")


def _fingerprint() -> str:
    """Hash of the generator's, writer's and catalogue's sources (a change regenerates)."""
    digest = hashlib.sha256()
    for name in _GENERATOR:
        source = Path(importlib.import_module(name).__file__ or "")
        files = sorted(source.parent.rglob("*.py")) if source.name == "__init__.py" else [source]
        for file in files:
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


_SAMPLES: list = []  # generate_province's output, shared with the forked writers


def _write_range(folder: Path, start: int, stop: int) -> None:
    from govbudget_dev.write import write_package

    for sample in _SAMPLES[start:stop]:
        write_package(sample.package, folder / sample.filename, sample.layout)


def _generate(folder: Path, count: int) -> None:
    """Write ``count`` province workbooks and ``files.txt`` (their order) into ``folder``."""
    from govbudget_dev.sample import generate_province

    _SAMPLES[:] = generate_province(count)
    step = 250
    with cf.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        jobs = [pool.submit(_write_range, folder, i, i + step) for i in range(0, count, step)]
        for job in jobs:
            job.result()
    write_text(folder / "files.txt", "\n".join(s.filename for s in _SAMPLES) + "\n")


def workbooks(count: int) -> list[Path]:
    """The first ``count`` workbooks of the province, generated once and cached."""
    folder = OUT / f"province-{_fingerprint()}"
    listing = folder / "files.txt"
    if not listing.is_file() or len(listing.read_text(encoding="utf-8").split()) < count:
        OUT.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=".province-", dir=OUT))
        child = multiprocessing.get_context("spawn").Process(target=_generate, args=(fresh, count))
        child.start()
        child.join()
        if child.exitcode != 0:
            shutil.rmtree(fresh)
            raise RuntimeError(f"generating {count} workbooks failed ({child.exitcode})")
        for old in OUT.glob("province-*"):  # stale generator versions, or fewer workbooks
            shutil.rmtree(old)
        os.replace(fresh, folder)
    names = listing.read_text(encoding="utf-8").split()[:count]
    return [folder / name for name in names]


class PeakMemory:
    """Largest RSS of this process plus all its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _ingest(files: list[Path], store: Path, options: dict) -> tuple[float, float, int]:
    """Seconds, peak MB and packages stored for one ingest into a fresh archive."""
    store.unlink(missing_ok=True)
    with PeakMemory() as memory:
        started = time.perf_counter()
        with Store(store) as archive:
            summary = archive.ingest(files, **options)
        seconds = time.perf_counter() - started
    if summary.failures:
        raise RuntimeError(f"{len(summary.failures)} packages failed: {summary.failures[0].error}")
    return seconds, memory.peak / 2**20, summary.packages


def _query_times(store: Path) -> list[tuple[str, float, float]]:
    """(query, first call ms, median ms of 20 more) for the dashboard's queries."""
    timings = []
    with Store(store, read_only=True) as archive:
        index = archive.packages()
        department = index["department"].value_counts().index[0]
        year, phase = int(index["year"].max()), "budget"
        queries = {
            "a department's years (department_years)": lambda: archive.department_years(department),
            "the city's totals by function (city_totals)": lambda: archive.city_totals(year, phase),
            "scores of a year (scores)": lambda: archive.scores(year=year),
        }
        for name, query in queries.items():
            started = time.perf_counter()
            assert len(query()) > 0
            first = (time.perf_counter() - started) * 1000
            runs = []
            for _ in range(20):
                started = time.perf_counter()
                query()
                runs.append((time.perf_counter() - started) * 1000)
            timings.append((name, first, statistics.median(runs)))
    return timings


def run(quick: bool) -> list[dict]:
    small, large = SIZES[quick]
    files = workbooks(large)
    rows: list[dict] = []

    def row(benchmark: str, metric: str, value: float, unit: str, target: str = "") -> None:
        rows.append({"benchmark": benchmark, "metric": metric, "value": value, "unit": unit,
                     "target": target})  # fmt: skip

    largest = OUT / f"scale-{large}.duckdb"
    for label, options in EXECUTORS:
        per_package = {}
        totals = {}
        for count in (small, large):
            store = OUT / f"scale-{count}-{options['executor']}{options['jobs']}.duckdb"
            seconds, peak, stored = _ingest(files[:count], store, options)
            assert stored == count, (stored, count)
            per_package[count] = seconds / count
            totals[count] = seconds
            name = f"ingest+check {count:,} packages"
            target = "< 600 s" if count == 10_000 else ""
            row(name, f"{label}: wall time", round(seconds, 1), "s", target)
            row(name, f"{label}: time per package", round(per_package[count] * 1000, 1), "ms")
            row(name, f"{label}: peak memory (process tree)", round(peak), "MB", "< 4096 MB")
            if count == large and options["jobs"] == 2 and options["executor"] == "local":
                shutil.copyfile(store, largest)
            store.unlink()
        growth = per_package[large] / per_package[small]
        marginal = (totals[large] - totals[small]) / (large - small)
        name = f"growth {small:,} → {large:,}"
        row(name, f"{label}: time per package, ratio", round(growth, 2), "×", "≈ 1 (linear)")
        row(name, f"{label}: marginal time per package", round(marginal * 1000, 1), "ms")
    name = f"archive of {large:,} packages"
    row(name, "file size", round(largest.stat().st_size / 2**20, 1), "MB")
    with Store(largest, read_only=True) as archive:
        row(name, "tidy lines", archive.info()["lines"], "lines")
    for query, first, median in _query_times(largest):
        name = f"query on {large:,} packages"
        row(name, f"{query}: first call", round(first, 1), "ms", "< 100 ms")
        row(name, f"{query}: median of 20", round(median, 1), "ms", "< 100 ms")
    largest.unlink()
    return rows
