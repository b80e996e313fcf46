"""The dashboard's websocket filter (``govbudget.outputs.dashboard.visitors.allowed``), message by message, in both
wire formats the kernel websocket speaks (JSON and the v1 binary protocol)."""

from __future__ import annotations

import json

import pytest

from govbudget.outputs.dashboard.visitors import MAX_MESSAGE_BYTES, allowed, gate_page


def _json(msg_type: str, content: dict) -> str:
    header = {"msg_id": "1", "msg_type": msg_type, "session": "s", "username": "", "version": "5.3"}
    return json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                       "channel": "shell"})  # fmt: skip


def _v1(msg_type: str, content: dict, buffers: tuple[bytes, ...] = ()) -> bytes:
    header = {"msg_id": "1", "msg_type": msg_type, "session": "s", "username": "", "version": "5.3"}
    parts = [b"shell", *(json.dumps(p).encode() for p in (header, {}, {}, content)), *buffers]
    offsets, position = [], 8 * (len(parts) + 2)
    for part in parts:
        offsets.append(position)
        position += len(part)
    offsets.append(position)
    head = (len(offsets)).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


UPDATE = {"comm_id": "c", "data": {"method": "update", "state": {"index": 2}, "buffer_paths": []}}
ALLOWED = [
    ("kernel_info_request", {}),
    ("comm_info_request", {"target_name": "jupyter.widget"}),
    ("comm_open", {"comm_id": "c", "target_name": "jupyter.widget.control", "data": {}}),
    ("comm_msg", UPDATE),
    ("comm_msg", {"comm_id": "c", "data": {"method": "request_states"}}),
    ("comm_close", {"comm_id": "c", "data": {}}),
    ("shutdown_request", {"restart": False}),
]
STATE = {"_model_name": "TextModel", "value": "x" * 100}
REFUSED = [
    ("execute_request", {"code": "import os"}, "message type"),
    ("comm_open", {"comm_id": "c", "target_name": "jupyter.widget", "data": {"state": STATE}},
     "comm_open"),
    ("comm_open", {"comm_id": "c", "target_name": "jupyter.widget.control",
                   "data": {"state": STATE}}, "comm_open"),
    ("comm_msg", {"comm_id": "c", "data": {"method": "custom", "content": {}}}, "method"),
    ("comm_msg", {"comm_id": "c", "data": {"method": "update", "state": {"layout": "x"}}},
     "beyond index/value"),
    ("comm_msg", {"comm_id": "c", "data": {"method": "update", "state": {"value": "v" * 201}}},
     "too large"),
    ("comm_msg", {"comm_id": "c", "data": {"method": "update", "state": {"index": [1, 2, 3]}}},
     "too large"),
    ("inspect_request", {"code": "x"}, "message type"),
]  # fmt: skip


@pytest.mark.parametrize("encode", [_json, _v1])
def test_the_pages_own_messages_pass(encode) -> None:
    for msg_type, content in ALLOWED:
        assert allowed(encode(msg_type, content), v1=encode is _v1) is None, msg_type


@pytest.mark.parametrize("encode", [_json, _v1])
def test_everything_else_is_refused_with_a_reason(encode) -> None:
    for msg_type, content, why in REFUSED:
        assert why in (allowed(encode(msg_type, content), v1=encode is _v1) or ""), msg_type


def test_size_buffers_and_garbage_are_refused() -> None:
    big = _json(
        "comm_msg", {"data": {"method": "update", "state": {"value": "x" * MAX_MESSAGE_BYTES}}}
    )
    assert "too large" in allowed(big, v1=False)
    assert allowed(_v1("comm_msg", UPDATE, (b"\0" * 10,))) == "binary buffers"
    assert allowed(b"\x00" * 40) == "unreadable"
    assert allowed("{not json", v1=False) == "unreadable"


def test_the_gate_page_sets_the_cookie_and_nothing_else() -> None:
    page = gate_page("2|1:0|10:1700000000|10:gb_visitor|4:MQ==|abc")
    assert (
        'document.cookie = "gb_visitor=2|1:0|10:1700000000|10:gb_visitor|4:MQ==|abc; path=/;'
        in page
    )
    assert page.count("<script>") == 1 and "kernel" not in page.lower()
