"""Run the benchmarks and print one aligned table of their rows.

Usage: ``python -m benchmarks [--quick] [NAME ...]`` (``make bench ARGS="--quick check pdf"``):
every ``benchmarks/bench_*.py``, or only the named ones (``check`` is ``bench_check.py``).
Each module exposes ``run(quick: bool) -> list[dict]``; a row has at least ``benchmark``,
``metric``, ``value``, ``unit`` and ``target``. ``--quick`` asks for smaller inputs.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path

COLUMNS = ("benchmark", "metric", "value", "unit", "target")


def _format(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def main(argv: list[str]) -> int:
    if {"-h", "--help"} & set(argv):
        print(__doc__)
        return 0
    quick = "--quick" in argv
    known = {p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py")}
    wanted = [a for a in argv if not a.startswith("-")]
    if unknown := sorted(set(wanted) - known):
        print(f"unknown benchmark {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return 2
    rows: list[dict] = []
    failed = False
    for short in sorted(set(wanted) or known):
        name = f"bench_{short}"
        try:
            rows.extend(importlib.import_module(f"benchmarks.{name}").run(quick))
        except Exception:
            failed = True
            traceback.print_exc()
            rows.append(
                {"benchmark": name, "metric": "error", "value": "failed", "unit": "", "target": ""}
            )
    table = [[_format(row.get(c)) for c in COLUMNS] for row in rows]
    widths = [
        max(len(c), *(len(r[i]) for r in table)) if table else len(c) for i, c in enumerate(COLUMNS)
    ]
    print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in table:
        cells = [
            v.rjust(w) if i == 2 else v.ljust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
