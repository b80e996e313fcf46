"""Nothing lost: no command writes an input file, and every output is complete or absent.

One data folder (``tests/bad_inputs/pipeline.py``) goes through ``ingest`` (CSV, Parquet),
``check --feedback`` (CSV, JSON), ``report`` (killed once mid-run, then run to the end) and
``publish``; the SHA-256 of every input file is taken before and after each command.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_inputs.pipeline import PipelineRun, pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    return pipeline(tmp_path_factory)


def test_no_command_writes_an_input_file(run: PipelineRun) -> None:
    (_, before), *after = run.checksums
    assert len(before) == 3
    for command, sums in after:
        assert sums == before, f"{command} changed the input folder"
    assert [c for c, _ in after] == [
        "ingest csv", "ingest parquet", "check --feedback", "check json", "report (killed)",
        "report", "publish",
    ]  # fmt: skip


def test_every_command_finished(run: PipelineRun) -> None:
    assert run.exit_codes == {
        "ingest csv": 0, "ingest parquet": 0, "check --feedback": 0, "check json": 0,
        "publish": 0,
    }  # fmt: skip
    assert run.reports[-1].returncode == 0, run.reports[-1].stderr


def _leftovers(folder: Path) -> list[str]:
    """Hidden files and folders (atomic-write temporaries, staging folders) under ``folder``."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob(".*")
        if p.name not in (".lock", ".govbudget-site")
    )


@pytest.mark.parametrize(
    "output", ["lines.csv", "lines.parquet", "check.csv", "check.json", "feedback", "site"]
)
def test_finished_outputs_are_whole_and_leave_no_temporaries(run: PipelineRun, output: str):
    path = run.out / output
    assert path.exists()
    if path.is_dir():
        assert not _leftovers(path)
    assert not [p.name for p in run.out.iterdir() if p.name.startswith(f".{output}.")]
    assert len(list((run.out / "feedback").rglob("*.feedback.xlsx"))) == 3


def test_the_finished_report_leaves_no_temporaries(run: PipelineRun) -> None:
    report = run.out / "report"
    assert not _leftovers(report)
    assert all(run.reports[-1].files.values())
