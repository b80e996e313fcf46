"""The report site: HTML pages from executed notebooks, ``index.html`` and ``findings.xlsx``.

Pages are exported with nbconvert's ``lab`` template, code hidden. Charts are the ``text/html``
outputs of :func:`govbudget.display.show_chart`: a ``<div>`` and a ``Plotly.newPlot`` call that
relies on one shared ``assets/plotly.min.js`` (copied from the installed plotly package) loaded
by every page through a relative ``<script src>``, so the site works offline and no page carries
its own 5 MB copy of plotly.js. The CDN scripts of the stock template (require.js, MathJax,
mermaid, widgets) are left out.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import shutil
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from govbudget.io import atomic_path, safe_cell, sha256_file, write_text
from govbudget.labels import SEVERITY_ORDER, has, label, scoped

PLOTLY_ASSET = "assets/plotly.min.js"
AMOUNT_COLUMNS = ("expected", "actual", "difference")

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

#: A label of the site in ``lang`` ('zh' or 'en').
text = scoped("site")


def _label(value: object, lang: str) -> object:
    """A severity, phase or run status as words; anything else as it is."""
    if not isinstance(value, str):
        return value
    for key in (f"severity.{value}", f"phase.{value}", f"site.{value}"):
        if has(key):
            return label(key, lang)
    return value


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


def findings_to_json(frame: pd.DataFrame) -> str:
    """Findings frame (``Report.to_frame()``) -> JSON records; amounts kept exact as strings."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return json.dumps(records, ensure_ascii=False, default=str)


def findings_from_json(payload: str) -> pd.DataFrame:
    """Inverse of :func:`findings_to_json`."""
    frame = pd.DataFrame(json.loads(payload))
    for column in AMOUNT_COLUMNS:
        if column in frame:
            frame[column] = [None if v is None else Decimal(str(v)) for v in frame[column]]
    return frame


def collect_findings(out: Path, inputs: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """All cached findings of a run's readable inputs, one frame with a ``source`` column
    (the workbook's path relative to the data folder)."""
    frames = []
    for rel, entry in inputs.items():
        if entry.get("status") == "ok" and entry.get("findings"):
            frame = findings_from_json((Path(out) / entry["findings"]).read_text("utf-8"))
            frames.append(frame.assign(source=rel))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


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


# --- index ---------------------------------------------------------------------------------

_INDEX_CSS = """body{font:15px/1.5 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222}h1{font-size:1.6em}h2{margin-top:1.6em;font-size:1.25em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border-bottom:1px solid #ddd;
padding:4px 8px;text-align:left}th{background:#f3f6fa}td.n{text-align:right}
.bad{color:#b00020;font-weight:bold}.muted{color:#666}ul.files li{display:inline;margin-right:1.5em}"""


def _link(href: str | None, label: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(label)}</a>' if href else ""


def _status(entry: dict[str, Any], lang: str) -> str:
    status = entry.get("status", "pending")
    if status == "ok":
        return html.escape(text("ok", lang))
    detail = html.escape(str(entry.get("error") or ""))
    return f'<span class="bad" title="{detail}">{html.escape(text(status, lang))}</span>'


def _group_key(entry: dict[str, Any]) -> tuple:
    """Latest year first, budget before final accounts, then by title."""
    phase = {"budget": 0, "final": 1}.get(entry.get("phase") or "", 2)
    return (
        -(entry.get("year") or 0),
        phase,
        str(entry.get("group", "")),
        str(entry.get("title", "")),
    )


def write_index(out: Path, manifest: dict[str, Any], *, lang: str = "zh") -> Path:
    """``index.html`` linking every page, feedback workbook and download of the run."""
    out = Path(out)
    inputs: dict[str, dict[str, Any]] = manifest.get("inputs", {})
    pages = {n: e for n, e in manifest.get("notebooks", {}).items() if (out / e["html"]).is_file()}
    ok = [e for e in inputs.values() if e.get("status") == "ok"]
    counts = {
        "packages": len(inputs),
        "errors": sum(e.get("errors") or 0 for e in ok),
        "warnings": sum(e.get("warnings") or 0 for e in ok),
        "pages": len(pages),
    }
    now = dt.datetime.now().isoformat(sep=" ", timespec="minutes")
    parts = [
        f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text('site_title', lang)}</title><style>{_INDEX_CSS}</style></head><body>",
        f"<h1>{text('site_title', lang)}</h1>",
        f'<p class="muted">{text("generated", lang)}: {now} · {text("data", lang)}: '
        f"{html.escape(str(manifest.get('data', '')))}</p>",
        f"<p>{html.escape(text('summary_line', lang).format(**counts))}</p>",
        f'<ul class="files"><li>{_link("findings.xlsx", text("findings_xlsx", lang))}</li>'
        f"<li>{_link('manifest.json', text('manifest', lang))}</li>"
        f"<li>{_link('run.log', text('log', lang))}</li></ul>",
    ]
    overview = sorted((e for e in pages.values() if e.get("kind") == "overview"), key=_group_key)
    if overview:
        parts.append(f"<h2>{text('overview', lang)}</h2><ul>")
        parts += [
            f"<li>{_link(e['html'], e.get('title') or e['html'])} {_status(e, lang)}</li>"
            for e in overview
        ]
        parts.append("</ul>")
    departments = sorted(
        (e for e in pages.values() if e.get("kind") == "department"), key=_group_key
    )
    heads = ("department", "level", "score", "errors", "warnings", "page", "feedback", "status")
    group = None
    for entry in departments:
        if entry.get("group") != group:
            if group is not None:
                parts.append("</table>")
            group = entry.get("group")
            parts.append(
                f"<h2>{text('departments', lang)} · {html.escape(str(group))}</h2><table>"
                + "".join(f"<th>{text(h, lang)}</th>" for h in heads)
            )
        source = inputs.get(entry.get("source", ""), {})
        score = source.get("score")
        cells = [
            html.escape(str(source.get("department") or entry.get("title", ""))),
            html.escape(str(source.get("level") or "")),
            f'<td class="n">{"" if score is None else f"{score:.1f}"}',
            f'<td class="n">{source.get("errors", "")}',
            f'<td class="n">{source.get("warnings", "")}',
            _link(entry["html"], text("view", lang)),
            _link(source.get("feedback"), text("download", lang)),
            _status(entry, lang),
        ]
        parts.append("<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}" for c in cells))
    if group is not None:
        parts.append("</table>")
    other = sorted(
        (e for e in pages.values() if e.get("kind") not in ("overview", "department")),
        key=_group_key,
    )
    if other:
        parts.append(f"<h2>{text('other', lang)}</h2><ul>")
        parts += [
            f"<li>{_link(e['html'], e.get('title') or e['html'])} {_status(e, lang)}</li>"
            for e in other
        ]
        parts.append("</ul>")
    bad = {rel: e for rel, e in inputs.items() if e.get("status") != "ok"}
    if bad:
        parts.append(f"<h2>{text('unreadable', lang)}</h2><ul>")
        parts += [
            f"<li>{html.escape(rel)}: {html.escape(str(e.get('error', '')))}</li>"
            for rel, e in sorted(bad.items())
        ]
        parts.append("</ul>")
    parts.append("</body></html>\n")
    return write_text(out / "index.html", "\n".join(parts))


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
    "findings_from_json",
    "findings_to_json",
    "install_assets",
    "plotly_js",
    "text",
    "write_findings_xlsx",
    "write_index",
    "write_site",
]
