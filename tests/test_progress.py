"""Progress of long steps: lines when not a terminal, a bar on one; publish and report say
how far they are and where they wrote."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govbudget.progress import Progress

ROOT = Path(__file__).resolve().parents[1]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_lines_every_tenth_and_the_last():
    lines: list[str] = []
    progress = Progress("检查工作簿", 25, echo=lines.append)
    for done in range(1, 26):
        progress(done)
    assert lines == [f"检查工作簿 {n:>2}/25" for n in (3, 6, 9, 12, 15, 18, 21, 24, 25)]


def test_a_pipe_gets_lines_a_terminal_a_bar_redrawn_in_place():
    pipe = io.StringIO()
    progress = Progress("pages", 3, stream=pipe)
    for done in (1, 2, 3):
        progress(done, f"f{done}.xlsx")
    assert pipe.getvalue().splitlines() == [
        "pages 1/3 f1.xlsx",
        "pages 2/3 f2.xlsx",
        "pages 3/3 f3.xlsx",
    ]
    terminal = Terminal()
    progress = Progress("pages", 3, stream=terminal)
    for done in (1, 2, 3):
        progress(done)
    text = terminal.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    assert "[" + "#" * 24 + "] 3/3" in text


@pytest.mark.slow
def test_publish_shows_progress_on_stderr_and_ends_with_where_it_wrote(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("finance_2016_budget.xlsx", "health_2016_final.xls"):
        shutil.copy(ROOT / "govbudget" / "resources" / "examples" / name, data)
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "govbudget", "publish", "--data", str(data), "--out", str(site),
         "--jobs", "1"],
        env={**os.environ, "GOVBUDGET_CACHE": str(tmp_path / "cache")},
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    err = done.stderr.splitlines()
    assert "读取并检查 · reading and checking 1/2 finance_2016_budget.xlsx" in err
    assert "读取并检查 · reading and checking 2/2 health_2016_final.xls" in err
    writing = [line for line in err if line.startswith("写出页面 · writing pages")]
    assert len(writing) >= 2 and writing[-1].split()[-1].split("/")[0] == writing[-1].split("/")[-1]
    assert done.stdout.strip().endswith(str((site / "index.html").resolve()))
