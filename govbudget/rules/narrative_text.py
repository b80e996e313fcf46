"""Figures quoted in the narrative (编制说明, 其他相关情况说明), read from its text.

Only figures whose meaning the wording fixes are taken: a known label right before the amount
(``收入预算3,121.42万元``, ``“三公”经费预算数为0.95万元``), a 科目 named by its 类/款/项 chain
(``公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元``, ``“一般公共服务支出（类）财政
事务（款）行政运行（项）”1,623.18万元``, ``2080505 … 183.95万元``), and two figures a comparison
word relates (``预算执行数为A万元，…预算安排B万元，比…执行数增加``; ``年初预算为A万元，支出决算为
B万元 … 决算数小于预算数``). Everything else (last year's figures, percentages, figures after
增加/减少) is left alone: an unread figure is never a finding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

#: fen per unit of a quoted amount
UNITS = {"元": 100, "万元": 1_000_000, "亿元": 10_000_000_000}
_REPLACE = {"（": "(", "）": ")", "：": ":", "；": ";", "－": "-", "—": "-", "‘": "“", "’": "”",
            '"': "“", "〝": "“", "〞": "”"}  # fmt: skip
#: an amount: its whole part (a first digit not right after a digit, point or comma; the check
#: follows the digit so that the regex engine skips to digits at a glance), decimals, unit
NUMBER = r"(\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(\.\d+)?(万元|亿元|元)"
_NUMBER = re.compile(NUMBER)
_CLAUSE_END = re.compile(r"[,，。;!?！？]")
_LAST_CLAUSE_END = re.compile(r".*[,，。;!?！？]", re.S)
#: a numbered item starts: 1. / 1、 / (一) / 一、
ITEM = re.compile(
    r"(?:^|(?<=[。;:\n]))(?:\d{1,2}[.、．](?!\d)|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)"
)


def normalise(text: str) -> str:
    """Text as searched: ASCII parentheses, colon and semicolon, no white space (PDF line
    breaks and the letter-spaced runs of some exports are layout, not text)."""
    for old, new in _REPLACE.items():  # str.replace: much faster than str.translate on CJK text
        text = text.replace(old, new)
    return "".join(text.split())  # str.split's white space is the regex \s


class Quote(NamedTuple):
    """A quoted amount: exact fen, its printed step in fen, where its text ends."""

    fen: int
    step: int
    end: int


def amount_of(match: re.Match[str]) -> Quote:
    """The amount a match of :data:`NUMBER` quotes (``0.3万元``: 300,000 fen, step 100,000)."""
    whole, decimals, unit = match.group(1, 2, 3)
    unit_fen = UNITS[unit]
    if decimals is None:
        return Quote(int(whole.replace(",", "")) * unit_fen, unit_fen, match.end())
    scale = 10 ** (len(decimals) - 1)
    fen = int(whole.replace(",", "") + decimals[1:]) * unit_fen // scale
    return Quote(fen, unit_fen // scale or 1, match.end())


def clause_before(text: str, start: int) -> str:
    """The text of the clause in which position ``start`` stands, up to it."""
    last = _LAST_CLAUSE_END.match(text, 0, start)
    return text[last.end() if last else 0 : start]


def _other_years(text: str, year: int | None) -> Iterator[int]:
    """Where the text names a year (``2024年``) other than the package's ``year``. (A search
    for 年 is several times faster than a regex that starts with a digit.)"""
    if year is None:
        return
    at = text.find("年", 4)
    while at != -1:
        digits = text[at - 4 : at]
        if digits.isdecimal() and int(digits) != year:
            yield at - 4
        at = text.find("年", at + 1)


def other_year(clause: str, year: int | None) -> bool:
    """Does the clause name a year other than the package's (a figure of another year)?"""
    return next(_other_years(clause, year), None) is not None


def _in_other_year(text: str, others: list[int], start: int) -> bool:
    """``other_year(clause_before(text, start), year)``, where ``others`` lists where the text
    names a year other than ``year`` (:func:`_other_years`), without reading the clause: the
    nearest such year before ``start`` is in the clause when no clause ends between the two."""
    nearest = bisect_right(others, start - 5) - 1  # 5: "2024年"
    return nearest >= 0 and _CLAUSE_END.search(text, others[nearest] + 5, start) is None


# ------------------------------------------------------------------ labelled figures -------


class Label(NamedTuple):
    """A figure the narrative names: ``id`` (see narrative.LABELS), and the pattern before it."""

    id: str
    pattern: str


#: Most specific first. A label must be followed by connector words only, then the amount.
LABELS: tuple[Label, ...] = (
    Label("fiscal_total", r"财政拨款收入支出(?:决算|预算)?总计"),
    Label("grand_total", r"(?<!拨款)收入支出(?:决算|预算)?总计"),
    Label("income_current", r"本年收入合计"),
    Label("expenditure_current", r"本年支出合计"),
    Label("gpb_expenditure", r"一般公共预算(?:财政)?拨款支出"),
    Label("gov_fund", r"政府性基金(?:预算)?(?:财政)?拨款支出"),
    Label("state_capital", r"国有资本经营预算(?:财政)?拨款支出"),
    Label("fiscal_expenditure", r"(?<!收入)财政拨款支出"),
    Label("fiscal_income", r"财政拨款收入(?!支出)"),
    Label("income", r"(?<![拨款基金资本经营])收入(?:预算|总计)"),
    Label("expenditure", r"(?<![拨款基金资本经营采购项目])支出(?:预算|总计)"),
    Label("business", r"(?<!单位)事业收入"),
    Label("operating", r"事业单位经营收入"),
    Label("other_income", r"其他收入"),
    Label("basic", r"(?<![的和])基本支出"),
    Label("project", r"(?<![的和])项目支出"),
    Label("three_public", r"“三公”经费(?:财政拨款)?(?:支出)?"),
    Label("outbound", r"因公出国\(境\)费(?:用)?(?:支出)?"),
    Label("vehicle", r"公务(?:用)?车(?:辆)?购置及运行(?:维护)?费(?:支出)?"),
    Label("vehicle_purchase", r"公务(?:用)?车(?:辆)?购置费(?:支出)?"),
    Label("vehicle_operation", r"公务(?:用)?车(?:用车)?运行(?:维护)?费(?:支出)?"),
    Label("reception", r"公务接待费(?:支出)?"),
    Label("admin_operating", r"机关运行经费(?:支出)?"),
)
_CONNECT = {
    "budget": r"(?:为|是|:|共计|合计|“|”|预算数|预算安排|预算|安排)*",
    "final": r"(?:为|是|:|共计|合计|“|”|支出决算数|支出决算|决算数|决算|支出)*",
}


def _literal_first(pattern: str) -> str:
    """``(?<!拨款)收入`` -> ``收(?<!拨款收)入``: the same matches, but an alternative that starts
    with a literal is skipped at a glance by the regex engine (about 20 times faster here)."""
    lead = re.fullmatch(r"\(\?<!([^()]+)\)(\w)(.*)", pattern)
    return pattern if lead is None else f"{lead[2]}(?<!{lead[1]}{lead[2]}){lead[3]}"


_UNGROUPED_NUMBER = re.sub(r"\((?!\?)", "(?:", NUMBER)  # its groups made non-capturing
#: every label, each ending in an empty group named after it (a group around it would hide the
#: literal it starts with); the only groups, so the one that matched is ``Match.lastgroup``
_LABELS = {
    phase: re.compile(
        "(?:"
        + "|".join(f"{_literal_first(label.pattern)}(?P<{label.id}>)" for label in LABELS)
        + f")(?={connect}{_UNGROUPED_NUMBER})"
    )
    for phase, connect in _CONNECT.items()
}


class Figure(NamedTuple):
    """A labelled figure of the narrative."""

    label: str
    amount: Quote
    snippet: str


def labelled(text: str, phase: str | None, year: int | None) -> list[Figure]:
    """Labelled figures of a normalised text (``phase`` picks the connector words)."""
    pattern = _LABELS.get(phase or "budget", _LABELS["budget"])
    found: list[Figure] = []
    others = list(_other_years(text, year))
    for match in pattern.finditer(text):
        start = match.start()
        if others and _in_other_year(text, others, start):
            continue
        number = _NUMBER.search(text, match.end())
        assert number is not None and match.lastgroup is not None  # the pattern's lookahead
        amount = amount_of(number)
        found.append(Figure(match.lastgroup, amount, text[start : amount.end]))
    return found


# ------------------------------------------------------------------ 科目 chains -------------

_LEVEL = r"\((\d{0,3})(类|款|项)\)"
_NAME = r"(?:[^()“”\d,，。;:、\-]|\((?!\d{0,3}[类款项]\))[^()]{1,6}\))+?"
_LINK = re.compile(rf"({_NAME}){_LEVEL}")
_LAST_LEVEL = re.compile(rf".*{_LEVEL}", re.S)
_CODE = re.compile(r"(2(?<![\d.,]2)\d{2}(?:\d{2}){1,2})(?=[\u4e00-\u9fff])(?!万|亿|元)")
_BARE = re.compile(r"“([^“”\d]{2,30})”")
_DEPTH = {"类": 1, "款": 2, "项": 3}
_WIDTH = {1: 3, 2: 2, 3: 2}
_ACCEPT = {
    "budget": re.compile(r"(?:\d{4}年度?)?(?:预算(?:安排|数)?|安排)?为?"),
    "final": re.compile(r"(?:支出)?决算(?:数)?为?"),
}
_REJECT = re.compile(r"执行|年初|调整|上年|增|减|比|较|占|其中")


class Subject(NamedTuple):
    """A 科目 the narrative quotes an amount for: its chain of (name, code piece, depth), an
    explicit code when the text gives one, and the amount."""

    links: tuple[tuple[str, str, int], ...]
    code: str | None
    amount: Quote
    snippet: str


def _chains(text: str, stop: int) -> list[tuple[int, int, list[tuple[str, str, int]]]]:
    """The 科目 chains of ``text[:stop]``: start, end, links."""
    chains: list[tuple[int, int, list[tuple[str, str, int]]]] = []
    for match in _LINK.finditer(text, 0, stop):
        name = match.group(1).strip("“”-、")
        link = (name, match.group(2), _DEPTH[match.group(3)])
        if chains and text[chains[-1][1] : match.start()].strip("-、“”") == "":
            start, _, links = chains[-1]
            if links[-1][2] < link[2]:
                chains[-1] = (start, match.end(), [*links, link])
                continue
        chains.append((match.start(), match.end(), [link]))
    return chains


def _code_of(links: list[tuple[str, str, int]]) -> str | None:
    """The code a chain spells with its pieces (``(204类)(06款)(01项)`` -> 2040601)."""
    pieces = {depth: piece for _, piece, depth in links}
    deepest = max(pieces)
    code = ""
    for depth in range(1, deepest + 1):
        piece = pieces.get(depth, "")
        if len(piece) != _WIDTH[depth]:
            return None
        code += piece
    return code


def _chosen(text: str, start: int, stop: int, phase: str | None, year: int | None) -> Quote | None:
    """The amount of a 科目 in ``text[start:stop]``: right after its name, or after 预算/安排
    (budget) or 决算为 (final) of the package's year; never last year's or a change."""
    accept = _ACCEPT.get(phase or "budget", _ACCEPT["budget"])
    for number in _NUMBER.finditer(text, start, stop):
        before = text[start : number.start()].strip("“”:")
        clause = before if number.start() == start or not _CLAUSE_END.search(before) else (
            clause_before(text, number.start())
        )  # fmt: skip
        if other_year(clause, year) or _REJECT.search(clause):
            continue
        if before == "" or accept.fullmatch(re.sub(r"^\d{4}年度?", "", clause) or ""):
            return amount_of(number)
    return None


def subjects(text: str, phase: str | None, year: int | None) -> list[Subject]:
    """科目 quoted with an amount in a normalised text."""
    found: list[Subject] = []
    last = _LAST_LEVEL.match(text)  # every link ends with a 类/款/项 mark: none after the last
    chains = _chains(text, last.end()) if last else []
    for i, (start, end, links) in enumerate(chains):
        stop = chains[i + 1][0] if i + 1 < len(chains) else len(text)
        boundary = ITEM.search(text, end, stop)
        stop = min(stop, boundary.start() if boundary else stop, end + 250)
        amount = _chosen(text, end, stop, phase, year)
        if amount is not None:
            found.append(Subject(tuple(links), _code_of(links), amount, text[start : amount.end]))
    covered = [(s, e) for s, e, _ in chains]
    for match in _CODE.finditer(text):
        if any(s <= match.start() < e for s, e in covered):
            continue
        number = _NUMBER.search(text, match.end(), match.end() + 40)
        if number is None or re.search(r"\d", text[match.end() : number.start()]):
            continue
        between = text[match.end() : number.start()]
        if _REJECT.search(between) or _CLAUSE_END.search(between):
            continue
        found.append(
            Subject((), match.group(1), amount_of(number), text[match.start() : number.end()])
        )
    for match in _BARE.finditer(text):
        number = _NUMBER.match(text, match.end())
        # a name with a 类/款/项 mark is a chain's (none has one when the text has no mark)
        if number is not None and not (last and _LINK.search(match.group(1))):
            name = match.group(1)
            found.append(
                Subject(((name, "", 0),), None, amount_of(number), match.group(0) + number.group(0))
            )
    return found


# ------------------------------------------------------------------ comparisons -----------


class Comparison(NamedTuple):
    """Two figures and the word comparing them: ``new`` is said to be ``word`` ``old``."""

    new: Quote
    old: Quote
    word: str  # 'more' | 'less' | 'equal' | 'about'
    snippet: str


_WORDS = {"增加": "more", "增长": "more", "上升": "more", "大于": "more", "高于": "more",
          "超过": "more", "减少": "less", "下降": "less", "降低": "less", "小于": "less",
          "低于": "less", "等于": "equal", "持平": "equal", "一致": "equal",
          "基本持平": "about", "基本一致": "about"}  # fmt: skip
_WORD = "基本持平|基本一致|" + "|".join(w for w in _WORDS if not w.startswith("基本"))
#: 预算执行数为A万元，2026年预算安排B万元，比2025年预算执行数增加17.62%
_EXECUTION = re.compile(
    rf"执行数为?(?P<old>{NUMBER})[^。;]{{0,30}}?预算安排为?(?P<new>{NUMBER})"
    rf"[,，]?(?:比|较|与)[^,，。;]{{0,14}}?执行数(?:相比)?(?P<word>{_WORD})"
)
#: 年初预算为A万元，支出决算为B万元 … 决算数小于预算数 / 决算数与预算数基本持平
_FINAL = re.compile(
    rf"年初预算(?:数)?为?(?P<old>{NUMBER})[,，]?(?:支出)?决算(?:数)?为?(?P<new>{NUMBER})"
    rf"[^。;]{{0,40}}[。;,，]?[^。;]{{0,10}}?决算数?(?:与(?:年初)?预算数?)?(?P<word>{_WORD})"
    rf"(?:(?:年初)?预算数?)?"
)


def comparisons(text: str) -> list[Comparison]:
    """Comparisons of two figures the text states both of."""
    found: list[Comparison] = []
    for pattern in (_EXECUTION, _FINAL):
        for match in pattern.finditer(text):
            old, new = _quote_at(text, match.start("old")), _quote_at(text, match.start("new"))
            found.append(Comparison(new, old, _WORDS[match.group("word")], match.group(0)))
    return found


def _quote_at(text: str, start: int) -> Quote:
    """The amount quoted at ``start``, where a pattern built on :data:`NUMBER` matched one."""
    number = _NUMBER.match(text, start)
    assert number is not None  # the same pattern matched there
    return amount_of(number)
