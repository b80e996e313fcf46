"""``python -m govbudget_dev.sample``: print the committed PDFs of the sample city again."""

from govbudget_dev.sample.pdf import PUBLISHED, print_sample

for path in print_sample(PUBLISHED):
    print(path)
