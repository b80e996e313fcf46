"""The report run behind ``govbudget report``: :mod:`.run` (the job, start to end), :mod:`.plan`
(stage 1: the checked dataset and feedback copies; then the notebook jobs), :mod:`.runner`
(papermill in warm kernels, the manifest), :mod:`.kernel` (a warm kernel), :mod:`.site`
(HTML pages, ``index.html``, ``findings.xlsx``)."""
