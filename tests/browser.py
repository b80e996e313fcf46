"""Real headless Chromium for the dashboard and static-site tests, and servers to point it at.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright (never ``playwright install``).
Without it the browser tests skip locally but fail when ``CI`` is set: in CI they must run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("GOVBUDGET_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[1]


def require_chromium() -> Path:
    """The Chromium binary; skips the test without one (fails in CI)."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}: browser tests must run in CI")
    pytest.skip(message)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A launched headless Chromium (Playwright ``Browser``)."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(path), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Console:
    """Collects a page's console errors, uncaught exceptions and failed requests."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", self._message)
        page.on("pageerror", lambda err: self.errors.append(f"pageerror: {err}"))
        page.on("requestfailed", self._failed)

    def _failed(self, request) -> None:
        # the dashboard's visitor gate reloads the page once it has set its cookie: the first
        # navigation is aborted by design, not a failed request
        if request.is_navigation_request() and request.failure == "net::ERR_ABORTED":
            return
        self.errors.append(f"requestfailed: {request.url} {request.failure}")

    def _message(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    """Wait until ``url`` answers at all (any HTTP status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def visitor_get(url: str) -> tuple[int, str]:
    """GET the dashboard page as a browser does: the first answer (no visitor cookie yet) is a
    page whose script sets the cookie and reloads; this does the same, then GETs again."""
    import re

    status, body = get(url)
    found = re.search(r'document\.cookie = "([^";]+)', body)
    if status != 200 or found is None:
        return status, body
    request = urllib.request.Request(url, headers={"Cookie": found.group(1)})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def get(url: str) -> tuple[int, str]:
    """Status and body of a GET that does not follow redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


class Server:
    """A server process on a free loopback port, stopped (SIGTERM, then kill) on exit."""

    def __init__(self, argv: list[str], *, port: int, log: Path, env: dict | None = None,
                 cwd: Path = ROOT, ready_path: str = "/", timeout: float = 120) -> None:  # fmt: skip
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self._log = open(log, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            argv, cwd=cwd, env={**os.environ, **(env or {})}, stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            wait_http(self.url + ready_path, timeout, self.process)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")


def dashboard_server(data: Path, log: Path, *, config: Path | None = None,
                     site: Path | None = None, env: dict | None = None) -> Server:  # fmt: skip
    """``govbudget dashboard`` on a free port, ready when its kernel pool is warm."""
    port = free_port()
    argv = [sys.executable, "-m", "govbudget", "dashboard", "--no-browser", "--port", str(port),
            "--data", str(data)]  # fmt: skip
    if config is not None:
        argv += ["--config", str(config)]
    if site is not None:
        argv += ["--site", str(site)]
    server = Server(argv, port=port, log=log, env=env, ready_path="/voila/static/voila.js")
    wait_for_log(server, "is filled with", timeout=120)
    return server


def wait_for_log(server: Server, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text not in server.output():
        if time.monotonic() > deadline or server.process.poll() is not None:
            raise TimeoutError(f"{text!r} not in the server log:\n{server.output()[-3000:]}")
        time.sleep(0.2)


def draw_all_charts(page, timeout: float) -> None:
    """Bring every chart to the middle of the screen in turn, as a reader scrolling down does
    (charts are drawn when they come near it), wait until each is drawn, and go back to the top.

    Scrolling is done by the page's own ``scrollIntoView`` and the waits poll on a timer: neither
    depends on animation frames, which a loaded machine may hold back for seconds.
    """
    count = page.locator(".gb-chart").count()
    for index in range(count):
        page.evaluate(
            "i => document.querySelectorAll('.gb-chart')[i].scrollIntoView({block: 'center'})",
            index,
        )
        page.wait_for_function(
            "i => document.querySelectorAll('.gb-chart')[i].querySelector('.js-plotly-plot')",
            arg=index, timeout=timeout, polling=100,
        )  # fmt: skip
    page.evaluate("() => window.scrollTo(0, 0)")


def overflow(page) -> dict:
    """What does not fit the screen: how far the page and the charts reach past its right edge
    (px; <= 0 fits), boxes that scroll sideways (data tables may), and text that is cut."""
    return page.evaluate(
        """() => ({
        page: document.documentElement.scrollWidth - window.innerWidth,
        charts: Math.max(0, ...[...document.querySelectorAll('.gb-chart, .gb-chart .main-svg')]
            .map(e => e.getBoundingClientRect().right - window.innerWidth)),
        scrolls: [...document.querySelectorAll('body *')]
            .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
                    && e.scrollWidth > e.clientWidth + 1 && !e.closest('.gb-table-wrap'))
            .map(e => e.className.toString()),
        cut: [...document.querySelectorAll('.gb-chart-title, .gb-who, button, .gb-card')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent),
    })"""
    )
