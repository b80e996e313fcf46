"""Time and peak memory of a command, measured without the test process's own size.

``os.wait4`` on a child of the test process reports the child's peak RSS *including* the pages it
shared with the (large) pytest process before ``exec``. So the command runs as a grandchild: a
small launcher forks it, waits for it and reports its rusage, which starts from the launcher's
few MB.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

_LAUNCHER = r"""
import json, os, sys, time
start = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump([os.waitstatus_to_exitcode(status), time.monotonic() - start, usage.ru_maxrss], out)
"""


def measured(
    argv: list[str], *, timeout: float, stdout: IO | int | None = None,
    stderr: IO | int | None = None,
) -> tuple[int, float, int]:  # fmt: skip
    """Run ``argv``: (exit code, seconds, peak RSS in KiB); exit code -9 when killed at
    ``timeout``."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "rusage.json"
        process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(result), *argv], stdout=stdout, stderr=stderr,
            start_new_session=True,
        )  # fmt: skip
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return -9, timeout, 0
        code, seconds, peak = json.loads(result.read_text())
        return int(code), float(seconds), int(peak)
