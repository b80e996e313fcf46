"""Plotly charts shared by the reports and the public dashboard.

Every function takes tidy lines (``govbudget.model.LINE_COLUMNS``; possibly many packages, never
mutated) or the checker's frames, and returns a :class:`Chart`: the figure, the data table behind
it (readable column names in the chosen language; exact Decimal amounts in 万元) and the title.
``lang`` is 'zh' (default) or 'en'. An empty selection gives a clear "no data" figure.
No global plotly template or renderer is set, so figures show in JupyterLab, nbconvert HTML and
Voila alike.
"""

from __future__ import annotations

from govbudget.charts.base import Chart
from govbudget.charts.compliance import compliance_heatmap, score_ranking
from govbudget.charts.execution import execution, headline
from govbudget.charts.flow import money_flow
from govbudget.charts.spending import basic_by_economic, spending_by_function
from govbudget.charts.trends import three_public_trend, year_on_year

__all__ = [
    "Chart",
    "basic_by_economic",
    "compliance_heatmap",
    "execution",
    "headline",
    "money_flow",
    "score_ranking",
    "spending_by_function",
    "three_public_trend",
    "year_on_year",
]
