"""Readers that turn a disclosure into a :class:`~govbudget.model.Package`.

:func:`read_package` reads one input of any kind: a workbook (:mod:`govbudget.ingest.workbook`,
.xlsx/.xlsm/.xls/.ods) or a text-layer PDF (:mod:`govbudget.ingest.pdf`). Finding the inputs,
checking them and collecting failures is :mod:`govbudget.validate`'s job.
"""

from govbudget.ingest.workbook.package import read_lines, read_package

__all__ = ["read_lines", "read_package"]
