"""The workbook reader: disclosure workbooks in, :class:`~govbudget.model.Package` out.

Pipeline: :mod:`~govbudget.read.engines` opens the file safely and yields sheets (calamine,
bounded) → :mod:`~govbudget.read.grid` wraps cells and merged ranges →
:mod:`~govbudget.read.headers` finds title, unit, 编制部门 line and header block and names the
columns → :mod:`~govbudget.read.extract` reads rows, codes, amounts and notes →
:mod:`~govbudget.read.meta` gathers metadata and narrative text.
"""

from govbudget.read.package import read_lines, read_package

__all__ = ["read_lines", "read_package"]
