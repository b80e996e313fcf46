"""``--help`` as a well-kept command line writes it, in Chinese and English.

Plain text (no boxes), conventional usage (``govbudget check [OPTIONS] PATH...``), option
values named as such (``--year YEAR``, ``--lang [zh|en]``, a flag alone), descriptions in full
(never cut with "…") and wrapped by display width, so a line of Chinese (two columns per
character) fits the terminal as well as a line of English. :func:`polish` gives every command
of an app these help classes.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from typing import Any

import typer
from typer._click import Context as ClickContext
from typer.core import TyperCommand, TyperGroup

_MAX_WIDTH = 100
_TERM_MAX = 28
#: a CJK character with the closing punctuation that must not start a line
_TOKEN = re.compile(
    r"\[[^\]]*\]|\s+|[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef][，。、；：！？）」』》\u3001\u3002·]*"
    r"|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+"
)
_HELP_OPTION = "显示本帮助并退出 · Show this message and exit."
_PATH_KINDS = {"<dir>": "DIR", "<file>": "FILE", "<path>": "PATH"}
#: the value names of options across the commands (else the option's name in capitals)
_VALUE_NAMES = {
    "--output": "FILE", "--config": "FILE", "--store": "FILE", "--out": "DIR",
    "--feedback": "DIR", "--site": "DIR", "--catalogue": "DIR", "--data": "PATH",
    "--timeout": "SECONDS", "--jobs": "N", "--packages": "N", "--dashboard-url": "URL",
    "--site-url": "URL", "--scheduler": "ADDRESS", "--lang": "[zh|en]",
}  # fmt: skip


def columns(text: str) -> int:
    """Terminal columns of ``text`` (a CJK character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Wrap ``text`` to ``width`` columns: between words, and between CJK characters."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(" ".join(text.split())):
        if token.isspace():
            line += " " if line else ""
            continue
        if line.strip() and columns(line + token) > width:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _definitions(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns: terms, and their descriptions wrapped beside them."""
    term_width = min(max((columns(t) for t, _ in rows), default=0), _TERM_MAX)
    text_width = max(width - term_width - 6, 30)
    out: list[str] = []
    for term, text in rows:
        described = wrap(text, text_width) or [""]
        if columns(term) > term_width:
            out.append(f"  {term}")
            out.extend(" " * (term_width + 4) + line for line in described)
            continue
        pad = " " * (term_width - columns(term))
        out.append(f"  {term}{pad}  {described[0]}".rstrip())
        out.extend(" " * (term_width + 4) + line for line in described[1:])
    return out


def _metavar(param: Any, ctx: ClickContext) -> str:
    """The name of an option's value: its metavar, its choices, or what it is."""
    if param.metavar:
        return param.metavar
    shown = param.display_type(ctx)
    if param.type_descriptor.is_choice:
        return f"[{shown.strip('<>')}]"
    long = max(param.opts, key=len)
    if long in _VALUE_NAMES:
        return _VALUE_NAMES[long]
    return _PATH_KINDS.get(shown) or long.lstrip("-").replace("-", "_").upper()


def _default(param: Any) -> str:
    default = param.default
    if param.show_default is False or default in (None, False, "", (), []) or callable(default):
        return ""
    value = default.value if isinstance(default, Enum) else default
    return f"[默认 default: {value}]"


def _option_row(param: Any, ctx: ClickContext) -> tuple[str, str]:
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    term = ", ".join(names)
    if param.secondary_opts:
        term += " / " + ", ".join(param.secondary_opts)
    if not param.is_flag and not param.count:
        term += f" {_metavar(param, ctx)}"
    text = _HELP_OPTION if param.name == "help" else (param.help or "")
    extras = [_default(param), "[必填 required]" if param.required else ""]
    return term, " ".join(part for part in (text, *extras) if part)


def _argument_name(param: Any) -> str:
    name = param.metavar or param.name.upper()
    return name + ("..." if param.nargs != 1 else "")


def _usage(command: Any, ctx: ClickContext) -> str:
    names: list[str] = []
    while ctx.parent is not None:
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    pieces = [" ".join(["govbudget", *names])]
    if command.options_metavar:
        pieces.append(command.options_metavar)
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = _argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append("COMMAND [ARGS]...")
    return "用法 Usage: " + " ".join(pieces)


def _paragraphs(text: str, width: int) -> list[str]:
    out: list[str] = []
    for paragraph in (text or "").strip().split("\n\n"):
        if out:
            out.append("")
        if paragraph.startswith("\b"):
            out.extend("  " + line for line in paragraph.splitlines()[1:])
        else:
            out.extend("  " + line for line in wrap(paragraph, width - 2))
    return out


def render_help(command: Any, ctx: ClickContext) -> str:
    """The whole ``--help`` text of a command or group."""
    width = min(ctx.terminal_width or ctx.make_formatter().width, _MAX_WIDTH)
    out = [_usage(command, ctx), ""]
    out += _paragraphs(command.help or "", width)
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [
        (_argument_name(p), p.help or "") for p in params if p.param_type_name == "argument"
    ]
    options = [_option_row(p, ctx) for p in params if p.param_type_name == "option"]
    if arguments:
        out += ["", "参数 Arguments:", *_definitions(arguments, width)]
    if options:
        out += ["", "选项 Options:", *_definitions(options, width)]
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, (sub.help or "").strip().split("\n\n")[0]))
        out += ["", "命令 Commands:", *_definitions(rows, width)]
    return "\n".join(out) + "\n"


class HelpCommand(TyperCommand):
    """A command whose ``--help`` is :func:`render_help`."""

    def get_help(self, ctx: ClickContext) -> str:
        return render_help(self, ctx).rstrip("\n")


class HelpGroup(TyperGroup):
    """A group whose ``--help`` is :func:`render_help` (commands listed in full)."""

    def get_help(self, ctx: ClickContext) -> str:
        return render_help(self, ctx).rstrip("\n")


def polish(app: typer.Typer) -> None:
    """Plain-text help classes for the app, its commands and its sub-apps."""
    app.rich_markup_mode = None
    app.info.cls = HelpGroup
    for command in app.registered_commands:
        command.cls = HelpCommand
    for group in app.registered_groups:
        group.cls = HelpGroup
        if group.typer_instance is not None:
            polish(group.typer_instance)
