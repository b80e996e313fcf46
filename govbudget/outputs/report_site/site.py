"""The report site: HTML pages from executed notebooks, ``index.html`` and ``findings.xlsx``.

Pages are exported with nbconvert's ``lab`` template, code hidden. Charts are the ``text/html``
outputs of :func:`govbudget.display.show_chart`: a ``<div>`` and a ``Plotly.newPlot`` call that
relies on one shared ``assets/plotly.min.js`` (copied from the installed plotly package) loaded
by every page through a relative ``<script src>``, so the site works offline and no page carries
its own 5 MB copy of plotly.js. The CDN scripts of the stock template (require.js, MathJax,
mermaid, widgets) are left out.
"""

from __future__ import annotations

import functools
import os
import shutil
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from govbudget.io import atomic_path, safe_cell, sha256_file, write_text
from govbudget.labels import SEVERITY_ORDER
from govbudget.outputs.report_site.site_index import write_index
from govbudget.outputs.report_site.site_text import display_label as _label
from govbudget.outputs.report_site.site_text import text

PLOTLY_ASSET = "assets/plotly.min.js"

_PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<script src="{{ resources.govbudget.plotly }}"></script>
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style>.gb-nav{padding:8px 16px;font:14px sans-serif}.gb-nav a{text-decoration:none}
.jp-Notebook{max-width:1200px;margin:auto}</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="gb-nav"><a href="{{ resources.govbudget.index }}">&larr; {{ resources.govbudget.back }}</a></nav>
{%- endblock body_header -%}
"""

# --- pages ---------------------------------------------------------------------------------


def plotly_js() -> Path:
    """The ``plotly.min.js`` bundled with the installed plotly package."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


def install_assets(out: Path) -> Path:
    """Copy plotly.js into ``out/assets/`` once (again only when plotly changed)."""
    target = Path(out) / PLOTLY_ASSET
    source = plotly_js()
    if not target.is_file() or sha256_file(target) != sha256_file(source):
        with atomic_path(target) as tmp:
            shutil.copyfile(source, tmp)
    return target


@functools.cache
def _exporter(lang: str) -> Any:
    """One HTML exporter per language and process (building one reads the template and CSS)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        template_file="govbudget_page.html.j2",
        extra_loaders=[DictLoader({"govbudget_page.html.j2": _PAGE_TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="en" if lang == "en" else "zh",
    )


def export_html(
    ipynb: Path, html_path: Path, *, root: Path, lang: str = "zh", title: str = ""
) -> int:
    """Export an executed notebook to an HTML page under the site ``root``; returns its bytes."""
    import nbformat

    notebook = nbformat.read(ipynb, as_version=4)
    page_dir = Path(html_path).parent
    extra = {
        "plotly": Path(os.path.relpath(Path(root) / PLOTLY_ASSET, page_dir)).as_posix(),
        "index": Path(os.path.relpath(Path(root) / "index.html", page_dir)).as_posix(),
        "back": text("back", lang),
    }
    name = title or Path(ipynb).stem
    body, _ = _exporter(lang).from_notebook_node(
        notebook, resources={"metadata": {"name": name}, "govbudget": extra}
    )
    write_text(html_path, body)
    return len(body.encode("utf-8"))


# --- findings ------------------------------------------------------------------------------


def collect_findings(out: Path, inputs: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """All findings of a run's readable inputs (from its checked dataset), one frame with a
    ``source`` column (the input's path relative to the data folder)."""
    from govbudget.dataset import is_dataset, load
    from govbudget.outputs.report_site.plan import DATASET

    if not is_dataset(out / DATASET):
        return pd.DataFrame()
    findings = load(out / DATASET).findings
    source = {e["package"]: rel for rel, e in inputs.items() if e.get("status") == "ok"}
    mine = findings[findings["package"].isin(source)]
    return mine.assign(source=mine["package"].map(source)).reset_index(drop=True)


def _sheet_title(name: str, taken: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "_"
    title, n = clean[:31], 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _display_width(value: object) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(value)) if value is not None else 0


def _write_sheet(
    ws: Any,
    header: list[str],
    rows: list[list[Any]],
    *,
    wrap: frozenset[int] = frozenset(),
    marks: list[str | None] | None = None,
    mark_column: int = 0,
) -> None:
    """Fill a sheet for a person: bold frozen header, filters, widths, amounts as numbers.

    ``marks`` gives each row's severity; that row's cell in ``mark_column`` is coloured.
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fills = {"error": "F8D7DA", "warning": "FFF3CD"}
    ws.append([safe_cell(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for number, row in enumerate(rows, start=2):
        ws.append([safe_cell(v) for v in row])
        for cell in ws[number]:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
            if cell.column - 1 in wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        colour = fills.get((marks or [])[number - 2] or "") if marks else None
        if colour:
            ws.cell(row=number, column=mark_column + 1).fill = PatternFill("solid", fgColor=colour)
    for index, name in enumerate(header):
        widths = [_display_width(name), *(_display_width(r[index]) for r in rows)]
        ws.column_dimensions[get_column_letter(index + 1)].width = min(60, max(8, *widths) + 2)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def write_findings_xlsx(
    path: Path, inputs: dict[str, dict[str, Any]], findings: pd.DataFrame, *, lang: str = "zh"
) -> Path:
    """``findings.xlsx``: a summary sheet (one row per workbook) and one sheet per department
    with all its findings, errors first. Text is formula-injection safe."""
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    summary.title = text("summary_sheet", lang)
    taken = {summary.title.lower()}
    keys = (
        "department",
        "level",
        "year",
        "phase",
        "score",
        "errors",
        "warnings",
        "status",
        "file",
        "feedback",
    )
    ordered = sorted(
        inputs.items(),
        key=lambda kv: (str(kv[1].get("department") or ""), kv[1].get("year") or 0, kv[0]),
    )
    rows = []
    for rel, entry in ordered:
        status = "ok" if entry.get("status") == "ok" else entry.get("error") or "unreadable"
        values = {**entry, "file": rel, "status": status}
        rows.append(
            [
                _label(values.get(k), lang) if k in ("phase", "status") else values.get(k)
                for k in keys
            ]
        )
    _write_sheet(summary, [text(k, lang) for k in keys], rows)
    other = "message_en" if lang == "zh" else "message_zh"
    labelled = {
        "year": "year",
        "phase": "phase",
        "severity": "severity",
        "rule": "rule",
        "family": "family",
        "table": "table",
        "sheet": "sheet",
        "cell": "cell",
        "code": "code",
        f"message_{lang}": "message",
        other: "message_other",
        "expected": "expected",
        "actual": "actual",
        "difference": "difference",
        "source": "file",
    }
    columns, header = list(labelled), [text(v, lang) for v in labelled.values()]
    departments: dict[str, list[str]] = {}
    for rel, entry in ordered:
        if entry.get("status") == "ok":
            departments.setdefault(str(entry.get("department") or rel), []).append(rel)
    for department, rels in departments.items():
        sheet = workbook.create_sheet(_sheet_title(department, taken))
        mine = findings[findings["source"].isin(rels)] if not findings.empty else findings
        if not mine.empty:
            mine = mine.assign(_order=mine["severity"].map(SEVERITY_ORDER).fillna(9))
            mine = mine.sort_values(["year", "phase", "_order", "sheet", "cell"], kind="stable")
        records = [] if mine.empty else mine.to_dict("records")
        rows = [
            [
                _label(r.get(c), lang) if c in ("phase", "severity") else _plain(r.get(c))
                for c in columns
            ]
            for r in records
        ]
        _write_sheet(
            sheet,
            header,
            rows,
            wrap=frozenset({9, 10}),
            marks=[r.get("severity") for r in records],
            mark_column=2,
        )
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return Path(path)


def _plain(value: object) -> object:
    """NaN/None -> None; numpy scalars -> Python values (openpyxl writes plain types)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") and not isinstance(value, Decimal) else value


def write_site(out: Path, manifest: dict[str, Any], *, lang: str = "zh") -> dict[str, Path]:
    """Assets, ``findings.xlsx`` and ``index.html`` for a run; returns what was written where."""
    out = Path(out)
    inputs = manifest.get("inputs", {})
    written = {"assets": install_assets(out)}
    written["findings"] = write_findings_xlsx(
        out / "findings.xlsx", inputs, collect_findings(out, inputs), lang=lang
    )
    written["index"] = write_index(out, manifest, lang=lang)
    kinds = {e.get("kind") for e in manifest.get("notebooks", {}).values()}
    for kind, folder in (("department", "departments"), ("overview", "overview")):
        if kind in kinds:
            written[folder] = out / folder
    if any(e.get("feedback") for e in inputs.values()):
        written["feedback"] = out / "feedback"
    written["manifest"] = out / "manifest.json"
    written["log"] = out / "run.log"
    return written


__all__ = [
    "PLOTLY_ASSET",
    "collect_findings",
    "export_html",
    "install_assets",
    "plotly_js",
    "text",
    "write_findings_xlsx",
    "write_index",
    "write_site",
]
