"""The ``govbudget`` command line. Thin: every command calls the library.

Outputs are documented in ``docs/formats.md``. Exit status: 0 no error findings, 1 error findings, 2 unreadable input or wrong usage.
Each sub-module registers its commands on :data:`app`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import typer

from govbudget.errors import GovBudgetError

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


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run a command, map errors to exit status 2 without a traceback."""
    _register()
    try:
        result = app(args=argv, standalone_mode=False)
    except GovBudgetError as err:
        typer.echo(f"govbudget: {err}", err=True)
        sys.exit(2)
    except _click.exceptions.UsageError as err:
        err.show()
        sys.exit(2)
    except _click.exceptions.Exit as err:
        sys.exit(err.exit_code)
    except (_click.exceptions.Abort, KeyboardInterrupt):
        typer.echo("govbudget: interrupted", err=True)
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)
