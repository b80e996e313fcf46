"""Narrative sheets of a sample package: 职能, 机构设置, 名词解释, 编制说明/决算说明, 其他说明.

The explanatory texts quote the package's own figures (in 万元) and compare them with last
year and, for final accounts, with the budget, the way real disclosures do.
"""

from __future__ import annotations

from govbudget.catalogue import load_catalogue
from govbudget.model import TextItem
from govbudget_dev.factory.narrative import wan
from govbudget_dev.sample.departments import MINSHENG, Department
from govbudget_dev.sample.ledger import FISCAL_SOURCES, Ledger, vehicles

_CN_NUMBERS = "一二三四五六七八九十"

GLOSSARY = (
    "（一）财政拨款收入：指本级财政当年拨付的资金，包括一般公共预算财政拨款、政府性基金预算财政拨款和"
    "国有资本经营预算财政拨款。",
    "（二）事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。",
    "（三）其他收入：指除上述“财政拨款收入”“事业收入”“事业单位经营收入”等以外的收入。",
    "（四）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    "（五）项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "（六）“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
    "（七）机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的"
    "各项资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备"
    "购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
)

#: per-project unit cost in 元 (to state how many people a 民生 project reaches) and the
#: yearly standard quoted in its 补助标准 (``{s}``)
_UNIT_COST = {
    "preschool": 1000, "textbooks": 1100, "urban_dibao": 6500, "rural_dibao": 4000,
    "temporary_relief": 1500, "elderly": 1400, "public_jobs": 24000, "public_health": 45,
    "medical_aid": 3000, "village_projects": 150000, "village_cadres": 180000,
    "rural_housing": 25000, "shantytown": 60000, "rent_subsidy": 3600,
}  # fmt: skip
_STANDARD = {
    "urban_dibao": {2015: 409, 2016: 439, 2017: 469},
    "rural_dibao": {2015: 3300, 2016: 3600, 2017: 3900},
    "public_health": {2015: 40, 2016: 45, 2017: 50},
}


def name_of(code: str, year: int) -> str:
    """The catalogue name of a code, in the catalogue year that governs ``year``."""
    entry = load_catalogue().lookup(code, year)
    if entry is None:
        raise KeyError(f"{code} is not in the {year} catalogue")
    return entry.name


def change(now: int, before: int | None, what: str) -> str:
    """``比上年增加 12.00 万元（增长 3.4%）`` style comparison; empty without a base."""
    if before is None:
        return ""
    if now == before:
        return f"，与{what}持平"
    word = "增加" if now > before else "减少"
    percent = f"（{'增长' if now > before else '下降'}{abs(now - before) * 100 / before:.1f}%）"
    return f"，比{what}{word}{wan(abs(now - before))}万元" + (percent if before else "")


def minsheng_texts(key: str, year: int, phase: str, scale: int) -> dict[str, str]:
    """补助标准, 发放程序, 资金分配结果 of one 民生 project."""
    _, _, standard, procedure, allocation = MINSHENG[key]
    reach = max(1, scale // 100 // _UNIT_COST[key])
    result = allocation.format(n=reach)
    text = (
        f"预计{result}，按核定对象和标准分配"
        if phase == "budget"
        else f"{result}，资金已全部拨付到位"
    )
    return {
        "standard": standard.format(s=_STANDARD.get(key, {}).get(year, "")),
        "procedure": procedure,
        "allocation": text,
    }


def _item(text_id: str, title: str, lines: list[str]) -> TextItem:
    return TextItem(text_id, title, "", title, "\n".join(lines))


def _duties(dept: Department) -> TextItem:
    kind = "市人民政府工作部门" if dept.level == "市级" else "一级地方国家行政机关"
    lines = [f"{dept.name}是{kind}，主要职能是："]
    duties = [*dept.duties, "完成上级交办的其他任务"]
    lines += [f"（{_CN_NUMBERS[i]}）{d}；" for i, d in enumerate(duties)]
    return _item("duties", "部门主要职能", lines)


def _organisation(dept: Department, year: int, phase: str) -> TextItem:
    lines = [f"{dept.name}内设{len(dept.offices)}个机构：{'、'.join(dept.offices)}。"]
    if dept.units:
        lines.append(f"所属单位{len(dept.units)}个：{'、'.join(dept.units)}。")
    lines.append(f"截至{year - (phase == 'budget')}年底，本部门实有人员{dept.staff}人。")
    return _item("organisation", "部门机构设置", lines)


def _by_class(ledger: Ledger) -> dict[str, int]:
    result: dict[str, int] = {}
    for code in ledger.codes():
        result[code[:3]] = result.get(code[:3], 0) + sum(ledger.spent(code))
    return result


def _explanation(dept: Department, ledger: Ledger, history: dict) -> TextItem:
    year, phase = ledger.year, ledger.phase
    before = history.get((year - 1, phase))
    fiscal = ledger.income_total(FISCAL_SOURCES)
    last_fiscal = before.income_total(FISCAL_SOURCES) if before else None
    basic = sum(ledger.basic.values())
    project = sum(ledger.project.values())
    gpb = ledger.total(("gpb",))
    if phase == "budget":
        title = f"{year}年部门预算编制说明"
        lines = [
            f"{year}年，{dept.name}收入预算{wan(ledger.income_total())}万元，其中：财政拨款收入"
            f"{wan(fiscal)}万元{change(fiscal, last_fiscal, f'{year - 1}年预算')}；事业收入"
            f"{wan(ledger.income_total(('business',)))}万元；其他收入"
            f"{wan(ledger.income_total(('other',)))}万元。",
            f"支出预算{wan(ledger.total())}万元，其中：基本支出{wan(basic)}万元，项目支出"
            f"{wan(project)}万元。一般公共预算拨款支出预算{wan(gpb)}万元。",
        ]
    else:
        budget = history[(year, "budget")]
        title = f"{year}年度部门决算说明"
        carry_out = sum(ledger.carry_out.values())
        compared = change(ledger.total(), before.total() if before else None, "上年")
        lines = [
            f"{year}年度，{dept.name}本年收入合计{wan(ledger.income_total())}万元，本年支出合计"
            f"{wan(ledger.total())}万元，年末结转和结余{wan(carry_out)}万元。",
            f"本年支出合计{compared[1:]}。" * bool(compared)
            + f"本年支出中，基本支出{wan(basic)}万元，项目支出{wan(project)}万元。",
            f"一般公共预算财政拨款支出{wan(gpb)}万元，为年初预算{wan(budget.total(('gpb',)))}万元的"
            f"{gpb * 100 / max(1, budget.total(('gpb',))):.1f}%。",
            "决算数与预算数存在差异的主要原因是：年中追加了部分项目资金，部分项目按进度结转下年使用。",
        ]
    lines.append("主要支出：")
    for i, (code, amount) in enumerate(sorted(_by_class(ledger).items())):
        lines.append(f"{i + 1}. “{name_of(code, year)}”{wan(amount)}万元。")
    return _item("explanation", title, lines)


def _other(dept: Department, ledger: Ledger, history: dict) -> TextItem:
    year, phase = ledger.year, ledger.phase
    tp = ledger.three_public
    before = history.get((year - 1, phase))
    last = before.three_public if before else {}
    word = "预算数" if phase == "budget" else "财政拨款支出决算数"
    when = f"{year - 1}年{'预算' if phase == 'budget' else '度决算'}"
    if "three_public" in dept.classified:
        lines = ["一、“三公”经费情况说明", "本部门“三公”经费涉及国家秘密，按规定不予公开。"]
    else:
        lines = [
            f"一、“三公”经费{word}情况说明",
            f"{year}年“三公”经费{word}为{wan(tp['total'])}万元"
            f"{change(tp['total'], last.get('total'), when)}。其中：",
            f"（一）因公出国（境）费{wan(tp['outbound'])}万元；",
            f"（二）公务用车购置及运行费{wan(tp['vehicle'])}万元，其中：公务用车购置费"
            f"{wan(tp['vehicle_purchase'])}万元，公务用车运行费{wan(tp['vehicle_operation'])}万元；",
            f"（三）公务接待费{wan(tp['reception'])}万元。",
            "“三公”经费变动的主要原因是：严格执行中央八项规定精神，厉行节约，压缩一般性支出。",
        ]
    lines += [
        "二、机关运行经费情况说明",
        f"{year}年{dept.name}机关运行经费{'预算' if phase == 'budget' else '支出'}"
        f"{wan(tp['admin_operating'])}万元"
        f"{change(tp['admin_operating'], last.get('admin_operating'), when)}，主要用于办公费、"
        "印刷费、水电费、取暖费、物业管理费等日常公用经费。",
        "三、政府采购情况说明",
        f"{year}年度本部门政府采购{'预算' if phase == 'budget' else '支出'}"
        f"{wan(sum(ledger.project.values()) // 20 // 10000 * 10000)}万元，主要为货物和服务类采购。",
        "四、国有资产占用情况说明",
        f"截至{year - 1 if phase == 'budget' else year}年12月31日，本部门共有公务用车"
        f"{vehicles(dept)}辆，单价50万元以上通用设备0台（套）。",
        "五、预算绩效管理情况说明",
        "本部门对所有项目支出设置了绩效目标，并按要求开展绩效自评。",
    ]
    return _item("other", "其他相关情况说明", lines)


def narrative(
    dept: Department, ledger: Ledger, history: dict
) -> dict[str, TextItem]:  # fmt: skip
    """The narrative sheets of a package, keyed by ``tables.TEXTS`` id."""
    items = (
        _duties(dept),
        _organisation(dept, ledger.year, ledger.phase),
        _item("glossary", "名词解释", list(GLOSSARY)),
        _explanation(dept, ledger, history),
        _other(dept, ledger, history),
    )
    return {item.id: item for item in items}
