"""The rule engine: the registry of rule functions, the :class:`Context` they read, and the
helpers every family shares (finding construction, exact sums with rounding tolerance)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, Unpack

from govbudget.codes import scheme_of
from govbudget.findings import Finding
from govbudget.model import Amount, Package, Row, Table
from govbudget.money import fen_to_yuan
from govbudget.rules.culprit import FailedSum, amounts_of
from govbudget.rules.spec import RulePack, RuleSpec
from govbudget.tables import MEASURE_BY_ID, TABLE_BY_ID

if TYPE_CHECKING:
    from govbudget.catalogue import Catalogue

RuleFunc = Callable[["Context"], Iterable[Finding]]
T = TypeVar("T")
REGISTRY: dict[str, RuleFunc] = {}


class SumParams(TypedDict, total=False):
    """The message parameters a sum rule may add to its finding."""

    parts_zh: str
    parts_en: str
    count: int


def implements(rule_id: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a function as the implementation of ``rule_id``."""

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in REGISTRY:
            raise ValueError(f"{rule_id} implemented twice")
        REGISTRY[rule_id] = func
        return func

    return register


def yuan_text(fen: int | None) -> str:
    """Amount in 元 with thousands separators, for messages."""
    return "" if fen is None else f"{fen_to_yuan(fen):,}"


def scheme_of_row(row: Row) -> str | None:
    """The row's classification scheme (from its code when the reader left it unset)."""
    return row.scheme or (scheme_of(row.code) if row.code else None)


def row_cell(row: Row) -> str:
    """The cell that identifies a row: its code, else its name."""
    return row.code_cell or row.name_cell


def tolerated(difference: int, steps: int) -> bool:
    """Is a difference within rounding? ``steps`` is the sum of the published unit steps of the
    summed figures; each may be off by half its step."""
    return 2 * abs(difference) <= steps


@dataclass
class Figures:
    """An exact sum of amount cells: total fen, how many cells held a number, any invalid."""

    fen: int = 0
    count: int = 0
    invalid: bool = False

    @classmethod
    def of(cls, amounts: Iterable[Amount | None]) -> Figures:
        """The sum of some amount cells (None: no such cell)."""
        fen = count = 0
        invalid = False
        for amount in amounts:
            if amount is None:
                continue
            if amount.invalid:
                invalid = True
            elif amount.fen is not None:
                fen += amount.fen
                count += 1
        return cls(fen, count, invalid)

    def balances(self, total: Amount | None) -> bool:
        """Can comparing this sum with ``total`` give no finding at all? Yes when a cell is not
        a number (VAL001's concern) or the two are exactly equal (a blank total counts as 0).
        Checked before building a sum finding: most sums balance."""
        if total is None:
            return self.invalid or self.fen == 0
        return self.invalid or total.invalid or (total.fen or 0) == self.fen


_ZERO = Amount(0, "")  # a measure the row has no cell of


def total_of(rows: Iterable[Row], measure: str) -> Figures:
    return Figures.of([row.amounts.get(measure) for row in rows])


@dataclass(slots=True)
class TableView:
    """What several rules read of one table, found in one pass over its rows."""

    #: the published rounding step in fen (Table.step_fen)
    step: int
    #: the 合计 rows
    totals: list[Row]
    #: the rows carrying a code, in table order, total rows left out
    all_coded: list[Row]
    #: of those, the 类/款/项 rows (depth 1-3)
    coded: list[Row]
    #: the same by classification scheme (:func:`scheme_of_row`)
    by_scheme: dict[str, list[Row]]
    #: the measure ids the rows hold an amount of, each with its place in the lists of ``fen``
    measures: dict[str, int]
    #: each row's amounts in fen, one per measure (a blank, missing or invalid cell: 0), keyed
    #: by row. Sums equal here balance: the quick test before the exact one of Figures
    fen: dict[Row, list[int]]
    #: the rows with a blank or invalid cell
    gaps: list[Row]

    @classmethod
    def of(cls, table: Table) -> TableView:
        order = measures_of(table.rows)
        measures = dict(zip(order, range(len(order)), strict=True))
        totals: list[Row] = []
        all_coded: list[Row] = []
        coded: list[Row] = []
        by_scheme: dict[str, list[Row]] = {}
        fen: dict[Row, Any] = {}  # lists of int, once the gaps are zeros
        gaps: list[Row] = []
        for row in table.rows:
            get = row.amounts.get
            values = [get(m, _ZERO).fen for m in measures]
            if None in values:
                gaps.append(row)
                values = [v or 0 for v in values]
            fen[row] = values
            if row.item == "total":
                totals.append(row)
            elif row.code:
                all_coded.append(row)
                if row.depth in (1, 2, 3):
                    coded.append(row)
                    scheme = scheme_of_row(row) or ""
                    if scheme in by_scheme:
                        by_scheme[scheme].append(row)
                    else:
                        by_scheme[scheme] = [row]
        return cls(table.step_fen, totals, all_coded, coded, by_scheme, measures, fen, gaps)


@dataclass
class Context:
    """What a rule function reads: the package, the catalogue, the rule catalogue and pack."""

    package: Package
    catalogue: Catalogue | None
    rules: dict[str, RuleSpec]
    pack: RulePack
    #: other workbooks of the same run holding the same department, year and phase (PKG007)
    twins: tuple[str, ...] = ()
    #: the sum identities that failed, with the amounts they cover (for the likely culprit)
    failed_sums: list[FailedSum] = field(default_factory=list)
    _cache: dict[tuple[str | None, ...], Any] = field(default_factory=dict)
    _views: dict[str, TableView] = field(default_factory=dict)
    _tables: dict[tuple[str, ...], list[Table]] = field(default_factory=dict)

    def tables(self, *kinds: str) -> list[Table]:
        """The package's tables, optionally only those whose row kind (TableSpec.rows) is in
        ``kinds`` ('functional', 'economic', 'two_panel', 'single', 'projects')."""
        try:
            return self._tables[kinds]
        except KeyError:
            found = self._tables[kinds] = [
                table
                for table in self.package.tables.values()
                if not kinds or getattr(TABLE_BY_ID.get(table.id), "rows", None) in kinds
            ]
            return found

    def view(self, table: Table) -> TableView:
        """The table as the rules read it (computed once)."""
        try:
            return self._views[table.id]
        except KeyError:
            view = self._views[table.id] = TableView.of(table)
            return view

    def balanced(self, table: Table, total: Row, parts: Sequence[Row]) -> bool:
        """Does ``total`` equal the sum of ``parts`` in every measure (see :attr:`TableView.fen`)?
        Then no sum finding can come of them; otherwise the exact check decides."""
        fen = self.view(table).fen
        if len(parts) == 1:
            return fen[total] == fen[parts[0]]
        return fen[total] == list(map(sum, zip(*[fen[r] for r in parts], strict=True)))

    def cached(self, key: tuple[str | None, ...], make: Callable[..., T], *args: Any) -> T:
        """``make(*args)``, computed once per ``key``."""
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = make(*args)
            return value

    def finding(
        self,
        rule_id: str,
        *,
        table: Table | None = None,
        table_id: str = "",
        cell: str = "",
        row: Row | None = None,
        measure: str | None = None,
        variant: str | None = None,
        expected: int | None = None,
        actual: int | None = None,
        **params: object,
    ) -> Finding:
        """Build a finding of ``rule_id`` with its messages filled in (amounts in fen)."""
        spec = self.rules[rule_id]
        severity, zh, en = spec.severity, spec.zh, spec.en
        if variant is not None:
            case = spec.variants[variant]
            severity, zh, en = case.severity, case.zh, case.en
        table_id = table.id if table is not None else table_id
        table_spec = TABLE_BY_ID.get(table_id)
        measure_spec = MEASURE_BY_ID.get(measure or "")
        difference = actual - expected if actual is not None and expected is not None else None
        sheet = table.sheet if table is not None else ""
        code = (row.code or "") if row is not None else ""
        values: dict[str, object] = {
            "table_zh": table_spec.zh if table_spec else table_id,
            "table_en": table_spec.en if table_spec else table_id,
            "sheet": sheet,
            "cell": cell,
            "code": code,
            "name": row.name if row is not None else "",
            "measure_zh": measure_spec.zh if measure_spec else (measure or ""),
            "measure_en": measure_spec.en if measure_spec else (measure or ""),
            "expected": yuan_text(expected),
            "actual": yuan_text(actual),
            "difference": yuan_text(difference),
            **params,
        }
        return Finding(
            rule=rule_id,
            severity=severity,
            table=table_id,
            sheet=sheet,
            cell=cell,
            code=code,
            message_zh=zh.format_map(values).strip(),
            message_en=en.format_map(values).strip(),
            expected=fen_to_yuan(expected) if expected is not None else None,
            actual=fen_to_yuan(actual) if actual is not None else None,
            difference=fen_to_yuan(difference) if difference is not None else None,
            package=self.package.id,
        )

    def sum_finding(
        self,
        rule_id: str,
        table: Table,
        row: Row,
        measure: str,
        parts: Figures,
        *,
        members: Iterable[tuple[Row, str]] = (),
        **params: Unpack[SumParams],
    ) -> Finding | None:
        """Compare ``row.amounts[measure]`` with an exact sum; a finding when it differs by more
        than rounding: half the table's unit step per printed figure, the total included, so one
        printed unit step between a total and its parts is never an error (see :func:`tolerated`).
        Invalid cells are VAL001's concern: a sum touching one is not checked. ``members``: the
        ``(row, measure)`` amounts summed, recorded with a failure to find the likely culprit."""
        amount = row.amounts.get(measure)
        if parts.balances(amount):
            return None
        actual = amount.fen if amount is not None else None
        difference = (actual or 0) - parts.fen
        figures = parts.count + (actual is not None)  # the total is rounded too
        tolerance = figures * self.view(table).step
        if tolerated(difference, tolerance):
            return None
        cell = amount.cell if amount is not None else row_cell(row)
        found = self.finding(
            rule_id,
            table=table,
            cell=cell,
            row=row,
            measure=measure,
            expected=parts.fen,
            actual=actual or 0,
            **params,
        )
        cells = amounts_of([(row, measure), *members])
        self.failed_sums.append(FailedSum(found, cells, abs(difference), tolerance))
        return found


def hierarchy(ctx: Context, table: Table) -> list[tuple[Row, list[Row]]]:
    """Coded rows with their children one level down (类 → 款 → 项; a 类 listing 项 rows
    directly, without 款 rows, has those as children). Rows of one scheme, in table order."""
    coded = ctx.view(table).coded
    by_code = {r.code or "": r for r in reversed(coded)}  # the first row of a code
    children: dict[str, list[Row]] = {}
    for r in coded:
        code = r.code or ""
        size = len(code)
        if size < 5:
            continue
        parent = code[: size - 2]
        if parent not in by_code:
            if size < 7:
                continue
            parent = code[: size - 4]
            if parent not in by_code:
                continue
        if parent in children:
            children[parent].append(r)
        else:
            children[parent] = [r]
    return [(by_code[code], kids) for code, kids in children.items()]


def top_rows(ctx: Context, table: Table) -> list[Row]:
    """The rows a 合计 row totals: the shallowest coded rows, else every uncoded data row."""
    coded = ctx.view(table).coded
    if coded:
        top = min(r.depth for r in coded)
        return [r for r in coded if r.depth == top]
    return [r for r in table.rows if not r.is_total and r.item is None]


@dataclass
class PanelLines:
    """The lines of one panel of a two-panel table: summary lines by item id (first occurrence;
    source lines listed after a 合计/结转 line are sub-lines and left out) and the uncoded
    类 lines (expenditure panel)."""

    items: dict[str, Row]
    classes: list[Row]


def panel_lines(ctx: Context, table: Table, panel: str) -> PanelLines:
    """The table's :class:`PanelLines` of ``panel`` (found once)."""
    return ctx.cached((table.id, "panel lines", panel), _panel_lines, ctx, table, panel)


def _panel_lines(ctx: Context, table: Table, panel: str) -> PanelLines:
    spec = ctx.pack.panels[panel]
    grand = spec.grand
    closers = {spec.current, grand, *spec.carry}
    items: dict[str, Row] = {}
    classes: list[Row] = []
    closed = False
    for row in table.rows:
        if row.panel != panel:
            continue
        item = grand if row.is_total else row.item
        if item in closers:
            items.setdefault(item, row)
            closed = True
        elif not closed:
            if item is not None:
                items.setdefault(item, row)
            else:
                classes.append(row)
    return PanelLines(items, classes)


def measures_of(rows: Iterable[Row]) -> list[str]:
    """Measure ids present in some rows, in first-seen order."""
    return list(dict.fromkeys(chain.from_iterable([row.amounts for row in rows])))
