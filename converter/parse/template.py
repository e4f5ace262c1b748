"""The national template's tables, as data the table reader consults.

Nothing here is code that branches on a province: a table's *role* (收支总表, 收入表, 三公经费表 ...) is
recognised from the words of its title (``TITLE_ROLES``, tried in order, most specific first); a role
gives the figures' defaults (item, fund, nature) and the canonical title per phase; a *family* is the
list of tables a template generation or regional variant prints (``FAMILIES``), which says what a
document of that family lacks. Column layouts (``LAYOUTS``) are the standard headers of each role, for
text input whose header is flattened beyond reading: they are matched against the header's words, never
assumed.

The codes are those of ontology/fiscal.ttl (def/item, def/fund, def/nature).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converter.model import ALL

__all__ = [
    "FAMILIES",
    "FUND_PARTS",
    "ITEM_PARTS",
    "PHASE_TOTALS",
    "NATURE_PARTS",
    "LAYOUTS",
    "PERFORMANCE_WORDS",
    "ROLES",
    "LABEL_CONTINUATIONS",
    "NARRATIVE_COLUMNS",
    "SUBHEADER_OPENERS",
    "TITLE_ROLES",
    "Family",
    "Layout",
    "Role",
    "kind_key",
    "role_of_title",
    "title_phase",
]


@dataclass(frozen=True)
class Role:
    final_title: str  # canonical title of the final-accounts (决算) table
    budget_title: str  # canonical title of the budget (预算) table
    item: str | None  # the figures' item when row and column name none
    fund: str  # the fund when the title names none
    nature: str = ALL
    variants: tuple[str, ...] = ()  # other normalised titles (kept for callers matching titles)
    # a table of no one item (a 总表): the items whose totals it prints (收入总计, 支出总计), which the
    # narrative states too; an emptied 总表 is known by them
    totals: tuple[str, ...] = ()


_TOTALS = ("total-income", "total-expenditure")

ROLES: dict[str, Role] = {
    "total": Role(
        "收入支出决算总表",
        "部门收支预算总表",
        None,
        ALL,
        ALL,
        ("收支决算总表", "收支预算总表", "收支总表"),
        _TOTALS,
    ),
    "income": Role("收入决算表", "部门收入预算表", "income", ALL, ALL, ("收入预算总表", "收入总表")),
    "expenditure": Role(
        "支出决算表", "部门支出预算表", "expenditure", ALL, ALL, ("支出预算总表", "支出总表")
    ),
    "appropriation_total": Role(
        "财政拨款收入支出决算总表",
        "财政拨款收支预算总表",
        None,
        "appropriation",
        ALL,
        ("财政拨款收支总表",),
        _TOTALS,
    ),
    "appropriation_expenditure": Role(
        "财政拨款支出决算表", "财政拨款支出预算表", "expenditure", "appropriation"
    ),
    "general_expenditure": Role(
        "一般公共预算财政拨款支出决算表",
        "一般公共预算支出功能分类预算表",
        "expenditure",
        "general-public-budget",
        ALL,
        ("一般公共预算财政拨款支出决算明细表", "一般公共预算支出表", "一般公共预算支出预算表"),
    ),
    "general_basic": Role(
        "一般公共预算财政拨款基本支出决算表",
        "一般公共预算基本支出部门预算经济分类预算表",
        "expenditure",
        "general-public-budget",
        "basic",
        ("一般公共预算基本支出表", "一般公共预算基本支出预算表"),
    ),
    "appropriation_basic": Role(
        "财政拨款基本支出决算表", "财政拨款基本支出预算表", "expenditure", "appropriation", "basic"
    ),
    "basic": Role("基本支出决算表", "基本支出预算表", "expenditure", ALL, "basic"),
    "project": Role("项目支出决算表", "项目支出预算表", "expenditure", ALL, "project"),
    "three_public": Role(
        "财政拨款“三公”经费支出决算表",
        "“三公”经费和机关运行经费预算表",
        "three-public-expenses",
        "appropriation",
        ALL,
        ("三公经费支出决算表", "三公经费预算表", "三公经费会议费培训费支出预算表"),
    ),
    "government_fund": Role(
        "政府性基金预算财政拨款收入支出决算表",
        "政府性基金预算支出功能分类预算表",
        "expenditure",
        "government-fund",
        ALL,
        ("政府性基金预算财政拨款支出决算表", "政府性基金预算支出表", "政府性基金支出预算表"),
    ),
    "state_capital": Role(
        "国有资本经营预算财政拨款收入支出决算表",
        "国有资本经营预算支出功能分类预算表",
        "expenditure",
        "state-capital",
        ALL,
        ("国有资本经营预算财政拨款支出决算表", "国有资本经营预算支出表"),
    ),
    "special_account": Role(
        "财政专户管理资金收入支出决算表", "财政专户管理资金支出预算表", "expenditure", "special-account"
    ),
    "agency_operating": Role(
        "机关运行经费支出决算表", "一般公共预算机关运行经费支出预算表", "agency-operating-costs", ALL
    ),
    "procurement": Role("政府采购情况表", "政府采购预算表", "procurement", ALL, ALL, ("政府采购预算明细表",)),
    "purchased_services": Role("政府购买服务决算表", "政府购买服务预算表", None, ALL),
    "performance": Role("绩效自评表", "绩效目标表", None, ALL),
    "assets": Role("国有资产占用情况表", "国有资产占用情况表", None, ALL),
    "other": Role("其他表", "其他表", None, ALL),
}

# The parts a standard table breaks its figures down into, by role, which it would print were it not
# empty: an emptied table is known by a figure of one of them the narrative states ("其中基本支出…",
# "财政拨款收入…") as well as by its total. Items: the 总表's 本年收入合计 / 本年支出合计 under its
# 总计s; funds: the income table's columns by source, the 财政拨款 总表's by appropriation; natures:
# 基本支出 / 项目支出 of an expenditure table, 人员经费 / 公用经费 of a 基本支出 table.
_BY_NATURE = ("basic", "project")
_BY_BASIC = ("personnel", "public-funds")
ITEM_PARTS: dict[str, tuple[str, ...]] = {
    "total": ("income", "expenditure"),
    "appropriation_total": ("income", "expenditure"),
}
# The totals a phase's table prints beside its item: a budget plans no 结转下年, so its 收支总表's 支出总计
# is what the 支出预算表 breaks down, and its 收入总计 (上年结转 included) what the 收入预算表 does: an
# emptied budget table is known by the 总表's total when the narrative states none of its own.
PHASE_TOTALS: dict[tuple[str, str], tuple[str, ...]] = {
    ("budget", "expenditure"): ("total-expenditure",),
    ("budget", "income"): ("total-income",),
}
_BY_SOURCE = ("appropriation", "superior-subsidy", "operations", "business", "affiliated-remittance")
FUND_PARTS: dict[str, tuple[str, ...]] = {
    "income": (*_BY_SOURCE, "other"),
    "appropriation_total": ("general-public-budget", "government-fund", "state-capital"),
}
NATURE_PARTS: dict[str, tuple[str, ...]] = {
    "expenditure": _BY_NATURE,
    "appropriation_expenditure": _BY_NATURE,
    "general_expenditure": _BY_NATURE,
    "general_basic": _BY_BASIC,
    "appropriation_basic": _BY_BASIC,
    "basic": _BY_BASIC,
}

# Kind keys that predate the role names and are kept stable (figure.table values, validator, tests).
_KIND_KEYS = {("budget", "general_expenditure"): "budget.general_function"}


def kind_key(phase: str, role: str) -> str:
    return _KIND_KEYS.get((phase, role), f"{phase}.{role}")


# Title words -> role, over the normalised title (no spaces, quotes, numbering, year or organisation);
# first match wins.
TITLE_ROLES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), role)
    for pattern, role in (
        (r"绩效", "performance"),
        (r"政府购买服务", "purchased_services"),
        (r"政府采购", "procurement"),
        (r"资产", "assets"),
        (r"三公", "three_public"),
        (r"机关运行经费", "agency_operating"),
        (r"国有资本经营", "state_capital"),
        (r"政府性基金", "government_fund"),
        (r"财政专户", "special_account"),
        (r"财政拨款收入?支出?.*总表|财政拨款收支", "appropriation_total"),
        (r"收入?支出?(决算|预算)?总?表|收支", "total"),
        (r"项目支出", "project"),
        (r"一般公共预算.*(基本支出|经济分类|经济科目)", "general_basic"),
        (r"财政拨款.*(基本支出|经济分类|经济科目)", "appropriation_basic"),
        (r"基本支出|经济分类|经济科目", "basic"),
        (r"一般公共预算.*支出", "general_expenditure"),
        (r"财政拨款.*支出", "appropriation_expenditure"),
        (r"收入", "income"),
        (r"支出", "expenditure"),
    )
)

# Words of a title that name the budget phase are read once the fund names that contain 预算 are gone.
_FUND_NAMES_WITH_BUDGET = re.compile(
    r"一般公共预算|政府性基金预算|国有资本经营预算|部门预算经济分类|预算单位"
)


# Words of a grid no title names that make it a performance table (项目支出绩效自评表 …), which
# converter.parse.performance reads.
PERFORMANCE_WORDS = re.compile(r"绩效|指标|年度总体目标|项目资金|自评得分")


def title_phase(normalised: str) -> str | None:
    """'final' or 'budget' when the title says which (决算 / 预算), else None."""
    s = _FUND_NAMES_WITH_BUDGET.sub("", normalised)
    if "决算" in s:
        return "final"
    if "预算" in s:
        return "budget"
    return None


def role_of_title(normalised: str) -> str:
    for pattern, role in TITLE_ROLES:
        if pattern.search(normalised):
            return role
    return "other"


@dataclass(frozen=True)
class Family:
    """A template generation or regional variant: the tables it prints, in order."""

    phase: str
    roles: tuple[str, ...]
    note: str


FAMILIES: dict[str, Family] = {
    "national-final-2019": Family(
        "final",
        (
            "total",
            "income",
            "expenditure",
            "appropriation_total",
            "general_expenditure",
            "general_basic",
            "three_public",
            "government_fund",
            "state_capital",
        ),
        "部门决算 2019 onwards: 9 tables (国有资本经营预算财政拨款 table added)",
    ),
    "national-final-2015": Family(
        "final",
        (
            "total",
            "income",
            "expenditure",
            "appropriation_total",
            "general_expenditure",
            "general_basic",
            "three_public",
            "government_fund",
        ),
        "部门决算 2015-2018: 8 tables",
    ),
    "sichuan-final-13": Family(
        "final",
        (
            "total",
            "income",
            "expenditure",
            "appropriation_total",
            "appropriation_expenditure",
            "general_expenditure",
            "general_basic",
            "project",
            "three_public",
            "government_fund",
            "state_capital",
        ),
        "四川 部门决算 (表1 … 表6 with 表1-1, 表4-1 … 表4-4, 表5-1): 13 tables over these roles",
    ),
    "central-university": Family(
        "final",
        ("total", "income", "expenditure", "appropriation_expenditure"),
        "中央部门 高等学校 决算: 表1-表4",
    ),
    "central-university-budget": Family(
        "budget",
        ("total", "income", "expenditure", "appropriation_expenditure"),
        "中央部门 高等学校 预算: 收支预算总表, 收入预算表, 支出预算表, 财政拨款支出预算表",
    ),
    "national-budget": Family(
        "budget",
        (
            "total",
            "income",
            "expenditure",
            "appropriation_total",
            "general_expenditure",
            "general_basic",
            "three_public",
            "government_fund",
        ),
        "部门预算 (上海 9 tables with 国有资本经营预算支出 and 政府采购 optional)",
    ),
    "jiangsu-budget-12": Family(
        "budget",
        (
            "total",
            "income",
            "expenditure",
            "appropriation_total",
            "appropriation_expenditure",
            "appropriation_basic",
            "general_expenditure",
            "general_basic",
            "three_public",
            "government_fund",
            "agency_operating",
            "procurement",
        ),
        "江苏 省级 部门预算: 12 tables (公开01表 … 公开12表)",
    ),
}


@dataclass(frozen=True)
class Layout:
    """A standard header of a role: its value columns in printed order, and which sum to which."""

    role: str
    phase: str | None  # None: both phases
    columns: tuple[str, ...]  # column paths as the grid reader writes them
    sums: tuple[tuple[int, tuple[int, ...]], ...] = ()  # (total column, its parts)


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "income",
        "final",
        (
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
        ),
        ((0, (1, 2, 3, 4, 5, 6)),),
    ),
    Layout(
        "expenditure",
        "final",
        ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
        ((0, (1, 2, 3, 4, 5)),),
    ),
    Layout(
        "income",
        "budget",
        ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"),
        ((0, (1, 2, 3, 4)),),
    ),
    Layout("expenditure", None, ("合计", "基本支出", "项目支出"), ((0, (1, 2)),)),
    Layout("general_expenditure", None, ("合计", "基本支出", "项目支出"), ((0, (1, 2)),)),
    Layout("appropriation_expenditure", None, ("合计", "基本支出", "项目支出"), ((0, (1, 2)),)),
    Layout("government_fund", "budget", ("合计", "基本支出", "项目支出"), ((0, (1, 2)),)),
    Layout("state_capital", "budget", ("合计", "基本支出", "项目支出"), ((0, (1, 2)),)),
    Layout(
        "government_fund",
        "final",
        (
            "年初结转和结余",
            "本年收入",
            "本年支出/小计",
            "本年支出/基本支出",
            "本年支出/项目支出",
            "年末结转和结余",
        ),
        ((2, (3, 4)),),
    ),
    Layout(
        "state_capital",
        "final",
        (
            "年初结转和结余",
            "本年收入",
            "本年支出/小计",
            "本年支出/基本支出",
            "本年支出/项目支出",
            "年末结转和结余",
        ),
        ((2, (3, 4)),),
    ),
    Layout("general_basic", "budget", ("合计", "人员经费", "公用经费"), ((0, (1, 2)),)),
    Layout("general_basic", "final", ("决算数",)),
    Layout(
        "three_public",
        "final",
        (
            "合计/预算数",
            "合计/决算数",
            "因公出国（境）费/预算数",
            "因公出国（境）费/决算数",
            "公务用车购置及运行费/小计/预算数",
            "公务用车购置及运行费/小计/决算数",
            "公务用车购置及运行费/公务用车购置费/预算数",
            "公务用车购置及运行费/公务用车购置费/决算数",
            "公务用车购置及运行费/公务用车运行费/预算数",
            "公务用车购置及运行费/公务用车运行费/决算数",
            "公务接待费/预算数",
            "公务接待费/决算数",
        ),
        ((0, (2, 4, 10)), (1, (3, 5, 11)), (4, (6, 8)), (5, (7, 9))),
    ),
    Layout(
        "three_public",
        "budget",
        (
            "“三公”经费预算数/合计",
            "“三公”经费预算数/因公出国(境)费",
            "“三公”经费预算数/公务接待费",
            "“三公”经费预算数/公务用车购置及运行费/小计",
            "“三公”经费预算数/公务用车购置及运行费/购置费",
            "“三公”经费预算数/公务用车购置及运行费/运行费",
            "机关运行经费预算数",
        ),
        ((0, (1, 2, 3)), (3, (4, 5))),
    ),
    Layout(  # 江苏: the 三公 with 会议费 and 培训费, their 合计 first
        "three_public",
        "budget",
        (
            "合计",
            "“三公”经费/小计",
            "“三公”经费/因公出国（境）费",
            "“三公”经费/公务用车购置及运行维护费/小计",
            "“三公”经费/公务用车购置及运行维护费/公务用车购置费",
            "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费",
            "“三公”经费/公务接待费",
            "会议费",
            "培训费",
        ),
        ((0, (1, 7, 8)), (1, (2, 3, 6)), (3, (4, 5))),
    ),
)

# a header word that opens the row of a parent's children ("项目支出" over "小计 其中：基本建设资金支出",
# "事业收入" over "金额 其中：教育收费"):
# in a header flattened to one line, the next header row begins with it
SUBHEADER_OPENERS: tuple[str, ...] = ("小计", "金额")
# a parent cell's children, printed in the header's next row ("事业收入" over "金额 其中：教育收费"): a
# header printed one cell per line puts them after the last top cell, and they are the parent's columns
PARENT_CHILDREN: tuple[tuple[str, tuple[str, ...]], ...] = (("事业收入", ("金额", "其中：教育收费")),)
# a parent's children printed as one header row, in either order (another province prints 其中 first):
# a header line cut into its rows is cut before them, never inside them (``text_tables.header_rows``)
CHILDREN_ROWS: tuple[tuple[str, ...], ...] = (
    *(children for _, children in PARENT_CHILDREN),
    ("小计", "其中：基本建设资金支出"),  # 项目支出's (a stacked header: ``stacked_headers`` stacks it)
)
# a word that continues the row label before it (a label's second cell: "一般公共预算资金 小计")
LABEL_CONTINUATIONS: tuple[str, ...] = ("小计",)
# the narrative's figures that state a text table's 合计 row by column (role -> (column leaf, the
# figure's item, fund, nature)): "支出总计457,676.75万元，其中基本支出359,781.59万元 … 项目支出97,895.15万元"
# is the 支出决算表's 合计 row under 基本支出 and 项目支出, so a row the table's arithmetic left open
# is read again with them (``converter.parse.narrative_columns``)
NARRATIVE_COLUMNS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "expenditure": (
        ("基本支出", "expenditure", ALL, "basic"),
        ("项目支出", "expenditure", ALL, "project"),
    ),
    "appropriation_expenditure": (
        ("基本支出", "expenditure", "appropriation", "basic"),
        ("项目支出", "expenditure", "appropriation", "project"),
    ),
    "general_expenditure": (
        ("基本支出", "expenditure", "general-public-budget", "basic"),
        ("项目支出", "expenditure", "general-public-budget", "project"),
    ),
}
