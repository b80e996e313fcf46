"""Name normalisation for classification names (科目名称).

Disclosures and catalogues write the same name in many ways: full- or half-width brackets and
quotes, stray spaces, numbering (``一、``), a ``(类)``/``(款)``/``(项)`` marker, or — in platform
exports — a trailing qualifier that makes 项 names unique (``行政运行（人大）``). Names compare equal
when their normalised forms are equal.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from govbudget.codes import clean_name

_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")
_MARKER = re.compile(r"[(（]\s*[类款项]\s*[)）]")
_SPACES = re.compile(r"\s+")
_SUFFIX = re.compile(r"\([^()]*\)$")


def strip_suffix(name: str) -> str:
    """Drop one trailing bracketed qualifier: ``'行政运行（人大）'`` -> ``'行政运行'``.

    A bracket inside the name (``'政府办公厅（室）及相关机构事务'``) is kept.
    """
    text = unicodedata.normalize("NFKC", name).strip()
    stripped = _SUFFIX.sub("", text).strip()
    return stripped or text


def normalise_name(name: object, *, suffix: bool = True) -> str:
    """Comparable form of a name: NFKC width, no spaces, quotes, numbering or 类/款/项 markers.

    With ``suffix=True`` a trailing bracketed qualifier is dropped as well (see
    :func:`strip_suffix`); ``suffix=False`` keeps it, so ``'资本性支出（基本建设）'`` and
    ``'资本性支出'`` stay apart.
    """
    if name is None:
        return ""
    return _normalised(name if isinstance(name, str) else str(name), suffix)


@functools.lru_cache(maxsize=1 << 16)
def _normalised(name: str, suffix: bool) -> str:
    """:func:`normalise_name` of a string, remembered (the checker asks for the same 科目 names
    in every package)."""
    text = unicodedata.normalize("NFKC", clean_name(name))
    text = _MARKER.sub("", text.translate(_QUOTES))
    text = _SPACES.sub("", text)
    if suffix:
        text = strip_suffix(text)
    return text


def same_name(a: object, b: object) -> bool:
    """True when two names are equal after :func:`normalise_name`."""
    return normalise_name(a) == normalise_name(b)
