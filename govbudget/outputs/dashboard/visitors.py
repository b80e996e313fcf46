"""Dashboard visitors, bounded: what a page may send its kernel, and how long a kernel lives.

* :class:`GuardedConnection` passes a page's websocket message to its kernel only when it is
  one the page itself sends: kernel and comm info, the widget control comm, and ``update`` /
  ``request_state`` messages that set the ``index``/``value`` of an existing widget — never a
  ``comm_open`` that builds a widget, never binary buffers, never more than
  :data:`MAX_MESSAGE_BYTES` (tornado's ``websocket_max_message_size`` in ``voila.json`` closes a
  larger frame before it is read).
* :class:`VisitorWebsocketHandler` tells the kernel manager when a page's websocket connects and
  disconnects: a kernel whose page never connects (a client that runs no page) is shut down
  ``connect_timeout`` seconds after the page was sent, and one whose page went away after
  ``reconnect_grace`` seconds.
* :func:`gate_page`: a request without the visitor cookie gets a tiny page whose script sets
  the cookie and reloads; only then is a kernel given. A plain-HTTP flood (``curl /``) costs
  no kernel and cannot lock browsers out.
"""

from __future__ import annotations

import json
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_binary_message,
    deserialize_msg_from_ws_v1,
)
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

#: the largest websocket message a page sends (a widget's new value is a few hundred bytes)
MAX_MESSAGE_BYTES = 16 << 10
#: the cookie a page's script sets before it gets a kernel
VISITOR_COOKIE = "gb_visitor"
_INFO = frozenset({"kernel_info_request", "comm_info_request", "shutdown_request", "comm_close"})
_CONTROL = "jupyter.widget.control"
_METHODS = frozenset({"update", "request_state", "request_states"})
#: widget state a visitor may set: the choice of a Dropdown or ToggleButtons
_STATE = frozenset({"index", "value"})
_MAX_TEXT = 200


def _parse(message: str | bytes, v1: bool) -> tuple[str, dict[str, Any], int] | None:
    """(msg_type, content, number of binary buffers) of a websocket message, or None."""
    try:
        if v1 and isinstance(message, bytes):
            _channel, parts = deserialize_msg_from_ws_v1(message)
            header, content = json.loads(parts[0]), json.loads(parts[3])
            buffers = len(parts) - 4
        else:
            msg = (
                deserialize_binary_message(message)
                if isinstance(message, bytes)
                else json.loads(message)
            )
            header, content = msg.get("header") or {}, msg.get("content") or {}
            buffers = len(msg.get("buffers") or ())
        return str(header.get("msg_type", "")), dict(content), buffers
    except (ValueError, IndexError, TypeError, AttributeError, UnicodeDecodeError):
        return None


def _small(value: object) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return len(value) <= _MAX_TEXT
    return isinstance(value, list) and len(value) <= 1 and all(_small(v) for v in value)


def allowed(message: str | bytes, v1: bool = True) -> str | None:
    """None when the page may send ``message`` to its kernel, else why not."""
    if len(message) > MAX_MESSAGE_BYTES:
        return f"too large ({len(message)} bytes)"
    parsed = _parse(message, v1)
    if parsed is None:
        return "unreadable"
    msg_type, content, buffers = parsed
    if buffers:
        return "binary buffers"
    if msg_type in _INFO:
        return None
    if msg_type == "comm_open":
        data = content.get("data") or {}
        if content.get("target_name") == _CONTROL and not data.get("state"):
            return None
        return f"comm_open {str(content.get('target_name'))[:40]!r}"
    if msg_type == "comm_msg":
        data = content.get("data") or {}
        method = data.get("method")
        if method not in _METHODS:
            return f"comm_msg method {str(method)[:40]!r}"
        state = data.get("state") or {}
        if not isinstance(state, dict) or set(state) - _STATE:
            return "widget state beyond index/value"
        if not all(_small(v) for v in state.values()):
            return "widget value too large"
        return None
    return f"message type {msg_type[:40]!r}"


class GuardedConnection(ZMQChannelsWebsocketConnection):
    """The kernel websocket connection with :func:`allowed` in front of the kernel."""

    def handle_incoming_message(self, incoming_msg: str) -> None:
        why = allowed(incoming_msg, self.subprotocol == "v1.kernel.websocket.jupyter.org")
        if why is not None:
            self.log.warning("Visitor message refused: %s", why)
            return
        super().handle_incoming_message(incoming_msg)


class VisitorWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voilà's kernel websocket, reporting connects and disconnects to the kernel manager."""

    async def open(self, kernel_id: str) -> None:
        manager = self.kernel_manager
        if hasattr(manager, "visitor_connected"):
            manager.visitor_connected(kernel_id)
        await super().open(kernel_id)

    def on_close(self) -> None:
        manager = self.kernel_manager
        kernel_id = getattr(self, "kernel_id", None)
        super().on_close()
        if kernel_id and hasattr(manager, "visitor_left"):
            manager.visitor_left(kernel_id)


def gate_page(token: str) -> str:
    """The page a cookie-less request gets: its script sets the visitor cookie and reloads
    (``token`` is a signed value; it holds only base64 and ``|`` characters)."""
    safe = json.dumps(f"{VISITOR_COOKIE}={token}; path=/; SameSite=Strict")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,"><title>预算公开看板 · Budget dashboard</title></head>'
        f"<body><script>document.cookie = {safe}; location.reload();</script>"
        "<noscript>请启用 JavaScript · Please enable JavaScript.</noscript></body></html>"
    )
