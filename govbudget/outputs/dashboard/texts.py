"""The words of the dashboard and the static site: the ``dashboard`` section of
``govbudget/resources/labels.toml``."""

from __future__ import annotations

from govbudget.labels import phase_label as _phase
from govbudget.labels import scoped

#: The dashboard's ``lang`` text for a key (values filled in, not escaped).
text = scoped("dashboard")
#: The languages a visitor chooses between, each named in its own language.
LANG_NAMES = {"zh": "中文", "en": "English"}


def phase_label(phase: str, lang: str) -> str:
    """A phase as a heading or button: '决算', 'Final accounts'."""
    name = _phase(phase, lang)
    return name[:1].upper() + name[1:]
