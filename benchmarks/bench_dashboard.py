"""The public dashboard under load, on loopback only, with bounded loops.

* time to first chart: from ``page.goto`` to the first drawn plotly chart in headless Chromium,
  with Voilà's preheated kernel pool (the committed ``voila.json``) and without it;
* memory per concurrent visitor: 10 visitors (Chromium pages, opened in turn, all open at
  once); each visitor's kernel (RSS and PSS), the server's RSS, and the growth of the server's
  process tree (server + kernels), as PSS (shared library pages split fairly) and RSS, divided
  by 10; before them, 20 plain-HTTP GETs (no script) must start no kernel;
* the static site (``govbudget publish``) served by ``python -m http.server``: 100 concurrent
  requests for pages, CSVs and plotly.js; latency and errors.

Data: the sample city (``govbudget_dev.sample.write_sample``), prepared once into a temp cache.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

from govbudget.dataset import Dataset
from govbudget.outputs.dashboard import Dashboard, Selection, load, page_path, prepare
from govbudget.outputs.dashboard.serve import CONFIG
from govbudget.outputs.static_site import publish_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
FIRST_CHART_TARGET = 3.0
SWITCH_TARGET = 1.0
MEMORY_TARGET = 150.0
VISITORS = 10
FLOOD = 20
CONCURRENT = 100


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.2)


class _Dashboard:
    """``govbudget dashboard`` with given settings, in its own process group."""

    def __init__(self, data: Path, cache: Path, settings: dict, log: Path) -> None:
        config = log.with_suffix(".json")
        config.write_text(json.dumps(settings), "utf-8")
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        env = {**os.environ, "GOVBUDGET_CACHE": str(cache)}
        argv = [sys.executable, "-m", "govbudget", "dashboard", "--no-browser", "--port",
                str(self.port), "--data", str(data), "--config", str(config)]  # fmt: skip
        with open(log, "wb") as out:
            self.process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)  # fmt: skip
        _wait(self._up, 120, "dashboard did not start")

    def _up(self) -> bool:
        try:
            urllib.request.urlopen(self.url + "voila/static/voila.js", timeout=2).close()
            return True
        except OSError:
            return False

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def tree(self) -> list[psutil.Process]:
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def memory(self) -> tuple[float, float, int]:
        """(PSS MB, RSS MB, kernel processes) of the server and its kernels."""
        pss = rss = 0
        procs = self.tree()
        for proc in procs:
            try:
                info = proc.memory_full_info()
            except psutil.Error:  # a kernel that just ended
                continue
            pss, rss = pss + info.pss, rss + info.rss
        return pss / 2**20, rss / 2**20, len(procs) - 1

    def kernels(self) -> dict[int, tuple[float, float]]:
        """Kernel process id -> (PSS MB, RSS MB)."""
        found = {}
        for proc in self.tree()[1:]:
            try:
                if "ipykernel_launcher" in " ".join(proc.cmdline()):
                    info = proc.memory_full_info()
                    found[proc.pid] = (info.pss / 2**20, info.rss / 2**20)
            except psutil.Error:  # a kernel that just ended
                continue
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def _first_chart(browser, url: str) -> float:
    page = browser.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=120_000)
    page.wait_for_selector(".js-plotly-plot", timeout=120_000)
    elapsed = time.perf_counter() - start
    page.close(run_before_unload=True)
    return elapsed


def _first_chart_rows(browser, data: Path, cache: Path, work: Path, runs: int) -> list[dict]:
    rows = []
    base = json.loads(CONFIG.read_text("utf-8"))
    for pooled in (True, False):
        settings = json.loads(json.dumps(base))
        settings["VoilaConfiguration"]["preheat_kernel"] = pooled
        server = _Dashboard(data, cache, settings, work / f"first-{pooled}.log")
        try:
            times = []
            for run in range(runs + 1):  # the first visit warms the OS caches: not counted
                if pooled:  # a pooled kernel, refilled and past running the notebook
                    _wait(lambda s=server, n=run + 1: s.output().count("is filled with") >= n,
                          120, "pool not refilled")  # fmt: skip
                    time.sleep(6)
                else:
                    time.sleep(3)
                elapsed = _first_chart(browser, server.url)
                if run:
                    times.append(elapsed)
        finally:
            server.stop()
        name = "with kernel pool" if pooled else "without kernel pool"
        rows.append({"benchmark": "dashboard first chart", "metric": f"{name}, median of {runs}",
                     "value": round(statistics.median(times), 2), "unit": "s",
                     "target": f"< {FIRST_CHART_TARGET}" if pooled else ""})  # fmt: skip
    return rows


def _switch_rows(browser, data: Path, cache: Path, work: Path, runs: int) -> list[dict]:
    """Department switch in the browser: from choosing a department to its headline and first
    chart drawn; and the kernel's share of it (building the view), in-process."""
    server = _Dashboard(data, cache, json.loads(CONFIG.read_text("utf-8")), work / "switch.log")
    try:
        _wait(lambda: "is filled with" in server.output(), 120, "pool not filled")
        time.sleep(6)
        page = browser.new_page()
        page.goto(server.url, timeout=120_000)
        page.wait_for_selector(".js-plotly-plot", timeout=120_000)
        names = page.eval_on_selector_all(
            ".gb-department select option", "os => os.map(o => o.text)"
        )
        times = []
        for name in names[1 : runs + 2]:
            start = time.perf_counter()
            page.select_option(".gb-department select", label=name)
            page.wait_for_function(
                "n => document.querySelector('.gb-who').textContent.startsWith(n)"
                " && document.querySelector('.gb-charts .js-plotly-plot')",
                arg=name, timeout=60_000,
            )  # fmt: skip
            times.append(time.perf_counter() - start)
        page.close()
    finally:
        server.stop()
    board = Dashboard(load(prepare(data, cache=cache).folder))
    board.view(Selection(board.departments[0]))
    views = []
    for department in board.departments[1 : runs + 2]:
        start = time.perf_counter()
        board.view(Selection(department))
        views.append(time.perf_counter() - start)
    return [
        {"benchmark": "dashboard department switch", "metric": f"in Chromium, median of {len(times)}",
         "value": round(statistics.median(times[1:] or times), 2), "unit": "s",
         "target": f"< {SWITCH_TARGET}"},
        {"benchmark": "dashboard department switch", "metric": "building the view (kernel side)",
         "value": round(statistics.median(views), 3), "unit": "s", "target": ""},
    ]  # fmt: skip


def _memory_rows(browser, data: Path, cache: Path, work: Path) -> list[dict]:
    settings = json.loads(CONFIG.read_text("utf-8"))
    settings["CappedKernelManager"]["max_kernels"] = VISITORS + 2
    server = _Dashboard(data, cache, settings, work / "memory.log")
    try:
        _wait(lambda: "is filled with" in server.output(), 120, "pool not filled")
        time.sleep(8)
        pss0, rss0, kernels0 = server.memory()
        pooled = set(server.kernels())
        for _ in range(FLOOD):  # plain HTTP (no script, no cookie): must cost no kernel
            urllib.request.urlopen(server.url, timeout=30).close()
        flood_kernels = len(server.kernels())
        contexts = [browser.new_context() for _ in range(VISITORS)]  # 10 separate visitors
        pages = [context.new_page() for context in contexts]
        for page in pages:  # one after the other (the pool serves them in turn); all stay open
            page.goto(server.url, timeout=300_000, wait_until="commit")
            page.wait_for_selector(".js-plotly-plot", timeout=300_000)
        time.sleep(8)  # the pool refills: measure with it full, as before
        pss1, rss1, kernels1 = server.memory()
        visitors = [m for pid, m in server.kernels().items() if pid not in pooled]
        server_rss = psutil.Process(server.process.pid).memory_info().rss / 2**20
        for context in contexts:
            context.close()
    finally:
        server.stop()
    per = [(pss1 - pss0) / VISITORS, (rss1 - rss0) / VISITORS]
    kernel_pss = [m[0] for m in visitors] or [0.0]
    kernel_rss = [m[1] for m in visitors] or [0.0]
    return [
        {"benchmark": "dashboard memory", "metric": "one visitor's kernel (RSS, mean)",
         "value": round(statistics.mean(kernel_rss), 1), "unit": "MB",
         "target": f"< {MEMORY_TARGET}"},
        {"benchmark": "dashboard memory", "metric": "one visitor's kernel (RSS, largest)",
         "value": round(max(kernel_rss), 1), "unit": "MB", "target": ""},
        {"benchmark": "dashboard memory", "metric": "one visitor's kernel (PSS, mean)",
         "value": round(statistics.mean(kernel_pss), 1), "unit": "MB", "target": ""},
        {"benchmark": "dashboard memory", "metric": f"server with {VISITORS} visitors (RSS)",
         "value": round(server_rss, 1), "unit": "MB", "target": ""},
        {"benchmark": "dashboard memory", "metric": f"kernels after {FLOOD} plain-HTTP GETs",
         "value": flood_kernels, "unit": "processes", "target": f"{len(pooled)}"},
        {"benchmark": "dashboard memory", "metric": f"per visitor, {VISITORS} at once (PSS)",
         "value": round(per[0], 1), "unit": "MB", "target": f"< {MEMORY_TARGET}"},
        {"benchmark": "dashboard memory", "metric": f"per visitor, {VISITORS} at once (RSS)",
         "value": round(per[1], 1), "unit": "MB", "target": ""},
        {"benchmark": "dashboard memory", "metric": "server + warm pool, no visitor (PSS)",
         "value": round(pss0, 1), "unit": "MB", "target": ""},
        {"benchmark": "dashboard memory", "metric": f"kernels with {VISITORS} visitors",
         "value": kernels1, "unit": "processes", "target": f"{kernels0} + {VISITORS}"},
    ]  # fmt: skip


#: ``python -m http.server`` with a listen backlog of 128 instead of socketserver's 5.
_BACKLOG_SERVER = (
    "import functools, http.server as h, sys; h.ThreadingHTTPServer.request_queue_size = 128; "
    "h.test(HandlerClass=functools.partial(h.SimpleHTTPRequestHandler, directory=sys.argv[2]), "
    "ServerClass=h.ThreadingHTTPServer, port=int(sys.argv[1]), bind='127.0.0.1')"
)


def _load(site: Path, paths: list[str], rounds: int, backlog: bool) -> list[dict]:
    """``rounds`` × 100 requests, 100 at a time, against one server process."""
    port = _port()
    argv = ([sys.executable, "-c", _BACKLOG_SERVER, str(port), str(site)] if backlog else
            [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port), "--directory",
             str(site)])  # fmt: skip
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"

    def fetch(path: str) -> tuple[float, bool]:
        begin = time.perf_counter()
        try:
            with urllib.request.urlopen(url + path, timeout=60) as response:
                ok = response.status == 200 and len(response.read()) > 0
        except OSError:
            ok = False
        return time.perf_counter() - begin, ok

    try:
        _wait(lambda: fetch("index.html")[1], 30, "http.server did not start")
        requests = [paths[i % len(paths)] for i in range(CONCURRENT * rounds)]
        begin = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
            results = list(pool.map(fetch, requests))
        wall = time.perf_counter() - begin
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    latencies = sorted(t for t, _ in results)
    name = "http.server, listen backlog 128" if backlog else "python -m http.server"
    what = f"{name}: {len(results)} requests, {CONCURRENT} concurrent"
    return [
        {"benchmark": "static site", "metric": f"{what}: p50 / p95 / max latency",
         "value": " / ".join(f"{latencies[i] * 1000:.0f}" for i in
                             (len(latencies) // 2, int(len(latencies) * 0.95), -1)),
         "unit": "ms", "target": ""},
        {"benchmark": "static site", "metric": f"{name}: throughput",
         "value": round(len(results) / wall), "unit": "requests/s", "target": ""},
        {"benchmark": "static site", "metric": f"{name}: failed requests",
         "value": sum(1 for _, ok in results if not ok), "unit": "requests", "target": "0"},
    ]  # fmt: skip


def _static_rows(dataset: Path, work: Path, rounds: int) -> list[dict]:
    site = work / "site"
    start = time.perf_counter()
    pages = publish_site(dataset, site, jobs=os.cpu_count() or 1)
    publish_time = time.perf_counter() - start
    board = Dashboard(load(dataset))
    paths = [page_path(Selection(d, y, p, lang), board.slugs)
             for lang in ("zh", "en") for d in [None, *board.departments]
             for y in board.years(d) for p in board.phases(d, y)]  # fmt: skip
    paths += ["index.html", "assets/plotly.min.js", "assets/site.css"]
    return [
        {"benchmark": "static site", "metric": f"publish ({pages} pages, {os.cpu_count()} processes)",
         "value": round(publish_time, 1), "unit": "s", "target": ""},
        *_load(site, paths, rounds, backlog=False),
        *_load(site, paths, rounds, backlog=True),
    ]  # fmt: skip


def _first_departments(dataset: Path, folder: Path, count: int) -> Path:
    """A smaller dataset: the first ``count`` departments (quick mode's static site)."""
    data = load(dataset)
    keep = set(Dashboard(data).departments[:count])
    frames = [f[f["department"].isin(keep)] for f in (data.lines, data.findings, data.scores)]
    return Dataset(*frames, data.failed).save(folder)


def run(quick: bool) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from govbudget_dev.sample import write_sample

    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        work = Path(tmp)
        data = work / "sample"
        write_sample(data)
        cache = work / "cache"
        dataset = prepare(data, cache=cache).folder
        site_data = _first_departments(dataset, work / "quick", 6) if quick else dataset
        rows = _static_rows(site_data, work, rounds=1 if quick else 5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                rows = (
                    _first_chart_rows(browser, data, cache, work, 2 if quick else 5)
                    + _switch_rows(browser, data, cache, work, 3 if quick else 6)
                    + _memory_rows(browser, data, cache, work)
                    + rows
                )
            finally:
                browser.close()
    return rows
