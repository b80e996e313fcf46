"""Run one function over many packages: in this process, in local processes, or on Dask.

Each workbook is one task. ``task(path)`` runs wherever the executor puts it and returns a plain,
picklable value (a :class:`~govbudget.store.Record`, a ``PackageResult``, a report path …); the
caller gets :class:`Result` objects back in input order and does the writing (store, files), so
workers never share a file. A task that raises is reported in its ``Result``; the others go on.
Only a bounded window of tasks is in flight, so results stream: memory does not grow with the
number of packages.

* ``executor='local', jobs=1`` — in this process, one after another;
* ``executor='local', jobs=N`` — a ``ProcessPoolExecutor`` with N fresh (spawned) processes;
* ``executor='dask'`` — a ``dask.distributed`` client: to the scheduler at ``scheduler``
  (``tcp://HOST:PORT``), or to a ``LocalCluster`` of ``jobs`` worker processes when none is given.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import logging
import multiprocessing
import time
import traceback
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from govbudget.errors import GovBudgetError, InputError, UsageError

T = TypeVar("T")
EXECUTORS = ("local", "dask")
#: ``progress(done, total, result)``, called in the caller's process as each package finishes.
Progress = Callable[[int, int, "Result[Any]"], None]


class TaskError(InputError):
    """A task failed with an unexpected exception (a bug, or a worker lost); ``trace`` keeps
    the traceback text from the worker."""

    code = "RUN001"
    message_zh = "处理文件时出错"

    def __init__(self, detail: str, *, file: str | Path | None = None, trace: str = "") -> None:
        super().__init__(detail, file=file)
        self.trace = trace


@dataclass(frozen=True)
class Result(Generic[T]):
    """The outcome of one task: ``value`` when it ran, ``error`` when it failed."""

    index: int
    path: Path
    value: T | None = None
    error: GovBudgetError | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def run_task(task: Callable[[Path], T], index: int, path: Path) -> Result[T]:
    """Run one task and catch its failure (this is what a worker executes)."""
    start = time.perf_counter()
    try:
        value = task(path)
    except GovBudgetError as err:
        return Result(index, path, error=err, seconds=time.perf_counter() - start)
    except Exception as err:
        failure = TaskError(f"{type(err).__name__}: {err}", file=path, trace=traceback.format_exc())
        return Result(index, path, error=failure, seconds=time.perf_counter() - start)
    return Result(index, path, value=value, seconds=time.perf_counter() - start)


def iter_packages(
    paths: Iterable[str | Path],
    task: Callable[[Path], T],
    *,
    executor: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Iterator[Result[T]]:
    """Run ``task`` over ``paths`` and yield one :class:`Result` per path, in input order.

    ``task`` must be picklable for ``jobs > 1`` and Dask: a module-level function, or a
    ``functools.partial`` of one. On a real cluster the paths must be readable by the workers.
    """
    files = [Path(p) for p in paths]
    _validate(executor, jobs, scheduler)
    if executor == "local" and jobs == 1:
        for index, path in enumerate(files):
            result = run_task(task, index, path)
            if progress:
                progress(index + 1, len(files), result)
            yield result
        return
    if not files:
        return
    with _open(executor, jobs, scheduler) as (pool, slots):

        def submit(index: int, path: Path) -> cf.Future[Result[T]]:
            return pool.submit(run_task, task, index, path)

        yield from _ordered(files, submit, 4 * slots, progress)


@contextlib.contextmanager
def open_executor(
    executor: str = "local", jobs: int = 1, scheduler: str | None = None
) -> Iterator[cf.Executor]:
    """A ``concurrent.futures`` executor for the given choice: a process pool of ``jobs``
    spawned processes, or a Dask client's executor (``scheduler``, or a local cluster)."""
    _validate(executor, jobs, scheduler)
    with _open(executor, jobs, scheduler) as (pool, _):
        yield pool


def progress_line(done: int, total: int, result: Result[Any]) -> str:
    """One line of progress for the command line: ``✓ [ 3/12] path (0.25 s)`` or ``✗ [..] path``
    (why an input failed is said once, in the failed-input lines at the end of the run)."""
    count = f"[{done:>{len(str(total))}}/{total}]"
    if result.error is not None:
        return f"✗ {count} {result.path}"
    return f"✓ {count} {result.path} ({result.seconds:.2f} s)"


def _validate(executor: str, jobs: int, scheduler: str | None) -> None:
    if executor not in EXECUTORS:
        raise UsageError(f"未知执行器 · unknown executor {executor!r} (local|dask)")
    if jobs < 1:
        raise UsageError(f"进程数至少为 1 · jobs must be at least 1, got {jobs}")
    if scheduler and executor != "dask":
        raise UsageError("--scheduler 需配合 --executor dask · --scheduler needs --executor dask")


def _ordered(
    files: list[Path],
    submit: Callable[[int, Path], cf.Future],
    window: int,
    progress: Progress | None,
) -> Iterator[Result[Any]]:
    """Keep at most ``window`` tasks between the next result to yield and the last submitted."""
    total = len(files)
    index_of: dict[cf.Future, int] = {}
    ready: dict[int, Result[Any]] = {}
    next_submit = next_yield = done = 0
    while next_yield < total:
        while next_submit < min(total, next_yield + window):
            index_of[submit(next_submit, files[next_submit])] = next_submit
            next_submit += 1
        if next_yield in ready:
            yield ready.pop(next_yield)
            next_yield += 1
            continue
        for future in cf.wait(index_of, return_when=cf.FIRST_COMPLETED).done:
            index = index_of.pop(future)
            try:
                result = future.result()
            except Exception as err:  # the worker was lost, or the result did not arrive
                failure = TaskError(f"{type(err).__name__}: {err}", file=files[index])
                result = Result(index, files[index], error=failure)
            done += 1
            if progress:
                progress(done, total, result)
            ready[index] = result


@contextlib.contextmanager
def _open(executor: str, jobs: int, scheduler: str | None) -> Iterator[tuple[cf.Executor, int]]:
    """The executor and how many tasks it runs at once."""
    if executor == "local":
        context = multiprocessing.get_context("spawn")
        with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            try:
                yield pool, jobs
            finally:
                pool.shutdown(cancel_futures=True)
        return
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as err:
            raise UsageError(f"无法连接调度器 · cannot reach scheduler {scheduler}: {err}") from err
        with client:
            yield _DaskPool(client), sum(client.nthreads().values()) or jobs
        return
    with warnings.catch_warnings():  # another cluster on this machine holds the default port
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR,
        )  # fmt: skip
    with cluster, Client(cluster) as client:
        yield _DaskPool(client), jobs


class _DaskPool(cf.Executor):
    """A Dask client as a ``concurrent.futures`` executor (``shutdown`` can cancel, as a
    process pool's can)."""

    def __init__(self, client: Any) -> None:
        self._inner = client.get_executor(pure=False)
        self._futures: weakref.WeakSet[cf.Future] = weakref.WeakSet()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> cf.Future[T]:
        future = self._inner.submit(fn, *args, **kwargs)
        self._futures.add(future)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures:
            for future in list(self._futures):
                future.cancel()
        self._inner.shutdown(wait=wait)


__all__ = [
    "EXECUTORS",
    "Progress",
    "Result",
    "TaskError",
    "iter_packages",
    "open_executor",
    "progress_line",
    "run_task",
]
