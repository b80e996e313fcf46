"""``--help`` of every command reads like a well-kept command line's, in Chinese and English."""

from __future__ import annotations

import re

import pytest
import typer

from govbudget.cli import _register, app, main
from govbudget.cli.help import columns, wrap

_register()
GROUP = typer.main.get_command(app)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _paths(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in getattr(group, "commands", {}).items():
        found += _paths(command, (*prefix, name))
    return found


COMMANDS = _paths(GROUP)


def _help(argv: tuple[str, ...], capsys, monkeypatch, width: int = 80) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_every_command_is_covered():
    assert {p[0] for p in COMMANDS if p} >= {"check", "ingest", "report", "publish", "dashboard",
                                             "sample", "catalogue", "store"}  # fmt: skip
    assert ("store", "query") in COMMANDS and ("catalogue", "show") in COMMANDS


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda p: " ".join(p) or "govbudget")
def test_help_is_plain_complete_and_fits_80_columns(argv, capsys, monkeypatch):
    text = _help(argv, capsys, monkeypatch)
    assert text.startswith(f"用法 Usage: govbudget {' '.join(argv)}".rstrip())
    for bad in ("<bool>", "<str>", "<int", "<path>", "<list", "{paths}", "``", "…", "╭", "│"):
        assert bad not in text, (bad, text)
    assert all(columns(line) <= 80 for line in text.splitlines()), text
    entries = _entries(text)
    assert "--help 显示本帮助并退出 · Show this message and exit." in entries
    for entry in entries:  # every argument, option and command in both languages
        described = entry.split(" ", 1)[1]
        assert CJK.search(described) and re.search(r"[A-Za-z]{3}", described), entry


def _entries(text: str) -> list[str]:
    """The entries of the Arguments, Options and Commands sections, continuation lines joined
    (one space between the term and its description)."""
    entries: list[str] = []
    section = False
    for line in text.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            section = True
        elif not line.strip():
            section = False
        elif section and re.match(r"  \S", line):
            entries.append(" ".join(line.split()))
        elif section:
            entries[-1] += " " + " ".join(line.split())
    return entries


def test_flags_show_no_value_and_options_name_theirs(capsys, monkeypatch):
    text = _help(("report",), capsys, monkeypatch)
    assert re.search(r"^  --force +全部重新运行", text, re.M)
    assert "用法 Usage: govbudget report [OPTIONS] DATA\n" in text
    assert "--phase [budget|final]" in text and "-j, --jobs N" in text
    assert "--timeout SECONDS" in text and "[默认 default: 600.0]" in text
    check = _help(("check",), capsys, monkeypatch)
    assert "用法 Usage: govbudget check [OPTIONS] PATHS...\n" in check
    assert "--output FILE" in check and "--feedback DIR" in check


def test_command_list_is_not_cut(capsys, monkeypatch):
    text = _help((), capsys, monkeypatch, width=60)
    assert any(
        e.endswith("Run the report notebooks and write the report site.") for e in _entries(text)
    )
    assert all(columns(line) <= 60 for line in text.splitlines())


def test_wrap_breaks_between_cjk_characters_and_words_by_display_width():
    text = "运行报告笔记本并生成报告网站 · Run the report notebooks [默认 default: 600.0]"
    lines = wrap(text, 24)
    assert all(columns(line) <= 24 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert "[默认 default: 600.0]" in lines


def test_a_wrong_choice_is_one_clean_bilingual_line(capsys, tmp_path):
    with pytest.raises(SystemExit) as done:
        main(["check", str(tmp_path), "--phase", "foo"])
    err = capsys.readouterr().err
    assert done.value.code == 2
    assert err == (
        "govbudget: --phase 须为 budget 或 final，收到 'foo' · "
        "--phase must be budget or final, not 'foo'\n"
    )
