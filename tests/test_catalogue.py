"""The shipped classification catalogue: structure, verified pairs, years, names, crosswalk."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from govbudget.catalogue import DATA_DIR, Catalogue, load_catalogue, normalise_name, same_name
from govbudget.catalogue.load import read_folder
from govbudget.codes import depth_of, parent_of, scheme_of

SOURCE_KINDS = {
    "real table", "template", "legacy catalogue", "domain knowledge", "real table, other year"
}  # fmt: skip
MODERN = [2023, 2024, 2025, 2026]

#: (code, name) pairs printed in real 2026 Shanghai budgets and the 2026 template (SOURCES.md).
VERIFIED_2026 = [
    ("201", "一般公共服务支出"), ("2010506", "统计管理"), ("2013802", "一般行政管理事务"),
    ("20138", "市场监督管理事务"), ("2040607", "公共法律服务"), ("2050205", "高等教育"),
    ("2060702", "科普活动"), ("207", "文化旅游体育与传媒支出"), ("2070109", "群众文化"),
    ("2070114", "文化和旅游管理事务"), ("20805", "行政事业单位养老支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出"), ("2080506", "机关事业单位职业年金缴费支出"),
    ("2080705", "公益性岗位补贴"), ("2080801", "死亡抚恤"), ("210", "卫生健康支出"),
    ("2100717", "计划生育服务"), ("2101101", "行政单位医疗"), ("2120104", "城管执法"),
    ("2120803", "城市建设支出"), ("2130306", "水利工程运行与维护"),
    ("215", "资源勘探工业信息等支出"), ("2150899", "其他支持中小企业发展和管理支出"),
    ("2210201", "住房公积金"), ("2210203", "购房补贴"), ("224", "灾害防治及应急管理支出"),
    ("2240299", "其他消防救援事务支出"), ("2230105", "国有企业退休人员社会化管理补助支出"),
    ("2290804", "福利彩票销售机构的业务费支出"), ("30108", "机关事业单位基本养老保险缴费"),
    ("30113", "住房公积金"), ("30231", "公务用车运行维护费"), ("310", "资本性支出"),
]  # fmt: skip
#: Codes the sample city uses in both catalogue years.
COMMON = [
    "2010101", "2010102", "2010103", "2010150", "2010199", "2050101", "2050201", "2050202",
    "2050203", "2050204", "2050205", "2080501", "2080502", "2080505", "2080506", "2101101",
    "2101102", "2120101", "2120102", "2130101", "2130301", "2210201", "2210202", "2210203",
    "2060101", "2070101", "2070199",
]  # fmt: skip


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def test_every_shipped_year_has_its_schemes(cat):
    assert cat.years("functional") == [2016, *MODERN]
    assert cat.years("economic_dept") == [2016, *MODERN]
    assert cat.years("economic_gov") == MODERN


def test_rows_are_well_formed_unique_and_sourced(cat):
    frame = cat.frame
    assert not frame.duplicated(["year", "scheme", "code"]).any()
    for row in frame.itertuples(index=False):
        assert scheme_of(row.code) == row.scheme, row
        assert depth_of(row.code, row.scheme) == row.level, row
        assert (row.parent or None) == parent_of(row.code), row
        assert row.name.strip() == row.name and row.name, row
        assert row.source.split(":", 1)[0] in SOURCE_KINDS, row


def test_every_kuan_has_its_lei_and_every_xiang_its_kuan(cat):
    for (year, scheme), rows in cat.frame.groupby(["year", "scheme"]):
        codes = set(rows["code"])
        orphans = [c for c in codes if parent_of(c) and parent_of(c) not in codes]
        assert orphans == [], (year, scheme, orphans)


def test_manifest_matches_the_files():
    tables = read_folder(DATA_DIR)
    manifest, codes = tables["manifest"], tables["codes"]
    for row in manifest.itertuples(index=False):
        part = codes[(codes["year"] == row.year) & (codes["scheme"] == row.scheme)]
        assert len(part) == int(row.rows) > 0
        assert row.complete in ("true", "false") and int(row.applies_from) <= int(row.year)


def test_categories_complete_for_both_years(cat):
    lei_2016 = {e.code: e.name for e in cat.entries(2016, "functional", level=1)}
    lei_2025 = {e.code: e.name for e in cat.entries(2025, "functional", level=1)}
    assert lei_2016["210"] == "医疗卫生与计划生育支出" and lei_2025["210"] == "卫生健康支出"
    assert lei_2016["220"] == "国土海洋气象等支出" and lei_2025["220"] == "自然资源海洋气象等支出"
    assert "224" not in lei_2016 and lei_2025["224"] == "灾害防治及应急管理支出"
    expected = {f"2{n:02d}" for n in (*range(1, 18), *range(19, 24), 27, 29, 30, 31, 32, 33)}
    assert set(lei_2016) == expected and set(lei_2025) == expected | {"224"}
    for year in (2016, 2025):
        kuan = {e.code[:3] for e in cat.entries(year, "functional", level=2)}
        assert kuan >= set(lei_2025 if year == 2025 else lei_2016) - {"227"}


def test_most_used_lei_have_xiang_in_both_years(cat):
    for year in (2016, 2025):
        xiang = {e.code[:3] for e in cat.entries(year, "functional", level=3)}
        assert xiang >= {"201", "204", "205", "206", "207", "208", "210", "212", "213", "221"}
    for code in COMMON:
        assert cat.lookup(code, 2016) and cat.lookup(code, 2025), code


@pytest.mark.parametrize(("code", "name"), VERIFIED_2026)
def test_verified_real_pairs_are_present_with_their_names(cat, code, name):
    entry = cat.lookup(code, 2026)
    assert entry is not None and entry.name == name and entry.year == 2026
    assert entry.source.split(":")[0] in ("real table", "template")


def test_real_pairs_are_rows_of_their_own_year(cat):
    """A pair printed in a year's real table is verified in that year's catalogue only."""
    final_2024 = cat.lookup("2010608", 2024)  # 财政委托业务支出, 普陀区财政局 2024年度部门决算
    assert final_2024.year == 2024 and final_2024.source.startswith("real table: ")
    assert "2024年部门决算" in final_2024.source
    assert cat.lookup("2040613", 2026).source.startswith("real table: 上海市普陀区司法局2026年")
    assert cat.lookup("2040613", 2025).name == "信息化建设"  # base knowledge in other years
    assert not cat.lookup("2040613", 2025).source.startswith("real table: ")


def test_corrections_in_20802(cat):
    """Real 2023–2026 district budgets print 2080206 社会组织管理: the code kept its number."""
    for year in MODERN:
        assert cat.lookup("2080206", year).name == "社会组织管理"
        assert cat.lookup("2080206", year).source.startswith("real table: ")
        assert cat.lookup("2080204", year) is None and cat.lookup("2080205", year) is None
        assert cat.lookup("2080208", year).source.startswith("domain knowledge")  # unverified
    moves = {(c.from_code, c.to_code, c.kind) for c in cat.crosswalk.links}
    assert ("2080206", "2080206", "rename") in moves
    assert not {m for m in moves if m[0] in ("2080206", "2080207", "2080208") and m[2] == "move"}


def test_economic_schemes_of_both_years(cat):
    assert cat.lookup("30104", 2016).name == "社会保障缴费"
    assert cat.lookup("304", 2016).name == "对企事业单位的补贴"
    assert cat.lookup("30104", 2025) is None and cat.lookup("30113", 2016) is None
    assert [e.code for e in cat.children("301", 2025) if "30108" <= e.code <= "30114"] == [
        f"301{n:02d}" for n in range(8, 15)
    ]
    assert cat.lookup("50101", 2025).name == "工资奖金津补贴"
    assert {e.code for e in cat.entries(2025, "economic_gov", level=1)} >= {"501", "599"}


def test_year_for_picks_the_governing_catalogue(cat):
    years = (2010, 2015, 2016, 2018, 2019, 2023, 2024, 2025, 2026, 2030)
    assert [cat.year_for(y) for y in years] == [
        2016, 2016, 2016, 2016, 2023, 2023, 2024, 2025, 2026, 2026,
    ]  # fmt: skip
    assert cat.year_for(2017, "economic_dept") == 2016
    assert cat.year_for(2018, "economic_dept") == 2023  # the 2018 economic reform
    assert cat.lookup("30113", 2018).year == 2023 and cat.lookup("2101101", 2020).year == 2023
    assert cat.lookup("2040613", 2026).year == 2026  # a 2026 document is checked against 2026


def test_completeness_is_declared_per_level(cat):
    for year, scheme in [(2016, "functional"), (2025, "functional"), (2025, "economic_gov")]:
        assert not cat.is_complete(year, scheme)
        assert cat.is_complete(year, scheme, level=1)
        assert not cat.is_complete(year, scheme, level=2)


def test_children_and_top_level(cat):
    assert [e.code for e in cat.children("20805", 2025)][:3] == ["2080501", "2080502", "2080503"]
    assert cat.children("", 2025)[0].code == "201"
    assert cat.children("2999999", 2025) == []


def test_contains_and_names_are_vectorised_and_agree_with_lookup(cat):
    known = [e.code for e in cat.entries(2025, "functional")]
    pool = [*known, "2999999", "20199x", "", "3010101", None]
    codes = [pool[i] for i in np.random.default_rng(7).integers(0, len(pool), 5000)]
    expected = [c is not None and cat.lookup(c, 2025, "functional") is not None for c in codes]
    assert cat.contains(codes, 2025, "functional").tolist() == expected
    names = cat.names(pd.Series(codes, dtype="str"), 2025, "functional")
    assert [n is not None for n in names] == expected
    assert names[codes.index("2080505")] == "机关事业单位基本养老保险缴费支出"
    assert cat.contains(np.array([2080505, 201]), 2025, "functional").tolist() == [True, True]
    assert cat.contains([], 2025, "functional").shape == (0,)
    assert cat.contains(["30101"], 2016, "economic_gov").tolist() == [False]


def test_well_formed_is_vectorised():
    codes = ["2010101", "20101", "201", "2011", "abc", None, "30101", "50101", "３０１", "3010101"]
    assert Catalogue.well_formed(codes).tolist() == [
        True, True, True, False, False, False, True, True, False, False,
    ]  # fmt: skip
    assert Catalogue.well_formed(["30101", "2010101"], "economic_dept").tolist() == [True, False]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("行政运行（人大）", "行政运行", True), ("“两房”建设", '"两房"建设', True),
     ("一般公共服务支出(类)", "一般公共服务支出", True), (" 维修（护）费", "维修(护)费", True),
     ("一、社会保障和就业支出", "社会保障和就业支出", True), ("行政运行", "事业运行", False)],
)  # fmt: skip
def test_same_name_normalises(a, b, same):
    assert same_name(a, b) is same
    assert Catalogue.same_name(a, b) is same


def test_normalise_name_can_keep_a_suffix():
    assert normalise_name("资本性支出（基本建设）", suffix=False) == "资本性支出(基本建设)"
    assert normalise_name("政府办公厅（室）及相关机构事务") == "政府办公厅(室)及相关机构事务"


def test_renames_resolve_both_ways(cat):
    assert cat.code_for_name("医疗卫生与计划生育支出", 2025) == "210"
    assert cat.code_for_name("卫生健康支出", 2016) == "210"
    assert cat.code_for_name("文化体育与传媒支出", 2025) == "207"
    assert cat.code_for_name("一般公共服务支出", 2016) == "201"
    assert cat.code_for_name("食品和药品监督管理事务", 2025, level=2) == "20138"
    assert cat.code_for_name("应急管理事务", 2016, level=2) == "21506"
    assert cat.code_for_name("工资福利支出", 2025, scheme="economic_dept") == "301"
    assert cat.code_for_name("行政运行", 2025, level=3) is None  # ambiguous
    assert cat.code_for_name("不存在的支出", 2025) is None
    assert cat.label("210", 2016) == "医疗卫生与计划生育支出"
    assert cat.label("210", 2025) == "卫生健康支出"


def test_stable_keys_compare_like_with_like(cat):
    assert cat.stable_key("210", 2016) == cat.stable_key("210", 2025) == "210"
    assert cat.stable_key("21506", 2016) == cat.stable_key("22401", 2025) == "22401"
    assert cat.stable_key("2150601", 2017) == "2240101"
    assert cat.stable_key("22004", 2016) == "22405"
    assert cat.stable_key("2080204", 2016) == "2082804"  # 拥军优属 moved; the code was reused
    assert cat.stable_key("2080204", 2025) == "2080204"
    assert cat.stable_key("31101", 2016) == "31101@2016"  # dropped, code reused in 2018
    assert cat.stable_key("30311", 2016) == cat.stable_key("30113", 2025)
    assert cat.stable_key("2999999", 2016) == "2999999"


def test_equivalents_follow_the_crosswalk_both_ways(cat):
    assert cat.equivalents("20706", 2016, 2025) == ["20706", "20708"]
    assert cat.equivalents("20138", 2025, 2016) == ["20115", "20117", "21010"]
    assert cat.equivalents("2013801", 2025, 2016) == ["2011501", "2011701", "2101001"]
    assert cat.equivalents("22001", 2025, 2016) == ["22001", "22002", "22003"]
    assert cat.equivalents("31101", 2025, 2016) == []
    assert cat.equivalents("2101101", 2016, 2025) == ["2101101"]


def test_crosswalk_codes_exist_in_their_catalogues(cat):
    for link in cat.crosswalk.links:
        assert cat.lookup(link.from_code, link.from_year), link
        assert link.to_code is None or cat.lookup(link.to_code, link.to_year), link
        assert link.kind in ("rename", "move", "merge", "split", "drop")


def test_english_labels_for_every_lei(cat):
    for year in (2016, 2025):
        for scheme in ("functional", "economic_dept", "economic_gov"):
            for entry in cat.entries(year, scheme, level=1):
                if entry.year == year:
                    assert cat.label(entry.code, year, "en") != entry.name, entry
    assert cat.label("210", 2016, "en") == "Medical care, health and family planning"
    assert cat.label("210", 2025, "en") == "Health"
    assert cat.label("2101101", 2025, "en") == "行政单位医疗"  # 项: no English label
    assert cat.label("2999999", 2025) == "2999999"
    assert cat.label(cat.stable_key("31101", 2016), 2025) == "国内贷款"
    with pytest.raises(ValueError):
        cat.label("210", 2025, "fr")


def test_cofog_and_gfs_mapping(cat):
    assert cat.cofog("210") == ("07", "医疗保健", "Health")
    assert cat.cofog("2100717", 2016)[0] == "07"
    # employer pension / medical / housing-fund contributions: staff costs of every department
    for code in ("20805", "2080505", "21011", "2101101", "22102", "2210201"):
        assert cat.cofog(code)[0] == "01", code
    assert cat.cofog("2080801")[0] == "10" and cat.cofog("2210105")[0] == "06"
    assert cat.cofog("21506", 2016)[0] == "03"  # via 224 灾害防治及应急管理支出
    assert cat.cofog("20603")[0] == "04" and cat.cofog("20602")[0] == "01"
    assert cat.cofog("227") is None and cat.cofog("30101") is None
    assert cat.gfs("30101", 2016)[0] == cat.gfs("301", 2025)[0] == "21"
    assert cat.gfs("311", 2016)[0] == "32" and cat.gfs("312", 2025)[0] == "25"
    assert cat.gfs("31201", 2025)[0] == "32" and cat.gfs("50901")[0] == "27"
    for year in (2016, 2025):
        for entry in cat.entries(year, "functional", level=1):
            if entry.code not in ("227", "229", "231"):
                assert cat.cofog(entry.code, year), entry
        for entry in cat.entries(year, "economic_dept", level=1):
            assert cat.gfs(entry.code, year), entry


def test_summary_and_source_counts(cat):
    summary = cat.summary()
    assert summary["rows"].sum() == len(cat.frame)
    kinds = cat.source_counts()
    assert set(kinds["kind"]) == SOURCE_KINDS
    real = kinds[(kinds["year"] == 2016) & (kinds["kind"].isin(["real table", "template"]))]
    assert real.empty  # the real tables are 2024–2026 documents: they vouch for their own year
