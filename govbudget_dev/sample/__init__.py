"""The sample city: Urumqi's departments, districts and townships, 2015–2017.

``generate_city`` builds the Package models (budgets 2015–2017, final accounts 2015–2016)
with a documented minority of defects; ``write_sample`` writes them as workbooks in the
layouts real budget systems produce — a few units as the PDF LibreOffice prints (``pdf.py``),
their submitted workbooks beside — with ``index.csv`` and ``DEFECTS.md``.
``generate_province`` repeats the machinery in generated cities for scale tests.
"""

from govbudget_dev.sample.city import SamplePackage, generate_city, generate_province
from govbudget_dev.sample.defects import DEFECTS, Defect
from govbudget_dev.sample.departments import DEPARTMENTS, Department
from govbudget_dev.sample.output import submitted_folder, write_sample

__all__ = [
    "DEFECTS",
    "DEPARTMENTS",
    "Defect",
    "Department",
    "SamplePackage",
    "generate_city",
    "generate_province",
    "submitted_folder",
    "write_sample",
]
