"""Feedback copies: the annotated copy of a checked input that goes back to its department.

* :mod:`.workbook` — a workbook's copy (.xlsx): every finding's cell filled and commented, the
  likely cause boxed, a first sheet 检查结果 that prints on A4; values only, formula-safe;
* :mod:`.source` — the input opened in bounded memory (values, clipped merged ranges);
* :mod:`.pdf` — a PDF's copy: highlights on every finding's box, a summary page in front;
* :mod:`.font` — the CJK font embedded in that summary page.

:func:`write_feedback_copy` picks the kind by the input; the original is never touched.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from govbudget.feedback.workbook import (
    FEEDBACK_SUFFIX,
    FILLS,
    HEADER,
    SHEET,
    feedback_path,
    write_feedback,
)
from govbudget.findings import Finding
from govbudget.location import is_pdf_file


def write_feedback_copy(
    file: Path, findings: Sequence[Finding], out_dir: Path, *, avoid: Collection[str | Path] = ()
) -> Path:
    """The annotated copy of a checked input, by its kind: a PDF gets an annotated PDF
    (``feedback_pdf``), a workbook an annotated workbook (named by :func:`feedback_path`, never
    one of ``avoid``); returns the copy's path."""
    if is_pdf_file(file):
        from govbudget.feedback.pdf import write_pdf_feedback

        return write_pdf_feedback(file, findings, out_dir)
    target = feedback_path(file, out_dir, avoid=avoid)
    return write_feedback(file, findings, target.parent, target=target)


__all__ = [
    "FEEDBACK_SUFFIX",
    "FILLS",
    "HEADER",
    "SHEET",
    "feedback_path",
    "write_feedback",
    "write_feedback_copy",
]
