"""Readers that turn a published disclosure into a :class:`~govbudget.model.Package`.

:mod:`govbudget.ingest.pdf` reads text-layer PDFs; workbooks are read by :mod:`govbudget.read`.
"""
