"""``read_pdf``: the PDF reader's entry point."""

from __future__ import annotations

from pathlib import Path

from govbudget.errors import FileFormatError, NoTablesError
from govbudget.ingest.pdf import meta as pdf_meta
from govbudget.ingest.pdf.document import iter_pages, open_pdf
from govbudget.ingest.pdf.narrative import sections
from govbudget.ingest.pdf.tables import read_tables, segment
from govbudget.ingest.workbook import meta
from govbudget.model import Package


def read_pdf(
    path: str | Path,
    *,
    year: int | None = None,
    phase: str | None = None,
    level: str | None = None,
    department: str | None = None,
) -> Package:
    """Read one text-layer disclosure PDF into a :class:`Package`.

    Keyword arguments override what the document says. Raises an
    :class:`~govbudget.errors.InputError` subclass when the file cannot be read (no text
    layer, password, corrupt, truncated, beyond a size bound, no standard table).
    """
    path = Path(path)
    arguments = meta.argument_candidates(year, phase, level, department)
    phase_hint = next((str(c.value) for c in arguments if c.field == "phase"), None)
    document = open_pdf(path)
    try:
        pages = list(iter_pages(document, path))
    finally:
        document.close()
    if not any(page.lines for page in pages):
        raise FileFormatError(
            "PDF 没有文本层（扫描件？），无法读取 · the PDF has no text layer (a scan?)",
            file=path,
        )
    regions, narrative = segment(pages, phase_hint)
    found, leftover = read_tables(regions, path, phase_hint)
    package = Package(file=str(path), sheets=())
    for table in found:
        if table.id in package.tables:
            package.duplicates.append(table)
        else:
            package.tables[table.id] = table
    if not package.tables:
        raise NoTablesError(
            "未找到任何标准表格（按标题和表头识别）· no standard table recognised by title and "
            "header",
            file=path,
        )
    lines = sorted(narrative + leftover, key=lambda item: (item[0], item[1].y0))
    package.texts = {item.id: item for item in sections(lines)}
    candidates = (
        meta.table_candidates(package)
        + pdf_meta.scope_candidates(package)
        + pdf_meta.cover_candidates(lines)
        + arguments
    )
    meta.apply(package, candidates)
    if package.level is None:
        meta.apply(package, pdf_meta.level_candidates(package))
    return package
