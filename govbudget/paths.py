"""Where govbudget finds its shipped resources and keeps a user's own data.

Shipped (read-only, inside the installed package, found with ``importlib.resources``):
``resources/classification`` (catalogue), ``rules.toml`` (rule pack), ``notebooks/``,
``voila/`` (Voilà configuration and page template), ``examples/`` (small example workbooks).

A user's own (written by govbudget, never into the package or a checkout):

* ``user_catalogue_dir()`` — official catalogue files imported with ``govbudget catalogue
  import``: ``$GOVBUDGET_HOME/classification``, else the platform's user data folder;
* ``cache_dir()`` — prepared datasets: ``$GOVBUDGET_CACHE``, else the platform's user cache folder.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP = "govbudget"


def resource(*parts: str) -> Path:
    """A shipped resource (file or folder) as a path."""
    return Path(str(resources.files(APP).joinpath("resources", *parts)))


def default_data() -> Path:
    """The data shown when none is given: the sample city of a source checkout
    (``govbudget sample``), else the shipped example workbooks."""
    checkout = Path(__file__).resolve().parents[1] / "data" / "sample"
    return checkout if (checkout / "index.csv").is_file() else resource("examples")


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


__all__ = ["cache_dir", "default_data", "resource", "user_catalogue_dir", "user_data_dir"]
