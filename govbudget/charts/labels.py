"""The words of the charts: the ``chart`` section of ``govbudget/resources/labels.toml`` and its names of
families, levels and phases; measure and item names come from :mod:`govbudget.tables`."""

from __future__ import annotations

from govbudget.labels import has, keys, label, phase_label, scoped
from govbudget.tables import ITEM_BY_ID, MEASURE_BY_ID

t = scoped("chart")
phase_name = phase_label
#: Rule families of the checker, in display order.
FAMILIES: tuple[str, ...] = keys("family")


def level_name(level: str | None, lang: str = "zh") -> str:
    if not isinstance(level, str) or not level:
        return ""
    return label(f"level.{level}", lang) if has(f"level.{level}") else level


def measure_name(measure: str, lang: str = "zh") -> str:
    """A measure's label; ``budget.<measure>`` (the 预算数 block of a 决算 三公 table) says so."""
    base, budget = measure.removeprefix("budget."), measure.startswith("budget.")
    spec = MEASURE_BY_ID[base]
    if lang == "zh":
        return f"{spec.zh}（预算数）" if budget else spec.zh
    return f"{spec.en} (budget)" if budget else spec.en


def item_name(item: str, lang: str = "zh") -> str:
    spec = ITEM_BY_ID[item]
    return spec.zh if lang == "zh" else spec.en


def family_name(family: str, lang: str = "zh") -> str:
    return label(f"family.{family}", lang) if has(f"family.{family}") else family


def depth_name(depth: int, lang: str = "zh") -> str:
    return t(f"depth_{depth}", lang)


def code_label(code: str, published: str | None, year: int, lang: str = "zh") -> str:
    """Display name of a classification code: the catalogue's English name of a 类 in 'en';
    otherwise the name as published, or the catalogue's name for the year if none was."""
    if published and not (lang == "en" and len(code) == 3):
        return published
    from govbudget.catalogue import load_catalogue

    return load_catalogue().label(code, year, lang)
