"""Where govbudget's own files are, whatever the working directory.

Notebooks and scripts name data relative to the repository (``data/sample/2016_final/
safety.xlsx``, ``reports/feedback``); :func:`resolve` finds such a path from the repository
root, the notebooks folder or anywhere else; :func:`output` places relative output paths.
"""

from __future__ import annotations

from pathlib import Path

#: the folder holding the ``govbudget`` package (a source checkout's root when installed
#: editable or run from the checkout)
PACKAGE_PARENT = Path(__file__).resolve().parents[1]


def checkout() -> Path | None:
    """The source checkout govbudget runs from (it holds ``pyproject.toml`` and ``data/``)."""
    root = PACKAGE_PARENT
    if (root / "pyproject.toml").is_file() and (root / "data").is_dir():
        return root
    return None


def resolve(path: str | Path) -> Path:
    """An input path as given when it exists (absolute, or relative to the working
    directory), else relative to the source checkout (``data/…`` from any folder)."""
    given = Path(path).expanduser()
    if given.is_absolute() or given.exists():
        return given
    root = checkout()
    if root is not None and (root / given).exists():
        return root / given
    return given


def output(path: str | Path) -> Path:
    """An output path: relative ones go under the source checkout (``reports/…`` lands in the
    repository's ``reports`` folder from any folder), else under the working directory."""
    given = Path(path).expanduser()
    root = checkout()
    if given.is_absolute() or root is None:
        return given.resolve()
    return root / given
