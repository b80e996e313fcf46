"""The workbook reader: disclosure workbooks in, :class:`~govbudget.model.Package` out.

Pipeline: :mod:`~govbudget.ingest.workbook.engines` opens the file safely and yields sheets (calamine,
bounded) → :mod:`~govbudget.ingest.workbook.grid` wraps cells and merged ranges →
:mod:`~govbudget.ingest.workbook.headers` finds title, unit, 编制部门 line and header block and names the
columns → :mod:`~govbudget.ingest.workbook.extract` reads rows, codes, amounts and notes →
:mod:`~govbudget.ingest.workbook.meta` gathers metadata and narrative text;
:mod:`~govbudget.ingest.workbook.package` puts a package together (``govbudget.ingest.read_package``).
"""
