"""An interrupted ``govbudget report`` leaves no half-written file and resumes cleanly.

The run of ``tests/bad_inputs/pipeline.py`` starts ``govbudget report --jobs 1`` on a small
data folder and kills it — SIGKILL to its whole process group (workers and kernels too), as a
power cut or the OOM killer would — as soon as its first notebook is done; then runs it again.
"""

from __future__ import annotations

import re

import pytest
from bad_inputs.pipeline import PipelineRun, pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    return pipeline(tmp_path_factory)


def test_the_killed_run_left_only_whole_files(run: PipelineRun) -> None:
    killed = run.reports[0]
    assert killed.killed and killed.returncode == -9
    broken = [name for name, whole in killed.files.items() if not whole]
    assert not broken, f"half-written files with final names: {broken}"
    done = [n for n in killed.files if n.startswith("departments/") and n.endswith(".html")]
    assert len(done) >= 1, killed.files


def test_the_next_run_resumes_and_skips_what_was_done(run: PipelineRun) -> None:
    killed, again = run.reports
    assert again.returncode == 0, again.stderr
    first = re.search(r"\[1/\d+\] 完成\s+(\S+)", killed.log)
    assert first, killed.log
    assert re.search(rf"跳过\s+{re.escape(first.group(1))}", again.log), again.log
    assert "失败 0 个" in again.log
    pages = [n for n in again.files if n.endswith(".html")]
    assert {"index.html", "overview/2016_budget.html"} <= set(pages)
    assert len([p for p in pages if p.startswith("departments/")]) == 3
    assert all(again.files.values())
