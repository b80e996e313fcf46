"""A warm Jupyter kernel for batch runs: started once per worker, reset between notebooks.

Starting a kernel and importing pandas, plotly and govbudget costs more than most report
notebooks take to run. :class:`WarmKernel` keeps one kernel alive and, before each notebook,
clears its namespace (``%reset -f``) and moves it to the notebook's folder; imported modules
stay loaded. After a failure, a timeout or ``max_uses`` notebooks the kernel is replaced, so one
notebook's trouble never leaks into the next.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from govbudget.io import atomic_path

_RESET = (
    "get_ipython().run_line_magic('reset', '-f')\nimport os as _os\n_os.chdir({cwd!r})\ndel _os"
)


def kernel_name(notebook: Path) -> str:
    """The kernel a notebook asks for (its ``kernelspec``), ``python3`` if it names none."""
    meta = json.loads(Path(notebook).read_text("utf-8")).get("metadata", {})
    return meta.get("kernelspec", {}).get("name") or "python3"


def describe(error: BaseException) -> str:
    """One line saying what went wrong in a notebook run."""
    ename = getattr(error, "ename", None)
    if ename is not None:  # papermill.PapermillExecutionError
        evalue, count = getattr(error, "evalue", ""), getattr(error, "exec_count", "")
        return f"{ename}: {evalue} (In [{count}])"
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:300]


class WarmKernel:
    """One reusable kernel; :meth:`execute` runs a notebook in it with papermill."""

    def __init__(self, max_uses: int = 25) -> None:
        self.max_uses = max_uses
        self.km: Any = None
        self.name: str | None = None
        self.uses = 0
        self._dir: str | None = None

    def execute(
        self, notebook: Path, target: Path, parameters: dict[str, Any], *, timeout: float
    ) -> tuple[str | None, bool]:
        """Execute ``notebook`` with ``parameters`` into ``target`` (atomically).

        Returns ``(error, written)``: ``error`` is None on success, else one line; ``written``
        says whether ``target`` now holds the (possibly partially) executed notebook.
        """
        import papermill

        notebook = Path(notebook)
        name = kernel_name(notebook)
        error: str | None = None
        try:
            km = self._acquire(name, notebook.parent)
            with atomic_path(target) as tmp:
                try:
                    papermill.execute_notebook(
                        str(notebook), str(tmp), parameters=parameters, kernel_name=name, km=km,
                        progress_bar=False, execution_timeout=timeout, start_timeout=120,
                        request_save_on_cell_execute=False,  # saved at the end or on failure
                    )  # fmt: skip
                except Exception as err:  # any failure is reported; the kernel is replaced
                    error = describe(err)
                    self.close()
                    if not tmp.stat().st_size:
                        raise
        except Exception as err:  # nothing was written
            self.close()
            return error or describe(err), False
        return error, True

    def _acquire(self, name: str, cwd: Path) -> Any:
        from jupyter_client.manager import KernelManager

        stale = self.name != name or self.uses >= self.max_uses
        if self.km is not None and (stale or not self.km.is_alive() or not self._reset(cwd)):
            self.close()
        if self.km is None:
            self._dir = tempfile.mkdtemp(prefix="govbudget-kernel-")
            # IPC sockets in a private folder: no open TCP ports, no ipykernel warning about them
            km = KernelManager(kernel_name=name, transport="ipc", ip=os.path.join(self._dir, "k"))
            km.start_kernel(cwd=str(cwd))
            self.km, self.name, self.uses = km, name, 0
        self.uses += 1
        return self.km

    def _reset(self, cwd: Path) -> bool:
        client = self.km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(
                _RESET.format(cwd=str(cwd)), timeout=60, store_history=False,
                output_hook=lambda msg: None,
            )  # fmt: skip
            return reply["content"]["status"] == "ok"
        except (RuntimeError, TimeoutError):
            return False
        finally:
            client.stop_channels()

    def close(self) -> None:
        """Shut the kernel down (if any) and remove its socket folder."""
        if self.km is not None:
            with contextlib.suppress(Exception):  # best effort: it may already be gone
                self.km.shutdown_kernel(now=True)
            self.km = None
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
