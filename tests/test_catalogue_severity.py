"""Findings resting on an unverified catalogue row are info and name the row's source; rows
from a real table (or the legacy catalogue, the template, an official import) keep severity."""

from __future__ import annotations

from govbudget.catalogue import load_catalogue
from govbudget.check import check_package
from govbudget.rules.catalogue import unverified_source
from govbudget_dev.factory import Where, clean_package, copy_of, find_row


def _findings(package, rule):
    return {f.code: f for f in check_package(package, load_catalogue()).findings if f.rule == rule}


def test_name_differing_from_an_unverified_row_is_info_naming_its_source():
    cat = load_catalogue()
    assert unverified_source(cat.lookup("2010102", 2026))  # domain knowledge
    package = copy_of(clean_package(year=2026))
    find_row(package, Where("gpb_expenditure", code="2010102")).name = "一般行政事务"
    finding = _findings(package, "CAT002")["2010102"]
    assert finding.severity == "info"
    assert "domain knowledge" in finding.message_en and "domain knowledge" in finding.message_zh


def test_name_differing_from_a_real_table_row_keeps_its_warning():
    cat = load_catalogue()
    entry = cat.lookup("2210201", 2026)
    assert entry.source.startswith("real table: ") and unverified_source(entry) is None
    package = copy_of(clean_package(year=2026))
    find_row(package, Where("gpb_expenditure", code="2210201")).name = "公积金"
    assert _findings(package, "CAT002")["2210201"].severity == "warning"


def test_unknown_code_under_an_unverified_parent_is_info():
    package = copy_of(clean_package(year=2026))
    find_row(package, Where("gpb_expenditure", code="2010102")).code = "2010188"  # under 20101
    finding = _findings(package, "CAT001")["2010188"]
    assert finding.severity == "info" and "domain knowledge" in finding.message_en


def test_unknown_code_under_a_verified_parent_keeps_its_warning():
    package = copy_of(clean_package(year=2026))
    find_row(package, Where("gpb_expenditure", code="2210201")).code = "2210288"  # 22102: real
    assert _findings(package, "CAT001")["2210288"].severity == "warning"
