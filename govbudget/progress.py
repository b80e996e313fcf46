"""Progress of a long step for the command line: a bar redrawn in place on a terminal, and
plain lines elsewhere (a log, a pipe, cron), one every tenth of the way and at the end."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

_BAR = 24


@dataclass
class Progress:
    """Call with the number of items done (and a detail, e.g. the file) after each item.

    ``echo`` receives the lines (default: written to ``stream``); a bar is drawn instead only
    when there is no ``echo`` and ``stream`` is a terminal."""

    label: str
    total: int
    echo: Callable[[str], None] | None = None
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    every: int = 0

    def __post_init__(self) -> None:
        self.every = self.every or max(1, math.ceil(self.total / 10))
        self.bar = self.echo is None and self.stream.isatty()

    def __call__(self, done: int, detail: str = "") -> None:
        count = f"{done:>{len(str(self.total))}}/{self.total}"
        if self.bar:
            filled = _BAR * done // max(self.total, 1)
            line = f"\r{self.label} [{'#' * filled}{' ' * (_BAR - filled)}] {count} {detail}"
            self.stream.write(line[:200].ljust(80) + ("\n" if done >= self.total else ""))
            self.stream.flush()
        elif done >= self.total or done % self.every == 0:
            line = f"{self.label} {count}" + (f" {detail}" if detail else "")
            if self.echo is not None:
                self.echo(line)
            else:
                self.stream.write(line + "\n")
                self.stream.flush()
