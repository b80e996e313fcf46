"""The classification catalogue (政府收支分类科目): codes per year and scheme, with sources.

Shipped data lives in ``govbudget/resources/classification/`` (see its README). ``load_catalogue()`` returns a
cached :class:`Catalogue`; :func:`import_workbook` merges a Ministry of Finance catalogue workbook
as a complete, user-imported year.
"""

from __future__ import annotations

from govbudget.catalogue.core import Catalogue, Entry
from govbudget.catalogue.diff import diff_years
from govbudget.catalogue.importer import ImportResult, import_workbook, read_workbook
from govbudget.catalogue.load import DATA_DIR, ENV_VAR, load_catalogue
from govbudget.catalogue.names import normalise_name, same_name, strip_suffix

__all__ = [
    "DATA_DIR",
    "ENV_VAR",
    "Catalogue",
    "Entry",
    "ImportResult",
    "diff_years",
    "import_workbook",
    "load_catalogue",
    "normalise_name",
    "read_workbook",
    "same_name",
    "strip_suffix",
]
