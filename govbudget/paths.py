"""Where govbudget finds its shipped resources and its inputs, and keeps a user's own data.

Shipped (read-only, inside the installed package, found with ``importlib.resources``):
``resources/classification`` (catalogue), ``rules.toml`` (rule pack), ``notebooks/``,
``voila/`` (Voilà configuration and page template), ``examples/`` (small example workbooks).

A user's own (written by govbudget, never into the package or a checkout):

* ``user_catalogue_dir()`` — official catalogue files imported with ``govbudget catalogue
  import``: ``$GOVBUDGET_HOME/classification``, else the platform's user data folder;
* ``cache_dir()`` — prepared datasets: ``$GOVBUDGET_CACHE``, else the platform's user cache folder.

Paths named in notebooks and scripts relative to the repository (``data/sample/2016_final/
safety.xlsx``) are found from any working directory by :func:`resolve`; :func:`output` places
relative output paths.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP = "govbudget"
#: the folder holding the ``govbudget`` package (a source checkout's root when installed
#: editable or run from the checkout)
PACKAGE_PARENT = Path(__file__).resolve().parents[1]


def resource(*parts: str) -> Path:
    """A shipped resource (file or folder) as a path."""
    return Path(str(resources.files(APP).joinpath("resources", *parts)))


def checkout() -> Path | None:
    """The source checkout govbudget runs from (it holds ``pyproject.toml`` and ``data/``)."""
    root = PACKAGE_PARENT
    if (root / "pyproject.toml").is_file() and (root / "data").is_dir():
        return root
    return None


def default_data() -> Path:
    """The data shown when none is given: the sample city of a source checkout
    (``govbudget sample``), else the shipped example workbooks."""
    root = checkout()
    sample = root / "data" / "sample" if root is not None else None
    return (
        sample if sample is not None and (sample / "index.csv").is_file() else resource("examples")
    )


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


def user_data_dir() -> Path:
    """The user's govbudget data folder (``$GOVBUDGET_HOME`` overrides)."""
    home = os.environ.get("GOVBUDGET_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir(APP))


def user_catalogue_dir() -> Path:
    """Where ``catalogue import`` writes by default and ``load_catalogue`` looks after the
    shipped catalogue."""
    return user_data_dir() / "classification"


def cache_dir() -> Path:
    """The user's govbudget cache folder (``$GOVBUDGET_CACHE`` overrides)."""
    cache = os.environ.get("GOVBUDGET_CACHE")
    return Path(cache) if cache else Path(platformdirs.user_cache_dir(APP))


__all__ = [
    "cache_dir",
    "checkout",
    "default_data",
    "output",
    "resolve",
    "resource",
    "user_catalogue_dir",
    "user_data_dir",
]
