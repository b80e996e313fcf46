"""The wheel is self-contained: built from the checkout, installed into a fresh virtual
environment in a folder outside the checkout, and used from there — check and ingest on a
shipped example, report on two packages, publish, and the dashboard's first page.

The fresh environment gets govbudget only from the wheel; its third-party dependencies are
borrowed from the test environment through a plain ``.pth`` path (no download, and the
checkout's editable install is not activated there), their Jupyter data files through
``JUPYTER_PATH``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest
from browser import Server, free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


#: The borrowed dependencies' data files (nbconvert and Voilà templates) are in the test
#: environment's ``share/jupyter``, which a wheel's own environment would have of its own.
BORROWED = {"JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
#: nothing of the checkout may leak into the wheel's environment
CLEAN = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def _run(argv: list[str], cwd: Path, code: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=900,
                          check=False, env={**CLEAN, **BORROWED})  # fmt: skip
    assert done.returncode == code, (argv, done.stdout[-2000:], done.stderr[-2000:])
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    dist, source = work / "dist", work / "source"
    # a copy of the checkout without build leftovers (setuptools reuses a stale build/)
    skip = shutil.ignore_patterns(".*", "build", "dist", "*.egg-info", "__pycache__", "data",
                                  "tests", "benchmarks", "docs", "reports", "site")  # fmt: skip
    shutil.copytree(ROOT, source, ignore=skip, symlinks=True)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
          "-w", str(dist), str(source)], cwd=work)  # fmt: skip
    (wheel,) = dist.glob("govbudget-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=work)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
          str(wheel)], cwd=work)  # fmt: skip
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     cwd=work).stdout.strip())  # fmt: skip
    (site / "_borrowed_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv


def test_the_wheel_ships_resources_but_not_the_generators(installed: Path) -> None:
    python = installed / "bin" / "python"
    probe = ("import json, govbudget, importlib.util as u; from govbudget.paths import resource; "
             "print(json.dumps([govbudget.__file__, str(resource('examples')), "
             "u.find_spec('govbudget_dev') is not None]))")  # fmt: skip
    where, examples, dev = json.loads(_run([str(python), "-c", probe], cwd=installed).stdout)
    assert where.startswith(str(installed)) and examples.startswith(str(installed))
    assert not dev  # the development package is not shipped
    for part in (
        "classification/manifest.csv",
        "rules.toml",
        "voila/voila.json",
        "notebooks/department_report.ipynb",
        "voila/templates/govbudget/conf.json",
    ):
        assert (Path(examples).parent / part).is_file(), part


def test_check_ingest_report_publish_and_dashboard_from_the_wheel(
    installed: Path, tmp_path: Path
) -> None:
    bin_ = installed / "bin"
    examples = Path(_run([str(bin_ / "python"), "-c", "from govbudget.paths import resource; "
                          "print(resource('examples'))"], cwd=tmp_path).stdout.strip())  # fmt: skip
    data = tmp_path / "in"
    data.mkdir()
    for name in ("finance_2016_budget.xlsx", "environment_2016_budget_defective.xlsx"):
        shutil.copy(examples / name, data / name)
    home = {
        "GOVBUDGET_HOME": str(tmp_path / "home"),
        "GOVBUDGET_CACHE": str(tmp_path / "cache"),
        **BORROWED,
    }
    govbudget = str(bin_ / "govbudget")
    done = _run([govbudget, "check", str(examples / "finance_2016_budget.xlsx"), "--format",
                 "json"], cwd=tmp_path)  # fmt: skip
    assert json.loads(done.stdout)["summary"]["packages"] == 1
    _run([govbudget, "check", str(data / "environment_2016_budget_defective.xlsx")], tmp_path, 1)
    _run([govbudget, "ingest", str(data), "--output", str(tmp_path / "lines.csv")], tmp_path)
    assert (tmp_path / "lines.csv").stat().st_size > 1000
    done = _run([govbudget, "report", str(data), "--out", str(tmp_path / "reports"), "--jobs",
                 "1"], cwd=tmp_path)  # fmt: skip
    assert (tmp_path / "reports" / "index.html").is_file()
    assert len(list((tmp_path / "reports" / "departments").rglob("*.html"))) == 2
    env = {**CLEAN, **home}
    done = subprocess.run([govbudget, "publish", "--data", str(data), "--out",
                           str(tmp_path / "site")], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=900, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    port = free_port()
    argv = [govbudget, "dashboard", "--no-browser", "--port", str(port), "--data", str(data)]
    server = Server(argv, port=port, log=tmp_path / "dashboard.log", env=home, cwd=tmp_path)
    try:
        with urllib.request.urlopen(server.url + "/", timeout=60) as response:
            page = response.read().decode("utf-8")
            assert response.status == 200 and "<html" in page.lower()
    finally:
        server.stop()
