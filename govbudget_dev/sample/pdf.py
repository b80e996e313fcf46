"""The sample's PDFs: workbooks printed the way departments publish them, with LibreOffice.

A department sets its workbook up for printing (columns wide enough for their text, table
cells bordered, landscape, each sheet fitted to the page width) and exports it with
``soffice --headless --convert-to pdf``; :func:`convert` does the same. The PDFs of the
sample city (the units whose ``published_as`` is ``'pdf'``, default seed) are committed in
``published/``, so ``govbudget sample`` needs no LibreOffice; another seed prints them afresh.
``python -m govbudget_dev.sample`` prints the committed ones again (after a change to
the generator or the writer), and ``tests/test_sample_pdf.py`` proves they are current.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border, Side

from govbudget.errors import UsageError
from govbudget.io import atomic_path
from govbudget_dev.sample.city import SamplePackage, generate_city
from govbudget_dev.write import write_package

#: the committed PDFs: ``<year>_<phase>/<slug>.pdf``, printed from the default seed's workbooks
PUBLISHED = Path(__file__).with_name("published")
SEED = 2016
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def print_ready(source: Path, target: Path) -> Path:
    """The workbook as a department prints it: columns wide enough for their text (a printed
    cell cuts what overflows into a filled neighbour), table cells bordered, landscape, fit to
    width. The border starts at the first row holding two cells that is not the 编制部门 line."""
    book = openpyxl.load_workbook(source)
    for sheet in book.worksheets:
        widths: dict[str, int] = {}
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if cell.value is not None and not isinstance(cell, MergedCell):
                    size = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(cell.value)) + 2
                    widths[cell.column_letter] = max(widths.get(cell.column_letter, 8), size)
        for letter, width in widths.items():
            sheet.column_dimensions[letter].width = min(width, 60)
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        started = False
        for row in sheet.iter_rows():
            filled = [c.value for c in row if c.value is not None]
            meta = any(isinstance(v, str) and ("编制" in v or "单位：" in v) for v in filled)
            started = started or (len(filled) >= 2 and not meta)
            if started:
                for cell in row:
                    cell.border = _BORDER
    book.save(target)
    return target


def soffice() -> str:
    """The LibreOffice command; a :class:`UsageError` when it is not installed."""
    command = shutil.which("soffice")
    if command is None:
        raise UsageError(
            "打印 PDF 需要 LibreOffice（soffice）· printing the sample's PDFs needs LibreOffice "
            f"(soffice); only seed {SEED} has them ready-made"
        )
    return command


def require_printer(seed: int) -> None:
    """Fail before anything is written when the PDFs of ``seed`` must be printed and cannot."""
    if seed != SEED:
        soffice()


def convert(workbooks: Sequence[Path], targets: Sequence[Path]) -> list[Path]:
    """Print each ``.xlsx`` workbook to the PDF at the matching target, with LibreOffice (its
    own throwaway profile, so it runs beside an open LibreOffice). Each PDF is written
    atomically."""
    if not workbooks:
        return []  # soffice without a file to convert would wait for one
    command = soffice()
    with tempfile.TemporaryDirectory(prefix="govbudget-pdf-") as scratch:
        folder = Path(scratch)
        printed = [print_ready(book, folder / f"{i}.xlsx") for i, book in enumerate(workbooks)]
        profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
        argv = [command, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                *map(str, printed)]  # fmt: skip
        # its own session: on a timeout the whole of LibreOffice (soffice.bin too) is stopped
        with subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True) as process:  # fmt: skip
            try:
                _, error = process.communicate(timeout=900)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                raise
        if process.returncode:
            raise RuntimeError(f"soffice failed ({process.returncode}): {error.decode()[-500:]}")
        for source, target in zip(printed, targets, strict=True):
            with atomic_path(target) as tmp:
                shutil.copyfile(source.with_suffix(".pdf"), tmp)
    return list(targets)


def write_pdfs(
    samples: Sequence[SamplePackage], out: Path, submitted: Path, seed: int
) -> list[Path]:
    """The PDFs of the samples published as PDF, in ``out``: the committed ones for the
    default seed, else printed from their workbooks (already written in ``submitted``)."""
    chosen = [s for s in samples if s.published_as == "pdf"]
    targets = [out / s.published for s in chosen]
    if chosen and seed != SEED:
        return convert([submitted / s.filename for s in chosen], targets)
    for sample, target in zip(chosen, targets, strict=True):
        with atomic_path(target) as tmp:
            shutil.copyfile(PUBLISHED / sample.published, tmp)
    return targets


def print_sample(folder: Path, seed: int = SEED) -> list[Path]:
    """Write the workbooks of the units published as PDF and print them into ``folder``."""
    chosen = [s for s in generate_city(seed) if s.published_as == "pdf"]
    with tempfile.TemporaryDirectory(prefix="govbudget-submitted-") as scratch:
        books = [write_package(s.package, Path(scratch) / s.filename, s.layout) for s in chosen]
        return convert(books, [folder / s.published for s in chosen])
