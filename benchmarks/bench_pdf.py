"""PDF reader speed against pdfplumber's bare table extraction of the same pages.

Reads each real disclosure PDF of ``tests/data/pdf`` (the ``putuo_*`` and ``shanghai_*`` files;
the blank template is left out) completely with ``read_pdf`` (characters, ruling lines,
tables, codes, exact amounts, notes, narrative, metadata, every figure's page and box, and the
bad-PDF bounds) and, in the same run, times ``pdfplumber`` ``page.extract_tables()`` alone over
the same pages (no interpretation at all). The two alternate file by file and both are timed
in CPU seconds of this process (the machine is shared: wall-clock time would measure the
neighbours); each document's time is the best of ``REPEATS`` runs.

Rows: pages per CPU second of each (all pages over the sum of the documents' times), their
ratio (the speed-up, target at least 10×) and each document's own time (target: well under a
second).
"""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium

from govbudget.ingest.pdf import read_pdf

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "pdf"
TARGET = 10.0
REPEATS = 3


def _plumber(path: Path) -> float:
    import pdfplumber

    started = time.process_time()
    with pdfplumber.open(path) as document:
        for page in document.pages:
            page.extract_tables()
    return time.process_time() - started


def _ours(path: Path) -> float:
    started = time.process_time()
    read_pdf(path)
    return time.process_time() - started


def _pages(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def run(quick: bool) -> list[dict]:
    paths = sorted(p for p in DATA.glob("*.pdf") if p.name.startswith(("putuo", "shanghai")))
    repeats = 1 if quick else REPEATS
    ours: dict[Path, float] = {}
    theirs: dict[Path, float] = {}
    for _ in range(repeats):
        for path in paths:
            ours[path] = min(ours.get(path, float("inf")), _ours(path))
            theirs[path] = min(theirs.get(path, float("inf")), _plumber(path))
    pages = {path: _pages(path) for path in paths}
    our_rate = sum(pages.values()) / sum(ours.values())
    their_rate = sum(pages.values()) / sum(theirs.values())
    return [
        {"benchmark": "pdf", "metric": "documents", "value": len(paths), "unit": "PDFs",
         "target": ""},
        {"benchmark": "pdf", "metric": "pages", "value": sum(pages.values()), "unit": "pages",
         "target": ""},
        {"benchmark": "pdf", "metric": "govbudget read_pdf (everything), CPU", "value": our_rate,
         "unit": "pages/s", "target": ""},
        {"benchmark": "pdf", "metric": "pdfplumber extract_tables only, CPU", "value": their_rate,
         "unit": "pages/s", "target": ""},
        {"benchmark": "pdf", "metric": "speed-up (govbudget ÷ pdfplumber pages/s)",
         "value": our_rate / their_rate, "unit": "×", "target": f"≥ {TARGET:.0f}×"},
        *({"benchmark": "pdf", "metric": f"read_pdf {path.stem} ({pages[path]} pages), CPU",
           "value": ours[path], "unit": "s", "target": "< 1 s"} for path in paths),
    ]  # fmt: skip


if __name__ == "__main__":
    for row in run(quick=False):
        print(row)
