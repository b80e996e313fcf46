"""Serving the dashboard to the public: a Voilà server with govbudget's hardening (SECURITY.md).

:func:`run` starts :class:`DashboardServer` — Voilà's app with these additions:

* a kernel cap (:class:`CappedKernelManager`, ``max_kernels`` in ``voila.json``): beyond it a
  visitor gets a polite "busy" page (HTTP 503) instead of a new kernel (about 60 MB);
* bounded visitors (``govbudget.outputs.dashboard.visitors``): no kernel for a client that runs no script, a
  kernel freed when its page leaves or never connects, only the page's own widget messages
  passed to it, and ``/logout`` not served;
* the views computed in the server from one shared dataset (``govbudget.outputs.dashboard.service``:
  ``/govbudget/view`` for the kernels, the CSV downloads), so a kernel stays small;
* the ``govbudget`` page template (``govbudget/resources/voila/templates/govbudget``): no request to any
  third-party host, plotly.js loaded once from ``/govbudget/static/plotly.min.js``;
* optionally a published static site (``govbudget publish``) served read-only under ``/site/``.

Everything else — tracebacks hidden, no file browser, the kernel pool, culling — is plain Voilà
configuration in the committed ``voila.json``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import importlib.resources
import json
import os
import re
import time
from pathlib import Path

import tornado.web
from jupyter_core.paths import jupyter_path
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import url_path_join
from traitlets import Float, Int, default
from traitlets.config import Config
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from govbudget.outputs.dashboard.common import ENV_DATA, ENV_DATA_URL, ENV_SITE, ENV_VIEW_URL
from govbudget.outputs.dashboard.service import CsvHandler, ViewHandler
from govbudget.outputs.dashboard.visitors import (
    VISITOR_COOKIE,
    GuardedConnection,
    VisitorWebsocketHandler,
    gate_page,
)
from govbudget.paths import resource

#: The dashboard notebook and its Voilà configuration (shipped resources).
NOTEBOOK = resource("notebooks", "dashboard.ipynb")
CONFIG = resource("voila", "voila.json")
#: Where the server answers the CSV downloads: this + ``csv_path`` (``data/…csv``).
DOWNLOADS = "/govbudget/"
#: Jupyter data directory holding the ``govbudget`` Voilà template.
SHARE = resource()

_BUSY = {
    "zh": ("访问人数较多", "当前访问人数较多，请稍后刷新页面再试。", "先看静态版本"),
    "en": (
        "Too many visitors",
        "The dashboard is busy right now. Please reload the page in a minute.",
        "Read the static version meanwhile",
    ),
}


class CappedKernelManager(AsyncMappingKernelManager):
    """Kernel manager that never runs more than ``max_kernels`` kernels (pooled ones included).

    A visitor's kernel start beyond the cap raises HTTP 503; a start that refills Voilà's
    preheated pool waits for a free slot instead, so the pool recovers after a busy spell.
    """

    max_kernels = Int(
        12,
        config=True,
        help="Most kernels alive at once, pooled kernels included (about 60 MB each).",
    )

    connect_timeout = Float(
        60.0, config=True, help="Seconds a visitor's page has, once sent, to connect its kernel."
    )
    reconnect_grace = Float(
        5.0, config=True, help="Seconds a kernel outlives its page's last websocket."
    )

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._starting = 0
        self._closing = False
        self._given: dict[str, float] = {}  # visitor kernel -> when it was handed out
        self._sockets: dict[str, int] = {}  # visitor kernel -> open websockets
        self._left: dict[str, float] = {}  # visitor kernel -> when its last websocket closed
        self._reaper: asyncio.Task | None = None

    def given(self, kernel_ids: set[str]) -> None:
        """These kernels were just handed to a visitor's page (sent): from now on it has
        ``connect_timeout`` seconds to connect."""
        now = time.monotonic()
        for kernel_id in kernel_ids:
            self._given.setdefault(kernel_id, now)
        if self._reaper is None:
            self._reaper = asyncio.ensure_future(self._reap_forever())

    def visitor_connected(self, kernel_id: str) -> None:
        self._sockets[kernel_id] = self._sockets.get(kernel_id, 0) + 1
        self._left.pop(kernel_id, None)

    def visitor_left(self, kernel_id: str) -> None:
        self._sockets[kernel_id] = max(0, self._sockets.get(kernel_id, 0) - 1)
        if not self._sockets[kernel_id]:
            self._left[kernel_id] = time.monotonic()

    def to_free(self, now: float) -> list[str]:
        """Visitor kernels whose page never connected in time, or left and did not return."""
        alive = set(self.list_kernel_ids())
        for book in (self._given, self._sockets, self._left):
            for kernel_id in [k for k in book if k not in alive]:
                del book[kernel_id]
        return [
            kernel_id
            for kernel_id, since in self._given.items()
            if (kernel_id not in self._sockets and now - since > self.connect_timeout)
            or (kernel_id in self._left and now - self._left[kernel_id] > self.reconnect_grace)
        ]

    async def _reap_forever(self) -> None:
        while not self._closing:
            await asyncio.sleep(1.0)
            for kernel_id in self.to_free(time.monotonic()):
                self.log.info("Visitor gone: freeing kernel %s", kernel_id)
                self._given.pop(kernel_id, None)
                with contextlib.suppress(Exception):  # already gone
                    await self.shutdown_kernel(kernel_id)

    def kernel_count(self) -> int:
        """Kernels running or starting."""
        return len(self.list_kernel_ids()) + self._starting

    def is_full(self) -> bool:
        """True when a new visitor can get neither a ready pooled kernel nor a new one."""
        if self.kernel_count() < self.max_kernels:
            return False
        pools = getattr(self, "_pools", {})  # Voilà's preheated pool, when enabled
        return not any(_ready(task) for pool in pools.values() for task in pool)

    def touch_pooled(self) -> None:
        """Restart the idle clock of the ready pooled kernels: the one a visitor is about to get
        must not be culled (for having waited in the pool) before the browser connects."""
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if _ready(task) and task.result()["kernel_id"] in self:
                    kernel = self.get_kernel(task.result()["kernel_id"])
                    kernel.last_activity = dt.datetime.now(dt.UTC)  # type: ignore[attr-defined]

    async def start_kernel(  # type: ignore[override]
        self, *, kernel_id: str | None = None, path=None, **kwargs
    ) -> str:
        pooled = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        while self.kernel_count() >= self.max_kernels:
            if not pooled or self._closing:
                raise tornado.web.HTTPError(503, reason="Busy")
            await asyncio.sleep(0.5)
        self._starting += 1
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._starting -= 1

    async def shutdown_all(self, *args, **kwargs) -> None:  # type: ignore[override]
        self._closing = True
        if self._reaper is not None:
            self._reaper.cancel()
        await super().shutdown_all(*args, **kwargs)


_KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')


def _ready(task: asyncio.Future) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None


class DashboardHandler(TornadoVoilaHandler):
    """Voilà's page handler, answering "busy" (503) instead of starting a kernel over the cap,
    and giving the page the XSRF cookie it needs to shut its kernel down when the visitor leaves."""

    async def get(self, path: str | None = None) -> None:
        manager = self.kernel_manager
        if not path and not self.get_signed_cookie(VISITOR_COOKIE, max_age_days=1):
            # no kernel for a client that runs no script (a plain-HTTP flood)
            self.set_header("Cache-Control", "no-store")
            self.finish(gate_page(self.create_signed_value(VISITOR_COOKIE, "1").decode()))
            return
        if not path and isinstance(manager, CappedKernelManager) and manager.is_full():
            self.log.warning("Kernel cap reached (%d): answered busy", manager.max_kernels)
            self.set_status(503)
            self.set_header("Retry-After", "60")
            self.finish(busy_page(os.environ.get(ENV_SITE)))
            return
        if not path:
            if isinstance(manager, CappedKernelManager):
                manager.touch_pooled()
            # reading it sets the _xsrf cookie: without it the page's "shut my kernel down" on
            # leaving is refused (403) and the kernel lingers until culled
            _ = self.xsrf_token
        if path or not isinstance(manager, CappedKernelManager):
            await super().get(path)
            return
        self._kernels: set[str] = set()
        try:
            await super().get(path)
        finally:  # the kernel the page names (pooled or started for it) is now the visitor's
            manager.given(self._kernels & set(manager.list_kernel_ids()))

    def write(self, chunk: str | bytes | dict) -> None:
        """Note the kernel id the page carries (``"kernelId": "…"`` in its page config)."""
        if isinstance(chunk, str | bytes) and hasattr(self, "_kernels"):
            text = chunk.decode("utf-8", "replace") if isinstance(chunk, bytes) else chunk
            self._kernels.update(_KERNEL_ID.findall(text))
        super().write(chunk)


def busy_page(site_url: str | None = None) -> str:
    """The bilingual "busy" page (static text only; ``site_url`` is escaped)."""
    zh, en = _BUSY["zh"], _BUSY["en"]
    link = ""
    if site_url:
        href = html.escape(site_url, quote=True)
        link = f'<p><a href="{href}">{zh[2]}</a> · <a href="{href}">{en[2]}</a></p>'
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{zh[0]} · {en[0]}</title>"
        "<style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:15vh auto;max-width:36em;"
        "padding:0 1em;color:#222;line-height:1.6}h1{font-size:1.4em}</style></head><body>"
        f'<h1 id="busy">{zh[0]} · {en[0]}</h1><p>{zh[1]}</p><p lang="en">{en[1]}</p>{link}'
        "</body></html>"
    )


class TemplateStaticHandler(TemplateStaticFileHandler):
    """Voilà's template asset handler, answering 404 (not a 500) to a malformed path."""

    def parse_url_path(self, path: str) -> str:
        try:
            return super().parse_url_path(path)
        except (AssertionError, ValueError) as err:
            raise tornado.web.HTTPError(404) from err

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        try:
            return super().get_absolute_path(root, path)
        except (AssertionError, ValueError) as err:
            raise tornado.web.HTTPError(404) from err


class DashboardServer(Voila):
    """Voilà with the kernel cap's busy page, one local plotly.js and an optional static site."""

    name = "govbudget-dashboard"
    site_dir: Path | None = None

    @default("kernel_websocket_connection_class")
    def _guarded(self) -> type:
        return GuardedConnection

    @property
    def data_dir(self) -> str:
        # Voilà's own data (themes, schemas), not the govbudget template folder first on the path
        for path in jupyter_path("voila"):
            if os.path.isdir(os.path.join(path, "themes")):
                return str(Path(path).resolve())
        return super().data_dir

    def init_handlers(self) -> list:
        swap = {
            TornadoVoilaHandler: DashboardHandler,
            TemplateStaticFileHandler: TemplateStaticHandler,
            VoilaKernelWebsocketHandler: VisitorWebsocketHandler,
        }
        handlers = [
            (pattern, swap.get(cls, cls), *rest)
            for pattern, cls, *rest in super().init_handlers()
            if not pattern.endswith("/logout")  # no login here: /logout answered 500
        ]
        plotly_js = importlib.resources.files("plotly") / "package_data"
        ours: list[tuple[str, type[tornado.web.RequestHandler], dict[str, object]]] = [
            (
                url_path_join(self.server_url, r"/govbudget/static/(plotly\.min\.js)"),
                tornado.web.StaticFileHandler,
                {"path": str(plotly_js)},
            )
        ]
        dataset = os.environ.get(ENV_DATA)
        if dataset:
            ours.append(
                (
                    url_path_join(
                        self.server_url,
                        DOWNLOADS + r"data/([a-z0-9_-]+)/(\d{4})-(budget|final)\.csv",
                    ),
                    CsvHandler,
                    {"dataset": dataset},
                )
            )
            ours.append(
                (
                    url_path_join(self.server_url, DOWNLOADS + "view"),
                    ViewHandler,
                    {
                        "dataset": dataset,
                        "site_url": os.environ.get(ENV_SITE),
                        "data_url": DOWNLOADS,
                    },
                )
            )
        if self.site_dir is not None:
            ours.append(
                (
                    url_path_join(self.server_url, r"/site/(.*)"),
                    tornado.web.StaticFileHandler,
                    {"path": str(self.site_dir), "default_filename": "index.html"},
                )
            )
        return ours + handlers


def voila_argv(
    *,
    port: int = 8866,
    host: str = "127.0.0.1",
    open_browser: bool = True,
    notebook: Path = NOTEBOOK,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """The Voilà command line for the dashboard; the settings come from :func:`load_config`."""
    argv = [
        str(notebook),
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--Voila.ip={host}",
    ]
    if not open_browser:
        argv.append("--no-browser")
    return argv + list(extra)


def load_config(path: Path = CONFIG) -> Config:
    """Voilà settings from a JSON file shaped like ``voila.json`` (and no other file read)."""
    config = Config(json.loads(Path(path).read_text("utf-8")))
    config.Voila.config_file_paths = []
    return config


def server_env(
    data: Path | None = None, site_url: str | None = None, view_url: str | None = None
) -> dict[str, str]:
    """Environment for the server and its kernels: the template path, data folder, site URL,
    and where a kernel asks the server for the page's state."""
    env = {
        "JUPYTER_PATH": os.pathsep.join(filter(None, [str(SHARE), os.environ.get("JUPYTER_PATH")]))
    }
    if data is not None:
        env[ENV_DATA] = str(data)
        env[ENV_DATA_URL] = DOWNLOADS
        if view_url:
            env[ENV_VIEW_URL] = view_url
    if site_url:
        env[ENV_SITE] = site_url
    return env


def run(
    *,
    port: int = 8866,
    host: str = "127.0.0.1",
    data: Path | None = None,
    open_browser: bool = True,
    site_dir: Path | None = None,
    site_url: str | None = None,
    config: Path = CONFIG,
    extra: tuple[str, ...] = (),
) -> None:
    """Serve the dashboard until interrupted (blocks). ``data`` is a prepared data folder
    (:func:`govbudget.outputs.dashboard.prepare`); ``site_dir`` a published static site to serve at
    ``/site/`` (then the dashboard links to it unless ``site_url`` says otherwise)."""
    if site_dir is not None and site_url is None:
        site_url = "/site/"
    local = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    local = f"[{local}]" if ":" in local else local
    os.environ.update(server_env(data, site_url, f"http://{local}:{port}{DOWNLOADS}view"))
    DashboardServer.site_dir = site_dir
    argv = voila_argv(port=port, host=host, open_browser=open_browser, extra=extra)
    DashboardServer.launch_instance(argv=argv, config=load_config(config))
    DashboardServer.clear_instance()
