"""The notebook display helpers: escaped HTML tables with exact amounts, chart outputs."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from govbudget import display
from govbudget.charts import Chart


def test_html_tables_escape_text_and_show_exact_amounts():
    frame = pd.DataFrame({"名称": ["<script>x</script>"], "金额": [Decimal("1234567.8")]})
    markup = display.table_html(frame, row_classes=["gb-error"])
    assert "&lt;script&gt;" in markup and "<script>" not in markup
    assert '<td class="n">1,234,567.80' in markup and '<tr class="gb-error">' in markup
    assert display.fmt_yuan(Decimal("-0.5")) == "-0.50" and display.fmt_yuan(None) == ""


def test_a_chart_gives_page_html_without_plotly_js_and_json_for_jupyterlab():
    chart = Chart(go.Figure(go.Bar(x=["a"], y=[1])), pd.DataFrame({"x": [1]}), "t")
    bundle = display.chart_bundle(chart)
    assert set(bundle) == {"text/html", "application/vnd.plotly.v1+json"}
    assert "Plotly.newPlot" in bundle["text/html"] and len(bundle["text/html"]) < 20_000
    assert bundle["application/vnd.plotly.v1+json"]["data"][0]["type"] == "bar"


def test_years_codes_and_rows_print_without_separators_counts_with():
    frame = pd.DataFrame({
        "年度": [2015, 2016], "Year": pd.array([2015, None], dtype="Int64"),
        "科目编码": [2080505, 201], "row": np.array([12, 1034]), "错误": [12000, 3],
        "金额": [Decimal("1234.50"), Decimal("2")],
    })  # fmt: skip
    markup = display.table_html(frame)
    for plain in ("2015", "2016", "2080505", "1034"):
        assert f'<td class="n">{plain}<' in markup
    assert "2,015" not in markup and "2,080,505" not in markup and "1,034" not in markup
    assert '<td class="n">12,000<' in markup and '<td class="n">1,234.50<' in markup
