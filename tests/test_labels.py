"""The one vocabulary: every zh/en label in ``govbudget/resources/labels.toml``, one lookup."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from govbudget import labels
from govbudget.paths import resource
from govbudget.tables import MINSHENG_FIELDS, PHASE_ZH, TABLES

CJK = re.compile(r"[\u4e00-\u9fff]")


def _all() -> dict[str, dict[str, list[str]]]:
    text = resource("labels.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_every_label_has_chinese_and_english_without_chinese():
    for section, entries in _all().items():
        for key, pair in entries.items():
            assert len(pair) == 2 and all(pair), (section, key)
            assert not CJK.search(pair[1]), (section, key, pair[1])


def test_one_lookup_fills_values_and_refuses_unknown_languages():
    assert labels.label("chart.city", "en", n=3) == "City (3 departments)"
    assert labels.scoped("dashboard")("title", "zh") == labels.label("dashboard.title", "zh")
    with pytest.raises(ValueError):
        labels.label("chart.city", "fr", n=3)


def test_severity_phase_table_and_minsheng_vocabulary_come_from_the_file():
    assert labels.SEVERITY_ORDER == {"error": 0, "warning": 1, "info": 2}
    assert PHASE_ZH == {"budget": "预算", "final": "决算"}
    assert labels.phase_label("final", "en") == "final accounts"
    assert {t.id: t.zh for t in TABLES} == {k: v[0] for k, v in _all()["table"].items()}
    assert MINSHENG_FIELDS["procedure"] == "发放程序"


def test_no_module_keeps_its_own_label_table_or_severity_order():
    """The vocabulary is defined once: no other module declares zh/en pairs or SEVERITY_ORDER."""
    root = Path(str(resources.files("govbudget")))
    pair = re.compile(r'^\s*"[a-z_0-9]+": \("[^"]*[\u4e00-\u9fff][^"]*", "[^"]*"\),?$', re.M)
    order = re.compile(r"^SEVERITY_ORDER\s*=", re.M)
    for module in ("reporting.py", "findings.py", "display.py", "views.py", "charts/labels.py",
                   "outputs/report_site/site.py", "outputs/report_site/site_text.py",
                   "outputs/report_site/site_index.py", "outputs/report_site/run.py",
                   "outputs/report_site/plan.py", "outputs/dashboard/texts.py",
                   "outputs/static_site.py"):  # fmt: skip
        source = (root / module).read_text("utf-8")
        assert not pair.search(source), module
        assert not order.search(source), module
