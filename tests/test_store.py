"""The archive: upsert by key, exact amounts, queries, Parquet round trip, crash safety, CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from govbudget.errors import FileFormatError, UsageError
from govbudget.model import LINE_COLUMNS, YUAN_DTYPE, Amount, Package, Row, Table
from govbudget.store import REPORT_COLUMNS, SCORE_COLUMNS, Record, Store, StoreKeyError

# 类 205 → 款 20502 → 项 2050205; 类 208 → 款 20801 → 项 2080101 (amounts in fen per scale)
_ROWS = (("205", 1, "教育支出"), ("20502", 2, "普通教育"), ("2050205", 3, "高等教育"),
         ("208", 1, "社会保障和就业支出"), ("20801", 2, "人力资源和社会保障管理事务"),
         ("2080101", 3, "行政运行"))  # fmt: skip


def make_package(
    department: str = "教育局",
    year: int = 2016,
    phase: str = "budget",
    fen: int = 123_456_789_012_345,
    file: str | None = None,
    level: str = "市级",
) -> Package:
    """A package with one expenditure table: two 类 with their 款 and 项, and a 合计 row."""
    table = Table(
        id="expenditure", sheet="表4", title=f"{year}年部门支出总表", title_cell="A1", unit="元",
        columns={"total": "D", "basic": "E", "project": "F"},
    )  # fmt: skip
    for i, (code, depth, name) in enumerate(_ROWS):
        share = fen if code.startswith("205") else fen // 7
        r = 6 + i
        table.rows.append(
            Row(r, name, f"B{r}", code=code, code_cell=f"A{r}", scheme="functional", depth=depth,
                amounts={"total": Amount(share, f"D{r}"), "basic": Amount(share - 1, f"E{r}"),
                         "project": Amount(1, f"F{r}")})
        )  # fmt: skip
    total = fen + fen // 7
    table.rows.append(Row(12, "合计", "B12", item="total", amounts={"total": Amount(total, "D12")}))
    return Package(
        file=file or f"/data/{year}_{phase}/{department}.xlsx", department=department, year=year,
        phase=phase, level=level, tables={"expenditure": table},
    )  # fmt: skip


def findings_frame(package: Package, rules: list[tuple[str, str]]) -> pd.DataFrame:
    """A findings frame shaped like ``Report.to_frame()`` for ``(rule, severity)`` pairs."""
    rows = [
        {"package": package.id, "department": package.department, "year": package.year,
         "phase": package.phase, "level": package.level, "rule": rule, "family": rule[:3],
         "severity": severity, "table": "expenditure", "sheet": "表4", "cell": "D6",
         "code": "205", "message_zh": "合计不等于各项之和", "message_en": "total ≠ sum of parts",
         "expected": Decimal("10.00"), "actual": Decimal("10.01"), "difference": Decimal("0.01")}
        for rule, severity in rules
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "archive.duckdb") as archive:
        yield archive


def test_lines_round_trip_exactly(store: Store) -> None:
    package = make_package()
    store.upsert(package)
    got = store.lines()
    want = package.lines()
    assert list(got.columns) == list(LINE_COLUMNS)
    assert got["amount_yuan"].dtype == YUAN_DTYPE
    assert got["amount_yuan"].tolist() == want["amount_yuan"].tolist()
    assert got["amount_yuan"].iloc[0] == Decimal("1234567890123.45")
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_upsert_replaces_package_and_keeps_others(store: Store) -> None:
    store.upsert(make_package("教育局", fen=100))
    store.upsert(make_package("卫生局", fen=500))
    smaller = make_package("教育局", fen=300)
    smaller.tables["expenditure"].rows = smaller.tables["expenditure"].rows[:3]
    store.upsert(smaller)
    education = store.lines(department="教育局")
    assert len(education) == 3 * 3
    assert education["amount_yuan"].iloc[0] == Decimal("3.00")
    assert len(store.lines(department="卫生局")) == 6 * 3 + 1
    assert store.info()["packages"] == 2


def test_findings_and_scores(store: Store) -> None:
    package = make_package()
    rules = [("SUM001", "error"), ("CAT002", "warning"), ("SUM002", "error")]
    store.upsert(package, findings=findings_frame(package, rules), score=72.5)
    store.upsert(make_package("卫生局"), findings=findings_frame(package, [])[:0], score=100.0)
    findings = store.findings(package=package.id)
    assert list(findings.columns) == list(REPORT_COLUMNS)
    assert findings["rule"].tolist() == ["SUM001", "CAT002", "SUM002"]
    assert findings["difference"].tolist() == [Decimal("0.01")] * 3
    scores = store.scores()
    assert list(scores.columns) == list(SCORE_COLUMNS)
    assert scores.set_index("department")[["score", "errors", "warnings"]].to_dict("index") == {
        "卫生局": {"score": 100.0, "errors": 0, "warnings": 0},
        "教育局": {"score": 72.5, "errors": 2, "warnings": 1},
    }
    # ingesting again without a check drops the old findings and score
    store.upsert(package)
    assert store.findings(department="教育局").empty
    assert store.scores()["department"].tolist() == ["卫生局"]
    assert not store.packages(department="教育局")["checked"].iloc[0]


def test_department_years_and_city_totals(store: Store) -> None:
    store.upsert_many(
        [Record.build(make_package("教育局", year, fen=100 * year)) for year in (2016, 2017)]
        + [Record.build(make_package("卫生局", 2016, fen=1)),
           Record.build(make_package("卫生局", 2016, phase="final", fen=999))]
    )  # fmt: skip
    years = store.department_years("教育局")
    assert years["year"].unique().tolist() == [2016, 2017]
    assert set(years["department"]) == {"教育局"}
    totals = store.city_totals(2016, "budget")
    assert totals["code"].tolist() == ["205", "208"]
    # 205: 教育局 201600 fen + 卫生局 1 fen; 208: 201600 // 7 + 1 // 7
    assert totals["amount_yuan"].tolist() == [Decimal("2016.01"), Decimal("288.00")]
    assert totals["departments"].tolist() == [2, 2]
    assert store.city_totals(2016, "budget", depth=3)["code"].tolist() == ["2050205", "2080101"]
    assert store.city_totals(2015, "budget").empty


def test_last_record_of_a_key_wins_in_a_batch(store: Store) -> None:
    batch = [Record.build(make_package(fen=1)), Record.build(make_package(fen=2))]
    assert store.upsert_many(batch) == 1
    assert store.lines()["amount_yuan"].iloc[0] == Decimal("0.02")


def test_key_is_required_and_must_match(store: Store) -> None:
    with pytest.raises(StoreKeyError, match="department"):
        store.upsert(Package(file="x.xlsx", year=2016, phase="budget"))
    other = make_package("卫生局").lines()
    with pytest.raises(ValueError, match="another package"):
        store.upsert(make_package("教育局"), lines=other)
    assert store.info()["packages"] == 0


def test_parquet_export_and_import(store: Store, tmp_path: Path) -> None:
    package = make_package()
    store.upsert(package, findings=findings_frame(package, [("SUM001", "error")]), score=90.0)
    store.upsert(make_package("卫生局", 2017, "final"))
    folder = store.export_parquet(tmp_path / "dataset")
    store.upsert(make_package("财政局"))
    store.export_parquet(folder)  # replaces the first export as a whole
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with Store(folder) as dataset:
        assert dataset.read_only and dataset.info()["format"] == "parquet"
        pd.testing.assert_frame_equal(dataset.lines(), store.lines())
        pd.testing.assert_frame_equal(dataset.findings(), store.findings())
        pd.testing.assert_frame_equal(dataset.scores(), store.scores())
        totals = dataset.city_totals(2016, "budget")
        pd.testing.assert_frame_equal(totals, store.city_totals(2016, "budget"))
        with pytest.raises(UsageError):
            dataset.upsert(make_package("审计局"))
    with Store(tmp_path / "copy.duckdb") as copy:
        copy.upsert(make_package("财政局", fen=5))  # replaced by the import
        copy.upsert(make_package("审计局"))  # kept
        assert copy.import_parquet(folder) == 3
        assert copy.info()["packages"] == 4
        imported = ["卫生局", "教育局", "财政局"]
        pd.testing.assert_frame_equal(copy.lines(department=imported), store.lines())
        pd.testing.assert_frame_equal(copy.findings(), store.findings())
        got = copy.packages(department=imported).drop(columns="ingested_at")
        pd.testing.assert_frame_equal(got, store.packages().drop(columns="ingested_at"))


def test_crash_mid_ingest_leaves_every_package_whole(tmp_path: Path) -> None:
    """Kill -9 a process that keeps replacing 40 packages in batches: after the crash every
    package is wholly one committed version, and the store opens and takes writes."""
    path = tmp_path / "archive.duckdb"
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import make_package
        from govbudget.store import Record, Store

        store = Store({str(path)!r})
        for version in range(1, 10_000):
            store.upsert_many(
                [Record.build(make_package(f"部门{{i}}", fen=version)) for i in range(40)]
            )
            print(version, flush=True)
    """)
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        committed = [int(writer.stdout.readline()) for _ in range(3)]
    finally:
        writer.kill()
        writer.wait()
    with Store(path) as archive:
        lines = archive.lines()
        packages = archive.packages()
        assert len(packages) == 40
        first = lines[lines["cell"] == "F6"]  # the project column holds 1 fen in every version
        assert set(first["amount_yuan"]) == {Decimal("0.01")}
        totals = lines[lines["cell"] == "D6"].set_index("department")["amount_yuan"]
        versions = {int(v * 100) for v in totals}
        assert min(versions) >= committed[-1]
        assert max(versions) - min(versions) <= 1  # at most the batch being written won
        per_package = lines.groupby("department").size()
        assert (per_package == 6 * 3 + 1).all()
        assert (
            dict(zip(packages["department"], packages["lines"], strict=True))
            == per_package.to_dict()
        )
        archive.upsert(make_package("财政局"))
        assert archive.info()["packages"] == 41


def test_read_only_and_bad_files(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        Store(tmp_path / "missing.duckdb", read_only=True)
    not_a_store = tmp_path / "lines.duckdb"
    not_a_store.write_text("package,department\n", encoding="utf-8")
    with pytest.raises(FileFormatError):
        Store(not_a_store)
    with pytest.raises(FileFormatError):
        Store(tmp_path)  # a folder without the Parquet files
    path = tmp_path / "archive.duckdb"
    Store(path).close()
    with Store(path, read_only=True) as archive, pytest.raises(UsageError):
        archive.upsert(make_package())


def test_arrow_lines_are_accepted_as_given(store: Store) -> None:
    package = make_package()
    table = pa.Table.from_pandas(package.lines(), preserve_index=False)
    store.upsert(package, lines=table)
    assert len(store.lines()) == len(package.lines())


def _cli(*args: str) -> int:
    from govbudget.cli import main

    try:
        main(list(args))
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def test_cli_info_query_export_import(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "archive.duckdb"
    with Store(path) as archive:
        package = make_package()
        archive.upsert(package, findings=findings_frame(package, [("SUM001", "error")]), score=90)
        archive.upsert(make_package("=卫生局", 2017))
    assert _cli("store", "info", str(path)) == 0
    out = capsys.readouterr().out
    assert "包 packages: 2" in out and "年度 years: 2016, 2017" in out
    assert _cli("store", "query", str(path), "totals", "--year", "2016", "--phase", "budget",
                "--format", "csv") == 0  # fmt: skip
    csv = capsys.readouterr().out.splitlines()
    assert csv[0] == "year,phase,code,name,amount_yuan,departments"
    assert csv[1] == "2016,budget,205,教育支出,1234567890123.45,1"
    target = tmp_path / "lines.csv"
    assert _cli("store", "query", str(path), "lines", "--year", "2017", "--format", "csv",
                "--output", str(target)) == 0  # fmt: skip
    assert target.read_text(encoding="utf-8").splitlines()[1].split(",")[1] == "'=卫生局"
    assert _cli("store", "query", str(path), "scores", "--format", "json") == 0
    assert '"score":90.0' in capsys.readouterr().out
    assert _cli("store", "export", str(path), str(tmp_path / "dataset")) == 0
    assert _cli("store", "query", str(tmp_path / "dataset"), "findings", "--format", "json") == 0
    assert '"difference":"0.01"' in capsys.readouterr().out
    assert _cli("store", "import", str(tmp_path / "copy.duckdb"), str(tmp_path / "dataset")) == 0
    assert "2" in capsys.readouterr().out
    assert _cli("store", "query", str(path), "totals") == 2
    assert "--year" in capsys.readouterr().err
    assert _cli("store", "info", str(tmp_path / "nothing.duckdb")) == 2


def test_ingest_workbooks_without_check(store: Store, tmp_path: Path) -> None:
    from govbudget_dev.write import write_package

    paths = [
        write_package(make_package(d, fen=12_345), tmp_path / "in" / f"{i}.xlsx")
        for i, d in enumerate(("教育局", "卫生局"))
    ]
    seen: list[int] = []
    summary = store.ingest([tmp_path / "in"], check=False, progress=lambda d, t, r: seen.append(d))
    assert (summary.packages, summary.findings, summary.failures, seen) == (2, 0, [], [1, 2])
    assert summary.lines == 2 * (6 * 3 + 1)
    assert store.lines(department="卫生局")["amount_yuan"].iloc[0] == Decimal("123.45")
    assert store.scores().empty and not store.packages()["checked"].any()
    assert store.packages()["file"].tolist() == [str(p) for p in reversed(paths)]
