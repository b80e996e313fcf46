"""The report site's ``index.html``: every page, feedback workbook and download of a run.

Department tables keep two things apart: what the check found (score, errors, warnings and a
compliance word) and whether the report page was produced (a link, or the run's failure).
The tables sort by any column and filter by name and by compliance with a few lines of plain
JavaScript in the page (nothing fetched from elsewhere); without JavaScript they still read.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from govbudget.io import write_text
from govbudget.outputs.report_site.site_text import text

_INDEX_CSS = """body{font:15px/1.5 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222}h1{font-size:1.6em}h2{margin-top:1.6em;font-size:1.25em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border-bottom:1px solid #ddd;
padding:4px 8px;text-align:left}th{background:#f3f6fa}td.n{text-align:right}
th[data-sortable]{cursor:pointer}th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}.gb-filter{display:flex;flex-wrap:wrap;gap:1em;
margin:1em 0}.gb-filter input{min-width:14em}
.bad{color:#b00020;font-weight:bold}.warn{color:#8a5a00}.good{color:#1b6e20}
.muted{color:#666}ul.files li{display:inline;margin-right:1.5em}
@media (max-width:600px){table{font-size:13px}th,td{padding:3px 4px}}"""

#: sort on click (numbers by data-sort), filter rows by text and by data-compliance
_INDEX_JS = """(function(){
var q=document.getElementById('gb-q'),c=document.getElementById('gb-c');
function apply(){var t=q.value.trim().toLowerCase(),k=c.value;
document.querySelectorAll('table.gb-index tbody tr').forEach(function(r){
r.hidden=!((!t||r.textContent.toLowerCase().indexOf(t)>=0)&&(!k||r.dataset.compliance===k));});}
q.addEventListener('input',apply);c.addEventListener('change',apply);
function key(r,i){var d=r.cells[i],v=d.dataset.sort!==undefined?d.dataset.sort:d.textContent.trim();
var n=parseFloat(v);return v!==''&&!isNaN(n)&&/^-?[0-9.]+$/.test(v)?n:v;}
document.querySelectorAll('table.gb-index th[data-sortable]').forEach(function(th){
function sort(){var tb=th.closest('table').tBodies[0],i=th.cellIndex,
asc=th.getAttribute('aria-sort')!=='ascending',rows=Array.prototype.slice.call(tb.rows);
th.parentNode.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',asc?'ascending':'descending');
rows.sort(function(a,b){var x=key(a,i),y=key(b,i),o=typeof x==='number'&&typeof y==='number'?
x-y:String(x).localeCompare(String(y),'zh');return asc?o:-o;});
rows.forEach(function(r){tb.appendChild(r);});}
th.addEventListener('click',sort);th.addEventListener('keydown',function(e){
if(e.key==='Enter'||e.key===' '){e.preventDefault();sort();}});});})();"""

_HEADS = ("department", "level", "score", "errors", "warnings", "compliance", "run", "feedback")
_NUMERIC = {"score", "errors", "warnings"}
_COMPLIANCE = {"errors": ("has_errors", "bad"), "warnings": ("has_warnings", "warn"),
               "clean": ("clean", "good")}  # fmt: skip


def _link(href: str | None, label: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(label)}</a>' if href else ""


def _failure(entry: dict[str, Any], lang: str) -> str:
    """The run's failure of a page ('' when the notebook ran)."""
    status = entry.get("status", "pending")
    if status == "ok":
        return ""
    detail = html.escape(str(entry.get("error") or ""))
    return f'<span class="bad" title="{detail}">{html.escape(text(status, lang))}</span>'


def _status(entry: dict[str, Any], lang: str) -> str:
    """Whether a page was produced: a link to it, and the run's failure if any."""
    return " ".join(p for p in (_link(entry.get("html"), text("view", lang)),
                                _failure(entry, lang)) if p)  # fmt: skip


def compliance(source: dict[str, Any]) -> str | None:
    """'errors', 'warnings' or 'clean' for a checked workbook; None when it was not checked."""
    if source.get("status") != "ok" or source.get("errors") is None:
        return None
    if source["errors"]:
        return "errors"
    return "warnings" if source.get("warnings") else "clean"


def _group_key(entry: dict[str, Any]) -> tuple:
    """Latest year first, budget before final accounts, then by title."""
    phase = {"budget": 0, "final": 1}.get(entry.get("phase") or "", 2)
    return (-(entry.get("year") or 0), phase, str(entry.get("group", "")),
            str(entry.get("title", "")))  # fmt: skip


def _number(value: object, shown: str) -> str:
    sort = "" if value is None else html.escape(str(value))
    return f'<td class="n" data-sort="{sort}">{shown}</td>'


def _department_row(entry: dict[str, Any], source: dict[str, Any], lang: str) -> str:
    score, state = source.get("score"), compliance(source)
    label, css = _COMPLIANCE.get(state or "", ("", ""))
    cells = [
        f"<td>{html.escape(str(source.get('department') or entry.get('title', '')))}</td>",
        f"<td>{html.escape(str(source.get('level') or ''))}</td>",
        _number(score, "" if score is None else f"{score:.1f}"),
        _number(source.get("errors"), str(source.get("errors", ""))),
        _number(source.get("warnings"), str(source.get("warnings", ""))),
        f'<td class="{css}">{text(label, lang) if label else ""}</td>',
        f"<td>{_status(entry, lang)}</td>",
        f"<td>{_link(source.get('feedback'), text('download', lang))}</td>",
    ]
    return f'<tr data-compliance="{state or ""}">' + "".join(cells) + "</tr>"


def _filter(lang: str) -> str:
    options = "".join(f'<option value="{value}">{text(label, lang)}</option>'
                      for value, (label, _) in _COMPLIANCE.items())  # fmt: skip
    return (
        f'<div class="gb-filter"><label>{text("search", lang)} <input id="gb-q" type="search">'
        f'</label><label>{text("compliance", lang)} <select id="gb-c"><option value="">'
        f"{text('all', lang)}</option>{options}</select></label></div>"
        f'<p class="muted">{html.escape(text("index_note", lang))}</p>'
    )


def _departments(pages: dict[str, Any], inputs: dict[str, Any], lang: str) -> list[str]:
    entries = sorted((e for e in pages.values() if e.get("kind") == "department"), key=_group_key)
    if not entries:
        return []
    parts = [_filter(lang)]
    heads = "".join(
        f'<th scope="col" data-sortable tabindex="0">{text(h, lang)}</th>' for h in _HEADS
    )
    group: object = None
    for entry in entries:
        if entry.get("group") != group:
            if group is not None:
                parts.append("</tbody></table>")
            group = entry.get("group")
            parts.append(f"<h2>{text('departments', lang)} · {html.escape(str(group))}</h2>"
                         f'<table class="gb-index"><thead><tr>{heads}</tr></thead><tbody>')  # fmt: skip
        parts.append(_department_row(entry, inputs.get(entry.get("source", ""), {}), lang))
    parts.append("</tbody></table>")
    return parts


def _page_list(title: str, entries: list[dict[str, Any]], lang: str) -> list[str]:
    if not entries:
        return []
    items = [f"<li>{_link(e['html'], str(e.get('title') or e['html']))} {_failure(e, lang)}</li>"
             for e in entries]  # fmt: skip
    return [f"<h2>{title}</h2><ul>", *items, "</ul>"]


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
    by_kind = sorted(pages.values(), key=_group_key)
    parts += _page_list(text("overview", lang),
                        [e for e in by_kind if e.get("kind") == "overview"], lang)  # fmt: skip
    parts += _departments(pages, inputs, lang)
    other = [e for e in by_kind if e.get("kind") not in ("overview", "department")]
    parts += _page_list(text("other", lang), other, lang)
    bad = {rel: e for rel, e in inputs.items() if e.get("status") != "ok"}
    if bad:
        parts.append(f"<h2>{text('unreadable', lang)}</h2><ul>")
        parts += [
            f"<li>{html.escape(rel)}: {html.escape(str(e.get('error', '')))}</li>"
            for rel, e in sorted(bad.items())
        ]
        parts.append("</ul>")
    if any(e.get("kind") == "department" for e in pages.values()):
        parts.append(f"<script>{_INDEX_JS}</script>")
    parts.append("</body></html>\n")
    return write_text(out / "index.html", "\n".join(parts))
