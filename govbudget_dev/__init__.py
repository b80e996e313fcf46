"""govbudget's development package (not shipped in the wheel): everything that *makes*
disclosure packages rather than reads them — the package factory (:mod:`govbudget_dev.factory`),
the workbook writer and its layouts (:mod:`govbudget_dev.write`), the sample city (:mod:`govbudget_dev.sample`), the small example
workbooks (:mod:`govbudget_dev.examples`) and the catalogue build script (``catalogue_build/``).
Tests, benchmarks and ``govbudget sample`` (from a source checkout) use it."""
