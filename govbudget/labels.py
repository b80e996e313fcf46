"""Every word govbudget shows people, zh and en, from one data file (``resources/labels.toml``).

:func:`label` is the one lookup: ``label("chart.title_flow", "en")``. A module that uses one
section binds it with :func:`scoped` (``t = scoped("chart")``). Severity order, phase names,
levels, table names and 民生 fields are sections of the same file.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable

from govbudget.paths import resource

LANGS = ("zh", "en")


@functools.cache
def _labels() -> dict[str, dict[str, list[str]]]:
    text = resource("labels.toml").read_text("utf-8")
    return tomllib.loads(text)


def label(key: str, lang: str = "zh", /, **values: object) -> str:
    """The ``lang`` text of ``"section.name"``, with ``values`` filled in (not escaped)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    section, _, name = key.partition(".")
    phrase = _labels()[section][name][LANGS.index(lang)]
    return phrase.format(**values) if values else phrase


def keys(section: str) -> tuple[str, ...]:
    """The keys of a section in file order (e.g. severities, most serious first)."""
    return tuple(_labels()[section])


def has(key: str) -> bool:
    """Whether ``"section.name"`` is a label."""
    section, _, name = key.partition(".")
    return name in _labels().get(section, {})


def scoped(section: str) -> Callable[..., str]:
    """:func:`label` bound to one section: ``scoped("chart")("title_flow", "en")``."""

    def lookup(name: str, lang: str = "zh", /, **values: object) -> str:
        return label(f"{section}.{name}", lang, **values)

    lookup.__doc__ = f"A label of the {section!r} section (see :func:`govbudget.labels.label`)."
    return lookup


def phase_label(phase: str | None, lang: str = "zh") -> str:
    """'预算' / 'budget' for a phase id (the id itself when unknown)."""
    return label(f"phase.{phase}", lang) if has(f"phase.{phase}") else (phase or "")


#: Severities, most serious first: ``{"error": 0, "warning": 1, "info": 2}``.
SEVERITY_ORDER: dict[str, int] = {s: i for i, s in enumerate(keys("severity"))}
#: Phases in display order.
PHASE_ORDER: tuple[str, ...] = keys("phase")
