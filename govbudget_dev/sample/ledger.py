"""The amounts of one department and year: functional 项 by funding source, in integer 分.

A :class:`Ledger` is what every table of a package is derived from, so the tables agree by
construction. Amounts are whole multiples of a *quantum* (the published resolution of the
layout: 1 分, 1 元 or 0.01 万元), so the published figures add up exactly. All arithmetic is
integer; randomness comes from the caller's seeded ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from govbudget_dev.factory.rows import three_public
from govbudget_dev.sample.departments import Department

FISCAL_SOURCES = ("gpb", "gov_fund", "state_capital")
SOURCES = (*FISCAL_SOURCES, "business", "other")

#: personnel 项 every unit carries (basic expenditure), with weights out of the basic total
_PERSONNEL_ITEMS = (("2080505", 11), ("2080501", 4), ("2101101", 6), ("2210201", 8), ("2210203", 2))
_UNIT_PERSONNEL_ITEMS = (("2080502", 3), ("2101102", 3))
#: departmental economic 款 (2016 catalogue) of basic expenditure, with weights
PERSONNEL_ECONOMIC = (
    ("30101", 22), ("30102", 30), ("30103", 6), ("30104", 12), ("30107", 8), ("30199", 3),
    ("30301", 1), ("30302", 8), ("30304", 1), ("30305", 1), ("30311", 8), ("30313", 3),
)  # fmt: skip
PUBLIC_ECONOMIC = (
    ("30201", 10), ("30202", 2), ("30205", 1), ("30206", 4), ("30207", 2), ("30208", 6),
    ("30209", 6), ("30211", 6), ("30213", 4), ("30215", 1), ("30216", 2), ("30217", 2),
    ("30228", 5), ("30229", 4), ("30231", 5), ("30239", 12), ("30299", 8),
)  # fmt: skip
THREE_PUBLIC_PARTS = ("outbound", "vehicle_purchase", "vehicle_operation", "reception")

_FEN_PER_WAN = 1_000_000
#: basic cost per person and year in 2016, in fen: personnel 11.5 万元, public 2.2 万元
_PERSONNEL_PER_HEAD = 115_000_00
_PUBLIC_PER_HEAD = 22_000_00


@dataclass
class Ledger:
    """One department, one year, one phase. Keys are ``(项 code, source)``; values fen."""

    year: int
    phase: str
    quantum: int  # fen per published step of the number tables
    basic: dict[tuple[str, str], int] = field(default_factory=dict)
    project: dict[tuple[str, str], int] = field(default_factory=dict)
    income: dict[tuple[str, str], int] = field(default_factory=dict)  # of the year, per source
    carry_in: dict[str, int] = field(default_factory=dict)  # fiscal (gpb), by 项 code
    carry_out: dict[str, int] = field(default_factory=dict)
    economic: dict[str, tuple[int, int]] = field(default_factory=dict)  # 款 -> (人员, 公用)
    three_public: dict[str, int] = field(default_factory=dict)  # measure -> fen

    def codes(self) -> list[str]:
        """Every 项 code with an amount, sorted."""
        return sorted({c for c, _ in self.basic} | {c for c, _ in self.project})

    def spent(self, code: str, sources: tuple[str, ...] = SOURCES) -> tuple[int, int]:
        """(basic, project) of one 项 over ``sources``."""
        basic = sum(self.basic.get((code, s), 0) for s in sources)
        project = sum(self.project.get((code, s), 0) for s in sources)
        return basic, project

    def total(self, sources: tuple[str, ...] = SOURCES) -> int:
        return sum(v for (_, s), v in (*self.basic.items(), *self.project.items()) if s in sources)

    def income_total(self, sources: tuple[str, ...] = SOURCES) -> int:
        return sum(v for (_, s), v in self.income.items() if s in sources)


def quantize(fen: int, quantum: int) -> int:
    """Round fen to a whole multiple of ``quantum`` (half up)."""
    return (fen + quantum // 2) // quantum * quantum


def scale(fen: int, per_mille: int, quantum: int) -> int:
    """``fen × per_mille / 1000``, rounded to the quantum (integer arithmetic)."""
    return quantize(fen * per_mille // 1000, quantum)


def split(total: int, weights: list[int], quantum: int) -> list[int]:
    """Split ``total`` (a multiple of ``quantum``) into parts proportional to ``weights``.

    Parts are multiples of ``quantum`` and add up to ``total`` exactly.
    """
    units = total // quantum
    weight_sum = sum(weights)
    parts = [units * w // weight_sum for w in weights]
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    for i in range(units - sum(parts)):
        parts[order[i % len(order)]] += 1
    return [p * quantum for p in parts]


def growth(rng: random.Random) -> dict[int, int]:
    """Per-mille level of each year against 2016 (2016 = 1000)."""
    up16 = rng.randint(-30, 120)
    up17 = rng.randint(-60, 100)
    return {2015: 1_000_000 // (1000 + up16), 2016: 1000, 2017: 1000 + up17}


def budget_ledger(
    dept: Department, year: int, level: int, rng: random.Random, quantum: int, q3: int
) -> Ledger:
    """The budget of one year. ``level`` is the year's per-mille level against 2016."""
    ledger = Ledger(year, "budget", quantum)
    basic_level = 1000 + (level - 1000) // 2 + (year - 2016) * 30  # wages grow steadily
    personnel = dept.staff * _PERSONNEL_PER_HEAD * basic_level // 1000
    public = dept.staff * _PUBLIC_PER_HEAD * basic_level // 1000
    size = dept.size * _FEN_PER_WAN * level // 1000
    basic_total = quantize(min(personnel + public, size * 85 // 100), quantum)
    project_total = quantize(max(size - basic_total, size // 8), quantum)

    personnel_items = list(_PERSONNEL_ITEMS) + (list(_UNIT_PERSONNEL_ITEMS) if dept.units else [])
    personnel_share = sum(w for _, w in personnel_items)  # per cent of the basic total
    own_sum = sum(w for _, w in dept.basic)
    basic_lines = [(c, w * own_sum) for c, w in personnel_items]
    basic_lines += [(c, w * (100 - personnel_share)) for c, w in dept.basic]
    amounts = split(basic_total, [w for _, w in basic_lines], quantum)
    for (code, _), fen in zip(basic_lines, amounts, strict=True):
        if fen:
            ledger.basic[(code, "gpb")] = ledger.basic.get((code, "gpb"), 0) + fen

    lines = [(c, w * rng.randint(70, 130)) for i, (c, w) in enumerate(dept.project)
             if i == 0 or w > 1 or rng.randint(1, 100) > 15]  # fmt: skip
    for (code, _), fen in zip(lines, split(project_total, [w for _, w in lines], quantum),
                              strict=True):  # fmt: skip
        if fen:
            ledger.project[(code, "gpb")] = ledger.project.get((code, "gpb"), 0) + fen

    for source, fund_lines in (("gov_fund", dept.gov_fund), ("state_capital", dept.state_capital)):
        for code, wan in fund_lines:
            ledger.project[(code, source)] = scale(
                wan * _FEN_PER_WAN * level // 1000, rng.randint(85, 115) * 10, quantum
            )
    own = [c for c, _ in dept.basic]
    for source, per_mille in (("business", dept.business), ("other", dept.other)):
        if per_mille:
            amount = scale(basic_total + project_total, per_mille, quantum)
            for code, fen in zip(own, split(amount, [w for _, w in dept.basic], quantum),
                                 strict=True):  # fmt: skip
                if fen:
                    ledger.basic[(code, source)] = fen
    ledger.income = {
        key: ledger.basic.get(key, 0) + ledger.project.get(key, 0)
        for key in {*ledger.basic, *ledger.project}
    }
    ledger.economic = economic_split(ledger, rng, personnel * 1000 // (personnel + public))
    ledger.three_public = three_public_budget(dept, year, ledger, rng, q3)
    return ledger


def economic_split(ledger: Ledger, rng: random.Random, personnel_mille: int) -> dict:
    """Split the general-public-budget basic expenditure into economic 款 (人员, 公用)."""
    gpb_basic = sum(v for (_, s), v in ledger.basic.items() if s == "gpb")
    personnel = scale(gpb_basic, personnel_mille + rng.randint(-15, 15), ledger.quantum)
    public = gpb_basic - personnel
    result: dict[str, tuple[int, int]] = {}
    for amount, items, slot in ((personnel, PERSONNEL_ECONOMIC, 0), (public, PUBLIC_ECONOMIC, 1)):
        kept = [(c, w * rng.randint(80, 120)) for c, w in items if w > 2 or rng.randint(1, 5) > 1]
        for (code, _), fen in zip(kept, split(amount, [w for _, w in kept], ledger.quantum),
                                  strict=True):  # fmt: skip
            if fen:
                result[code] = (fen, 0) if slot == 0 else (0, fen)
    return dict(sorted(result.items()))


def three_public_budget(
    dept: Department, year: int, ledger: Ledger, rng: random.Random, q3: int
) -> dict[str, int]:
    """三公 budget and 机关运行经费 (three_public table measures), multiples of ``q3``."""
    austerity = {2015: 1100, 2016: 1000, 2017: 930}[year]
    staff = dept.staff
    parts = {
        "outbound": 0 if staff < 150 or rng.randint(1, 3) == 1 else min(staff * 300_00, 50_0000_00),
        "vehicle_purchase": 0 if rng.randint(1, 4) > 1 else 25_0000_00,
        "vehicle_operation": vehicles(dept) * 18_000_00,
        "reception": staff * 1_200_00,
    }
    result = {k: scale(min(v, 900_0000_00), austerity * rng.randint(85, 115) // 100, q3)
              for k, v in parts.items()}  # fmt: skip
    return three_public(**result, admin=admin_operating(dept, ledger, rng, q3))


def vehicles(dept: Department) -> int:
    """Official vehicles of a unit (sets the vehicle operating costs)."""
    return max(1, dept.staff // 12) if dept.level == "市级" else max(1, dept.staff // 25)


def admin_operating(dept: Department, ledger: Ledger, rng: random.Random, q3: int) -> int:
    """机关运行经费: the organ's share of public (公用) basic expenditure, rounded down."""
    public = sum(p for _, p in ledger.economic.values())
    if not dept.admin:
        return 0
    share = public * rng.randint(55, 90) // 100
    return share // q3 * q3


def final_ledger(
    dept: Department,
    budget: Ledger,
    carry_in: dict[str, int],
    rng: random.Random,
    quantum: int,
    q3: int,
) -> Ledger:
    """The final accounts of the budget's year: execution rates, mid-year changes, carry-overs."""
    ledger = Ledger(budget.year, "final", quantum)
    for (code, source), fen in budget.basic.items():
        spread = (970, 1040) if source == "gpb" else (900, 1100)
        ledger.basic[(code, source)] = scale(fen, rng.randint(*spread), quantum)
        ledger.income[(code, source)] = ledger.basic[(code, source)]
    carried = {c: quantize(v, quantum) for c, v in carry_in.items() if quantize(v, quantum)}
    project_codes = {c for c, s in budget.project if s == "gpb"} | set(carried)
    for code in sorted(project_codes):
        planned = budget.project.get((code, "gpb"), 0)
        adjust = 1250 if rng.randint(1, 10) == 1 else rng.randint(950, 1060)
        income = scale(planned, adjust, quantum)
        available = income + carried.get(code, 0)
        spent = scale(available, rng.randint(780, 1000), quantum)
        if spent:
            ledger.project[(code, "gpb")] = spent
        if income:
            ledger.income[(code, "gpb")] = ledger.income.get((code, "gpb"), 0) + income
        if available - spent:
            ledger.carry_out[code] = available - spent
    ledger.carry_in = carried
    for (code, source), fen in budget.project.items():
        if source != "gpb":
            spent = scale(fen, rng.randint(850, 1000), quantum)
            ledger.project[(code, source)] = spent
            ledger.income[(code, source)] = spent
    budget_personnel = sum(p for p, _ in budget.economic.values())
    budget_public = sum(p for _, p in budget.economic.values())
    ledger.economic = economic_split(
        ledger, rng, budget_personnel * 1000 // max(1, budget_personnel + budget_public)
    )
    parts = {k: scale(budget.three_public[k], rng.randint(55, 100) * 10, q3)
             for k in THREE_PUBLIC_PARTS}  # fmt: skip
    ledger.three_public = three_public(**parts, admin=admin_operating(dept, ledger, rng, q3))
    return ledger


def opening_carry(budget: Ledger, rng: random.Random) -> dict[str, int]:
    """Carry-over into the first final-accounts year (from the year before the sample)."""
    codes = sorted(c for c, s in budget.project if s == "gpb")[:2]
    return {c: budget.project[(c, "gpb")] * rng.randint(30, 150) // 1000 for c in codes}
