"""One factory for packages built in code (development only; the wheel does not ship it).

* :mod:`~govbudget_dev.factory.rows` — the parts of every package: coded rows summed from their
  leaves, summary lines, the 三公 row, 空表说明, titles, cells for in-memory checks.
* :mod:`~govbudget_dev.factory.standard` — :func:`clean_package`, the tests' consistent package
  (department, year, phase, level, gov-fund or not, ``seed`` for the amounts), with the
  narrative parts of :mod:`~govbudget_dev.factory.narrative` quoting its figures.
* :mod:`~govbudget_dev.factory.edit` — knobs to plant a defect at a logical place (:class:`Where`).
* ``govbudget_dev.examples`` (the shipped example workbooks) and ``govbudget_dev.sample`` (the
  sample city, from ledgers) build their tables with the same parts; ``govbudget_dev.write``
  writes any package as a workbook in one of its layouts.
"""

from govbudget_dev.factory.edit import (
    Where,
    add_to,
    cell_of,
    copy_of,
    drop_rows,
    find_row,
    set_amount,
)  # fmt: skip
from govbudget_dev.factory.narrative import narrative_texts
from govbudget_dev.factory.standard import clean_package

__all__ = [
    "Where", "add_to", "cell_of", "clean_package", "copy_of", "drop_rows", "find_row",
    "narrative_texts", "set_amount",
]  # fmt: skip
