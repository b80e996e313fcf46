"""The ``govbudget`` command line. Thin: every command calls the library.

Outputs are documented in ``docs/formats.md``. Exit status: 0 no error findings, 1 error findings, 2 unreadable input or wrong usage.
Each sub-module registers its commands on :data:`app`.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import sys
from typing import NoReturn

import typer

from govbudget.errors import GovBudgetError, printable

# typer >= 0.20 runs on its own vendored copy of click; older typer on click itself.
_click = importlib.import_module(
    "typer._click" if importlib.util.find_spec("typer._click") else "click"
)

app = typer.Typer(
    name="govbudget",
    help="检查并解读政府部门预算/决算公开表格 · Check and read government budget disclosures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from govbudget.cli import (
        catalogue,  # noqa: F401
        check,  # noqa: F401
        compare,  # noqa: F401
        dashboard,  # noqa: F401
        ingest,  # noqa: F401
        publish,  # noqa: F401
        report,  # noqa: F401
        sample,  # noqa: F401
        store,  # noqa: F401
    )
    from govbudget.cli.help import polish

    polish(app)


def _command(argv: list[str]) -> tuple[str, list[str]]:
    """The sub-command and its path-like arguments, to name them in a last-resort message."""
    words = [w for w in argv if not w.startswith("-")]
    return (words[0] if words else "govbudget"), words[1:3]


def _quiet_broken_pipe() -> None:
    """stdout's reader went away (``… | head -1``): end quietly, with no flush error at exit."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


_INTERRUPTED = 130


def _interrupted(args: list[str]) -> NoReturn:
    """Ctrl-C (SIGINT): say what was interrupted, and that no output is half-written (every
    output is written atomically), then exit 130."""
    command, inputs = _command(args)
    what = " ".join(printable(w) for w in [command, *inputs])
    typer.echo(
        f"govbudget: {what} 已中断，没有写出不完整的文件 · interrupted; nothing was written half-way",
        err=True,
    )
    sys.exit(_INTERRUPTED)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run a command, map errors to exit status 2 without a traceback.

    A broken pipe ends quietly; an interrupt says what was interrupted (exit 130); any other
    unexpected error is one line naming the command and its inputs (exit 2), never a traceback.
    """
    _register()
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = app(args=args, standalone_mode=False)
    except GovBudgetError as err:
        typer.echo(f"govbudget: {err}", err=True)
        sys.exit(2)
    except _click.exceptions.UsageError as err:
        err.show()
        sys.exit(2)
    except typer.Exit as err:
        sys.exit(err.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        _interrupted(args)
    except BrokenPipeError:
        _quiet_broken_pipe()
        sys.exit(141)
    except Exception as err:  # the last resort: one line, never a traceback
        command, inputs = _command(args)
        where = " ".join(printable(w) for w in [command, *inputs])
        detail = " ".join(f"{type(err).__name__}: {err}".split())[:300]
        typer.echo(
            f"govbudget: {where}: 意外错误 · unexpected error ({printable(detail)})", err=True
        )
        sys.exit(2)
    if result == _INTERRUPTED:  # typer turns Ctrl-C (KeyboardInterrupt) into this exit status
        _interrupted(args)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
        sys.exit(141)
    sys.exit(result if isinstance(result, int) else 0)
