"""The report site's labels: the ``site`` section of ``govbudget/resources/labels.toml``."""

from __future__ import annotations

from govbudget.labels import has, label, scoped

#: A label of the site in ``lang`` ('zh' or 'en').
text = scoped("site")


def display_label(value: object, lang: str) -> object:
    """A severity, phase or run status as words; anything else as it is."""
    if not isinstance(value, str):
        return value
    for key in (f"severity.{value}", f"phase.{value}", f"site.{value}"):
        if has(key):
            return label(key, lang)
    return value
