"""What the dashboard's page and its server share, with no heavy import: a visitor's kernel
imports only this, ipywidgets and the page (``govbudget.outputs.dashboard.page``), so it stays small."""

from __future__ import annotations

from dataclasses import dataclass

#: environment of the server and its kernels
ENV_DATA = "GOVBUDGET_DASHBOARD_DATA"
ENV_SITE = "GOVBUDGET_SITE_URL"
ENV_DATA_URL = "GOVBUDGET_DATA_URL"
#: where a kernel asks the server for a view's state (``govbudget dashboard`` sets it)
ENV_VIEW_URL = "GOVBUDGET_VIEW_URL"


@dataclass(frozen=True)
class Selection:
    """What a visitor chose. ``department=None`` is the whole city."""

    department: str | None = None
    year: int | None = None
    phase: str = "budget"
    lang: str = "zh"
