"""The batch runner: parallel papermill runs in warm kernels, the manifest, skipping, failures.

The notebooks here are small ones the tests write into tmp_path; the real report notebooks on
the sample city are exercised in test_notebooks.py.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
import pytest

from govbudget.errors import UsageError
from govbudget.io import atomic_path, sha256_file
from govbudget.outputs.report_site import plan, runner
from govbudget.outputs.report_site import run as batch

pytestmark = pytest.mark.slow

CHART_CELL = """\
import os, pathlib
import pandas as pd
import plotly.graph_objects as go
from govbudget.charts import Chart
from govbudget.display import show_chart
text = pathlib.Path(source).read_text()
print("worker", os.getppid())
figure = go.Figure(go.Bar(x=["a", "b"], y=[1, len(text)]))
show_chart(Chart(figure, pd.DataFrame({"item": ["a", "b"], "value": [1, len(text)]}), f"chart {label}"))
"""


def write_notebook(path: Path, *cells: str, parameters: str = 'source = ""\nlabel = ""') -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}  # fmt: skip
    notebook.cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    notebook.cells += [nbformat.v4.new_code_cell(cell) for cell in cells]
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def pool():
    with runner.make_pool(2) as executor:
        yield executor


def jobs_for(folder: Path, notebook: Path, names: list[str]) -> list[runner.Job]:
    jobs = []
    for name in names:
        source = folder / f"{name}.txt"
        if not source.exists():
            source.write_text(f"input of {name}")
        jobs.append(runner.Job(name=f"pages/{name}", notebook=notebook, inputs=(source,),
                              parameters={"source": str(source), "label": name},
                              title=f"Page {name}"))  # fmt: skip
    return jobs


def run(jobs, out, pool, code="code-1", **kwargs):
    manifest = runner.load_manifest(out)
    lines: list[str] = []
    result = runner.execute(jobs, out, pool=pool, manifest=manifest, code=code, log=lines.append,
                           **kwargs)  # fmt: skip
    return result, manifest, lines


def test_jobs_run_in_parallel_workers_and_the_manifest_records_them(tmp_path, pool):
    notebook = write_notebook(tmp_path / "chart.ipynb", "import time; time.sleep(0.5)", CHART_CELL)
    out = tmp_path / "out"
    jobs = jobs_for(tmp_path, notebook, ["a", "b", "c", "d"])
    result, manifest, lines = run(jobs, out, pool)

    assert sorted(result.ran) == [j.name for j in jobs] and not result.failed
    assert result.exit_code == 0
    assert len(lines) == 4 and all("pages/" in line for line in lines)
    saved = json.loads((out / "manifest.json").read_text("utf-8"))
    assert saved["notebooks"] == manifest["notebooks"]
    workers = set()
    for job in jobs:
        entry = saved["notebooks"][job.name]
        assert entry["status"] == "ok" and entry["action"] == "run" and entry["reason"] == "new"
        assert entry["parameters"] == job.parameters
        assert entry["inputs"] == {str(job.inputs[0]): sha256_file(job.inputs[0])}
        assert entry["notebook_sha256"] == sha256_file(notebook)
        assert entry["seconds"] > 0 and entry["html_bytes"] < 1_000_000
        executed = nbformat.read(out / entry["ipynb"], as_version=4)
        stdout = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
        workers.add(stdout.split("worker", 1)[1].split()[0])
        page = (out / entry["html"]).read_text("utf-8")
        assert "Plotly.newPlot" in page and f"chart {job.parameters['label']}" in page
        assert "show_chart(" not in page  # code hidden
    assert len(workers) == 2  # two worker processes, each with its own warm kernel


def test_unchanged_jobs_are_skipped_and_the_manifest_says_why_others_ran(tmp_path, pool):
    notebook = write_notebook(tmp_path / "chart.ipynb", CHART_CELL)
    out = tmp_path / "out"
    jobs = jobs_for(tmp_path, notebook, ["a", "b", "c"])
    run(jobs, out, pool)

    result, manifest, lines = run(jobs, out, pool)
    assert sorted(result.skipped) == [j.name for j in jobs] and not result.ran
    assert all(
        e["action"] == "skip" and e["status"] == "ok" for e in manifest["notebooks"].values()
    )
    assert all("skip" in line or "跳过" in line for line in lines)

    (tmp_path / "a.txt").write_text("changed input")
    jobs[1] = runner.Job(**{**jobs[1].__dict__, "parameters": {**jobs[1].parameters, "label": "B"}})
    result, manifest, _ = run(jobs, out, pool)
    reasons = {name: e["reason"] for name, e in manifest["notebooks"].items()}
    assert reasons == {"pages/a": "inputs changed: a.txt", "pages/b": "parameters changed",
                       "pages/c": "unchanged"}  # fmt: skip
    assert sorted(result.ran) == ["pages/a", "pages/b"]

    _, manifest, _ = run(jobs[2:], out, pool, code="code-2")
    assert manifest["notebooks"]["pages/c"]["reason"] == "code changed"
    _, manifest, _ = run(jobs[2:], out, pool, code="code-2", force=True)
    assert manifest["notebooks"]["pages/c"]["reason"] == "forced"


def test_a_failing_notebook_is_kept_reported_and_does_not_stop_the_run(tmp_path, pool):
    good = write_notebook(tmp_path / "good.ipynb", CHART_CELL)
    bad = write_notebook(tmp_path / "bad.ipynb", "print('before the failure')",
                         "raise ValueError('broken on purpose')", "print('never runs')")  # fmt: skip
    out = tmp_path / "out"
    jobs = [*jobs_for(tmp_path, good, ["ok1"]), *jobs_for(tmp_path, bad, ["bad"]),
            *jobs_for(tmp_path, good, ["ok2"])]  # fmt: skip
    result, manifest, lines = run(jobs, out, pool)

    assert result.failed == ["pages/bad"] and sorted(result.ran) == ["pages/ok1", "pages/ok2"]
    assert result.exit_code == 1
    entry = manifest["notebooks"]["pages/bad"]
    assert entry["status"] == "failed" and "ValueError: broken on purpose" in entry["error"]
    assert any("broken on purpose" in line for line in lines)
    kept = nbformat.read(out / "pages/bad.ipynb", as_version=4)
    outputs = [o for c in kept.cells for o in c.get("outputs", [])]
    assert any(o.get("ename") == "ValueError" for o in outputs)
    assert any("before the failure" in o.get("text", "") for o in outputs)
    assert (out / "pages/bad.html").is_file()

    result, manifest, _ = run(jobs, out, pool)  # the failed one runs again, the others skip
    assert result.failed == ["pages/bad"] and sorted(result.skipped) == ["pages/ok1", "pages/ok2"]
    assert manifest["notebooks"]["pages/bad"]["reason"] == "last run failed"


def test_a_warm_kernel_is_reset_between_notebooks(tmp_path):
    first = write_notebook(tmp_path / "first.ipynb", "leak = 42")
    (tmp_path / "sub").mkdir()
    second = write_notebook(
        tmp_path / "sub" / "second.ipynb",
        "assert 'leak' not in globals(), 'namespace not reset'",
        "import os, pathlib; assert pathlib.Path(os.getcwd()).name == 'sub'",
    )
    out = tmp_path / "out"
    jobs = [runner.Job(name="first", notebook=first, parameters={}),
            runner.Job(name="second", notebook=second, parameters={})]  # fmt: skip
    with runner.make_pool(1) as single:
        result, manifest, _ = run(jobs, out, single)
    assert result.ran == ["first", "second"], manifest["notebooks"]["second"].get("error")


def test_leftover_temporaries_are_swept_and_outputs_stay(tmp_path):
    target = tmp_path / "pages" / "a.html"
    target.parent.mkdir()
    target.write_text("kept")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_text("half")
        leftover = tmp.with_name(tmp.name.replace(".a.html.", ".b.html."))
        leftover.write_text("left by a killed run")
        raise KeyboardInterrupt
    assert plan.sweep_temporaries(tmp_path) == [leftover]
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.html"]
    assert target.read_text() == "kept"


def test_a_second_run_into_the_same_folder_is_refused(tmp_path):
    with batch.run_lock(tmp_path), pytest.raises(UsageError), batch.run_lock(tmp_path):
        pass
    with batch.run_lock(tmp_path):  # released again
        pass


def test_stopping_a_run_kills_its_workers_at_once(tmp_path):
    notebook = write_notebook(tmp_path / "slow.ipynb", "import time; time.sleep(120)")
    out = tmp_path / "out"
    pool = runner.make_pool(1)
    future = pool.submit(runner._execute_job, runner.Job("slow", notebook, {}), str(out), 600.0)
    deadline = time.monotonic() + 120
    while not list(out.glob(".slow.ipynb.*")) and time.monotonic() < deadline:
        time.sleep(0.2)  # papermill has started the notebook
    workers = list(pool._processes.values())
    batch.stop_workers(pool)
    for worker in workers:
        worker.join(timeout=10)
        assert not worker.is_alive()
    assert future.exception(timeout=30) is not None  # the pool reports the job as lost
    assert plan.sweep_temporaries(out)  # the half-written notebook is a temporary, swept later
    assert not (out / "slow.ipynb").exists()
