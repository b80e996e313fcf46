"""Executors: in-process, local processes and a real two-worker Dask cluster give equal results."""

from __future__ import annotations

import concurrent.futures as cf
import logging
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from distributed import LocalCluster

from govbudget.errors import InputError, UsageError
from govbudget.executors import (
    Result,
    TaskError,
    iter_packages,
    open_executor,
    progress_line,
)
from govbudget.io import sha256_file
from govbudget.store import Store
from govbudget.validate import validate
from govbudget_dev.sample import generate_province
from govbudget_dev.write import write_package


def _run(paths, task, **options) -> list:
    return list(iter_packages(paths, task, **options))


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A real Dask cluster: two worker processes, one thread each."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR,
        )  # fmt: skip
    with cluster:
        yield cluster.scheduler_address


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    paths = []
    for i in range(12):
        path = tmp_path / f"f{i:02}.txt"
        path.write_text(f"包 {i}\n" * (i + 1), encoding="utf-8")
        paths.append(path)
    return [*paths[:5], tmp_path / "missing.xlsx", *paths[5:]]


def _summary(results: list) -> list[tuple]:
    return [(r.index, r.path.name, r.value, type(r.error).__name__, str(r.error)) for r in results]


@pytest.mark.slow
def test_executors_agree_in_order_and_report_failures(files: list[Path], scheduler: str) -> None:
    seen: list[tuple[int, int]] = []
    local = _run(files, sha256_file, progress=lambda d, t, r: seen.append((d, t)))
    assert seen == [(i, len(files)) for i in range(1, len(files) + 1)]
    assert [r.value for r in local if r.ok] == [sha256_file(p) for p in files if p.exists()]
    failed = [r for r in local if not r.ok]
    assert [r.index for r in failed] == [5]
    assert isinstance(failed[0].error, TaskError)
    assert "FileNotFoundError" in str(failed[0].error) and "missing.xlsx" in str(failed[0].error)
    for options in (
        {"executor": "local", "jobs": 2},
        {"executor": "dask", "scheduler": scheduler},
        {"executor": "dask", "jobs": 2},  # its own LocalCluster
    ):
        done: list[int] = []
        results = _run(files, sha256_file, progress=_collect(done), **options)
        assert _summary(results) == _summary(local), options
        assert sorted(done) == list(range(len(files)))


def _collect(into: list[int]) -> Callable[[int, int, Result], None]:
    return lambda done, total, result: into.append(result.index)


@pytest.mark.slow
def test_results_stream_with_a_bounded_window(tmp_path: Path) -> None:
    paths = []
    for i in range(60):
        paths.append(tmp_path / f"{i}.txt")
        paths[-1].write_text(str(i), encoding="utf-8")
    finished = 0

    def progress(done: int, total: int, result: object) -> None:
        nonlocal finished
        finished = done

    ahead = []
    for result in iter_packages(paths, sha256_file, executor="local", jobs=2, progress=progress):
        ahead.append(finished - result.index)
    assert len(ahead) == 60
    assert max(ahead) <= 4 * 2  # never more than the window finished beyond what was yielded


@pytest.mark.parametrize("jobs", [1, 2])
def test_input_errors_keep_their_details(tmp_path: Path, jobs: int) -> None:
    """An InputError crosses the process boundary with its file, sheet and cell."""
    results = _run([tmp_path / "a.xlsx"], _raise_input_error, jobs=jobs)
    error = results[0].error
    assert type(error) is InputError
    assert (error.file, error.sheet, error.cell) == (str(tmp_path / "a.xlsx"), "表1", "B3")
    assert str(error) == f"{tmp_path / 'a.xlsx'}, sheet '表1', B3: INP000 坏单元格 bad cell"


def _raise_input_error(path: Path) -> None:
    raise InputError("坏单元格 bad cell", file=path, sheet="表1", cell="B3")


@pytest.mark.parametrize(
    "options",
    [
        {"executor": "spark"},
        {"executor": "local", "jobs": 0},
        {"executor": "local", "scheduler": "tcp://127.0.0.1:8786"},
    ],
)
def test_wrong_usage(options: dict, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        _run([tmp_path / "a.xlsx"], sha256_file, **options)
    with pytest.raises(UsageError), open_executor(**options):
        pass


@pytest.mark.slow
def test_open_executor_is_a_concurrent_futures_executor(files: list[Path], scheduler: str) -> None:
    """What the report runner takes as its pool, for either executor."""
    for options in ({"executor": "local", "jobs": 2}, {"executor": "dask", "scheduler": scheduler}):
        with open_executor(**options) as pool:
            futures = [pool.submit(sha256_file, path) for path in files if path.exists()]
            done = [f.result() for f in cf.as_completed(futures)]
            assert sorted(done) == sorted(sha256_file(p) for p in files if p.exists())
            pool.shutdown(wait=False, cancel_futures=True)


def test_empty_input() -> None:
    assert _run([], sha256_file, executor="local", jobs=2) == []


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Eight generated packages (two with documented defects) and one file that is no workbook."""
    folder = tmp_path_factory.mktemp("province")
    samples = generate_province(30)
    chosen = [s for s in samples if s.defects][:2] + [s for s in samples if not s.defects][:6]
    paths = [write_package(s.package, folder / s.filename, s.layout) for s in chosen]
    broken = folder / "2016_budget" / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    return [*paths, broken]


@pytest.mark.slow
def test_ingest_on_dask_equals_local(workbooks: list[Path], scheduler: str, tmp_path: Path) -> None:
    frames = {}
    for name, options in {
        "local": {},
        "local2": {"executor": "local", "jobs": 2},
        "dask": {"executor": "dask", "scheduler": scheduler},
    }.items():
        with Store(tmp_path / f"{name}.duckdb") as store:
            summary = store.ingest(workbooks, batch_size=3, **options)
            assert (summary.packages, len(summary.failures)) == (8, 1)
            assert summary.failures[0].path.name == "broken.xlsx"
            assert summary.failures[0].error.code == "INP001"
            frames[name] = (store.lines(), store.findings(), store.scores(), store.packages())
    local = frames.pop("local")
    assert len(local[0]) > 1000 and len(local[1]) >= 2
    for name, frame in frames.items():
        for mine, theirs in zip(frame[:3], local[:3], strict=True):
            pd.testing.assert_frame_equal(mine, theirs, obj=name)
        ours, base = (f.drop(columns="ingested_at") for f in (frame[3], local[3]))
        pd.testing.assert_frame_equal(ours, base, obj=name)


@pytest.mark.slow
def test_report_on_dask_equals_local(workbooks: list[Path], scheduler: str) -> None:
    local = validate(workbooks)
    pd.testing.assert_frame_equal(local.to_frame(), validate(workbooks, jobs=2).to_frame())
    remote = validate(workbooks, executor="dask", scheduler=scheduler)
    assert [str(e) for e in remote.failures] == [str(e) for e in local.failures]
    assert len(local.failures) == 1 and len(local.results) == 8
    pd.testing.assert_frame_equal(remote.to_frame(), local.to_frame())
    pd.testing.assert_frame_equal(remote.scores(), local.scores())
    assert remote.to_json() == local.to_json()


def test_progress_line(tmp_path: Path) -> None:
    ok = Result(0, tmp_path / "a.xlsx", value=1, seconds=0.25)
    failed = Result(1, tmp_path / "b.xlsx", error=InputError("坏 bad", file=tmp_path / "b.xlsx"))
    assert progress_line(3, 12, ok) == f"✓ [ 3/12] {tmp_path / 'a.xlsx'} (0.25 s)"
    assert progress_line(12, 12, failed) == f"✗ [12/12] {tmp_path / 'b.xlsx'}"
