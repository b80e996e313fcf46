"""The PDF reader: a text-layer disclosure PDF in, a :class:`~govbudget.model.Package` out.

Pipeline: :mod:`~govbudget.ingest.pdf.document` opens the file within bounds →
:mod:`~govbudget.ingest.pdf.text` reads each page's characters (with boxes), lines and ruling
lines → :mod:`~govbudget.ingest.pdf.tables` finds the tables by title and reads them through
:mod:`~govbudget.ingest.pdf.grid` with the workbook reader's header and row logic →
:mod:`~govbudget.ingest.pdf.narrative` keeps the narrative sections →
:mod:`~govbudget.ingest.pdf.meta` adds the cover's metadata. Every figure's ``cell`` is its
page and box, ``p{page} (x0,y0,x1,y1)``.
"""

from govbudget.ingest.pdf.reader import read_pdf

__all__ = ["read_pdf"]
