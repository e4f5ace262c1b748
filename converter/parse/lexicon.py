"""What the national template's wording means: phrases -> items, fund sources, natures.

Rules are tried in order, first match wins, so specific phrases come before general
ones. The codes are those of the code lists in ontology/fiscal.ttl (def/item/...,
def/fund/..., def/nature/...); tests check that every code used here exists there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from converter.model import ALL


@dataclass(frozen=True)
class Meaning:
    items: tuple[str, ...]  # usually one; "收、支总计" states two figures at once
    fund: str | None = None  # None: take the fund of the section's context
    nature: str = ALL
    statistic: str = "level"


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    meaning: Meaning


def _rules(table: list[tuple]) -> tuple[Rule, ...]:
    out = []
    for pattern, items, fund, nature, *statistic in table:
        items_tuple = (items,) if isinstance(items, str) else items
        out.append(Rule(re.compile(pattern), Meaning(items_tuple, fund, nature, *statistic)))
    return tuple(out)


# The enterprises a 政府采购 paragraph names: 中小企业 (SMEs) and, among them, 小微企业 ("小型和微型企业",
# "小型、微型企业"); and the words saying they were awarded the contracts ("授予中小企业合同金额",
# "由中小企业供应商中标或成交的", "中小企业中标金额"), as opposed to a share reserved for them (预留).
_SME = r"中小(?:型)?企业"
_SMALL_MICRO = r"(?:小微|小型(?:和|、|及)?微型)企业"
_AWARD = r"(?:供应商)?(?:合同|中标|成交|签订)"

# Money: (phrase, item(s), fund or None for the context's, nature)
MONEY_RULES = _rules(
    [
        (r"三公.?经费", "three-public-expenses", "appropriation", ALL),
        (r"因公出国[（(]境[)）](团组)?(费用?|经费|支出)", "overseas-travel", "appropriation", ALL),
        (r"公务用车购置及运行(维护)?费", "official-vehicles", "appropriation", ALL),
        (r"公务用车购置费?", "vehicle-purchase", "appropriation", ALL),
        (r"公务用车运行(维护)?(费|支出)", "vehicle-operation", "appropriation", ALL),
        (r"国内公务接待", "domestic-reception", "appropriation", ALL),
        (r"外事接待|外宾接待", "foreign-reception", "appropriation", ALL),
        (r"公务接待费?", "official-reception", "appropriation", ALL),
        (r"财政拨款收入?、?支出?总计", ("total-income", "total-expenditure"), "appropriation", ALL),
        (r"财政拨款收入?、?支出?总?(预算)?$", ("total-income", "total-expenditure"), "appropriation", ALL),
        (r"收入?、?支出?(决算)?总计", ("total-income", "total-expenditure"), None, ALL),
        (r"^收入?、?支出?总?(预算)?$", ("total-income", "total-expenditure"), None, ALL),
        # "财政专户管理资金收入预算总计" (budgets list their income by source, each "总计"): that source's income
        (r"财政专户管理资金收入(预算)?总计", "income", "special-account", ALL),
        (r"^其他资金收入(预算)?总计", "income", "other", ALL),
        (r"财政拨款收入总计", "total-income", "appropriation", ALL),
        (r"财政拨款支出总计", "total-expenditure", "appropriation", ALL),
        (r"收入总计", "total-income", None, ALL),
        (r"支出总计", "total-expenditure", None, ALL),
        (r"(本年|当年)收入小计", "income", None, ALL),
        (r"(本年|当年)支出小计", "expenditure", None, ALL),
        (r"(本年|^)收入合计", "income", None, ALL),
        (r"(本年|^)支出合计", "expenditure", None, ALL),
        (r"使用非财政拨款结余", "use-of-non-appropriation-balance", ALL, ALL),
        (r"年初结转和?结余", "opening-carry-over", None, ALL),
        (r"年末结转和?结余", "closing-carry-over", None, ALL),
        (r"^上年结转(资金|结余)?(收入)?$|^上年结转和结余", "opening-carry-over", None, ALL),
        (r"^结转下年(资金)?(支出)?$|^结转下年度", "closing-carry-over", None, ALL),
        (r"结余分配", "balance-distribution", ALL, ALL),
        (r"一般公共预算(财政)?拨款收入", "income", "general-public-budget", ALL),
        (r"政府性基金(预算)?(财政)?拨款收入", "income", "government-fund", ALL),
        (r"国有资本经营(预算)?(财政)?拨款收入", "income", "state-capital", ALL),
        (r"一般公共预算(资金)?收入", "income", "general-public-budget", ALL),
        (r"政府性基金(预算)?(资金)?收入", "income", "government-fund", ALL),
        (r"国有资本经营(预算)?(资金)?收入", "income", "state-capital", ALL),
        (r"财政专户管理资金(收入)?", "income", "special-account", ALL),
        (r"财政拨款收入", "income", "appropriation", ALL),
        (r"上级补助收入", "income", "superior-subsidy", ALL),
        (r"事业收入", "income", "operations", ALL),
        (r"经营收入", "income", "business", ALL),
        (r"附属单位上缴收入", "income", "affiliated-remittance", ALL),
        (r"其他收入", "income", "other", ALL),
        (r"^其他资金(收入)?$", "income", "other", ALL),
        (r"收入预算$", "income", None, ALL),
        (r"支出预算$", "expenditure", None, ALL),
        (r"一般公共预算(财政)?拨款基本支出", "expenditure", "general-public-budget", "basic"),
        (r"一般公共预算(财政)?拨款项目支出", "expenditure", "general-public-budget", "project"),
        (r"一般公共预算(财政)?(拨款)?支出", "expenditure", "general-public-budget", ALL),
        (r"一般公共预算当年(财政)?拨款(规模)?$", "expenditure", "general-public-budget", ALL),
        (r"政府性基金(预算)?(财政)?(拨款)?支出", "expenditure", "government-fund", ALL),
        (r"国有资本经营(预算)?(财政)?(拨款)?支出", "expenditure", "state-capital", ALL),
        (r"财政拨款支出", "expenditure", "appropriation", ALL),
        (r"财政拨款(预算)?支出|财政拨款安排的?支出", "expenditure", "appropriation", ALL),
        (r"基本支出", "expenditure", None, "basic"),
        (r"项目支出", "expenditure", None, "project"),
        (r"上缴上级支出", "expenditure", None, "remittance-to-superior"),
        (r"经营支出", "expenditure", None, "business"),
        (r"对附属单位补助支出", "expenditure", None, "subsidy-to-affiliates"),
        (r"人员经费", "expenditure", None, "personnel"),
        (r"公用经费", "expenditure", None, "public-funds"),
        (r"人员支出", "expenditure", None, "personnel"),
        (r"(日常)?公用支出", "expenditure", None, "public-funds"),
        (r"(单位)?预留机动经费", "expenditure", None, "reserve"),
        (r"机关运行经费", "agency-operating-costs", ALL, ALL),
        (r"政府采购货物", "procurement-goods", ALL, ALL),
        (r"政府采购工程", "procurement-works", ALL, ALL),
        (r"政府采购服务", "procurement-services", ALL, ALL),
        (r"政府采购(支出|合同)?(总额|金额)|政府采购支出|政府采购预算(总额)?$", "procurement", ALL, ALL),
        (r"政府采购(支出)?预算(总金额|总额|金额)|政府采购(总金额|总额)|政府采购$", "procurement", ALL, ALL),
        (r"^拟(购买|采购)货物", "procurement-goods", ALL, ALL),
        (r"^拟(购买|采购)工程", "procurement-works", ALL, ALL),
        (r"^拟(购买|采购)服务", "procurement-services", ALL, ALL),
        (r"^货物采购", "procurement-goods", ALL, ALL),
        (r"^工程采购", "procurement-works", ALL, ALL),
        (r"^服务采购", "procurement-services", ALL, ALL),
        # SMEs: what is reserved for them, and what they were awarded (the wordings: SME_AWARD below)
        (
            rf"(?:面向|预留给){_SMALL_MICRO}(?:企业)?(?:的)?(?:政府)?(?:采购)?(?:项目)?预留|预留给{_SMALL_MICRO}",
            "procurement-small-micro-reserved",
            ALL,
            ALL,
        ),
        (
            rf"面向{_SME}(?:的)?(?:政府)?(?:采购)?(?:项目)?预留|预留给{_SME}",
            "procurement-sme-reserved",
            ALL,
            ALL,
        ),
        (rf"{_SMALL_MICRO}{_AWARD}", "procurement-small-micro", ALL, ALL),
        (rf"{_SME}{_AWARD}", "procurement-sme", ALL, ALL),
        (r"财政资金(共)?收入", "fiscal-funds-income", ALL, ALL),
        (r"财政资金(共)?支出", "fiscal-funds-expenditure", ALL, ALL),
        (r"期末结余", "closing-balance", ALL, ALL),
        (
            r"特定目标类项目(?:预算)?$|特定目标类项目预算|项目预算共计",
            "project-funds",
            ALL,
            ALL,
            "full-year-budget",
        ),
    ]
)

# A number whose own phrase names only a measure ("采购金额", "金额") is named by the clauses before it since
# the last number: Shanghai's "在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额N万元".
# Which projects the award is counted in makes it a part of the SMEs' award (in the projects reserved for
# them, in the other projects); without them it is the award itself. Consulted by the narrative only,
# for such a number, in order.
MEASURE_ONLY = re.compile(r"^(?:政府)?(?:采购|合同|中标|成交|签订)?(?:金额|总额)(?:为|是|共计|合计)?$")
SME_AWARD = _rules(
    [
        (
            rf"(?:面向|预留给){_SMALL_MICRO}.*{_SMALL_MICRO}{_AWARD}",
            "procurement-small-micro-in-reserved",
            ALL,
            ALL,
        ),
        (rf"(?:面向|预留给){_SME}.*{_SME}{_AWARD}", "procurement-sme-in-reserved", ALL, ALL),
        (
            rf"(?:其他|其余|非预留)(?:的)?(?:政府)?(?:采购)?项目.*{_SME}{_AWARD}",
            "procurement-sme-in-other",
            ALL,
            ALL,
        ),
        (rf"{_SMALL_MICRO}{_AWARD}", "procurement-small-micro", ALL, ALL),
        (rf"{_SME}{_AWARD}", "procurement-sme", ALL, ALL),
    ]
)

# A sentence's own subject named by a bare word once its owner and year are set aside ("学校2021年
# 收入预算", "XX局支出预算"): in budgets "本年收入预算" / "本年预算收入" is this year's income, a bare
# "收入预算" the total with carry-overs. Consulted by the narrative only, after MONEY_RULES.
BARE_TOTAL_RULES = _rules(
    [
        (r"^本年(度)?(预算)?收入(预算)?(合计)?$", "income", None, ALL),
        (r"^本年(度)?(预算)?支出(预算)?(合计)?$", "expenditure", None, ALL),
        (r"^(各项)?收入(预算)?$", "total-income", None, ALL),
        (r"^(各项)?支出(预算)?$", "total-expenditure", None, ALL),
    ]
)

# Counts: matched against "before|after" around the number (Chinese often names the
# counted thing after the measure word: "对3个项目开展了绩效自评").
COUNT_RULES = _rules(
    [
        # establishment (编制) and staff: "编制人数小计183人，其中：行政编制人数0人"; a kind of 事业编制 by its
        # funding (全部补助 / 部分补助) is a part, not the whole; "实有人数…其中行政编26人" counts staff, not posts
        (r"编制(人数)?(小计|总数|合计)\|[名人]|核定编制(总数)?\|[名人]", "authorised-posts", ALL, ALL),
        (r"行政编制(人数)?([（(]含参公[)）])?\|[名人]", "authorised-administrative-posts", ALL, ALL),
        (r"(?<!补助)事业编制(人数)?\|[名人]", "authorised-public-institution-posts", ALL, ALL),
        (r"年末实有(人数|人员)\|[名人]|^实有(人数|人员)\|[名人]", "staff-at-year-end", ALL, ALL),
        (r"在职在岗.*\|[名人]", "serving-staff", ALL, ALL),
        (r"工勤.*\|[名人]", "logistics-staff", ALL, ALL),
        (r"离退休人员\|[名人]", "retired-staff", ALL, ALL),
        (
            r"下属二级单位\||二级预算单位\||所属.*\|个(二级)?(预算)?单位|\|个下属(二级)?(预算)?单位",
            "subordinate-units",
            ALL,
            ALL,
        ),
        # the organisation's own divisions: "内设处室10个", "内设股级机构23个", "0个机关行政处(科、股)室",
        # not a division's own teams ("大队…内设2个中队"),
        # "下设政府办、农林水等2个科室"
        (
            r"内设[^|]*(处室|科室|股室|机构|部门)\|个|内设\|个(职能)?(处|科|股|部门|机构)|\|个(内设)?(机关)?(行政|职能)?(处|科|股)([（(]|室)|下设.*\|个(科|处|股)室",
            "internal-divisions",
            ALL,
            ALL,
        ),
        (r"^(其中)?行政单位\|个", "subordinate-administrative-units", ALL, ALL),
        (r"^(其中)?事业单位\|个", "subordinate-public-institutions", ALL, ALL),
        (
            r"参照公务员法管理的?事业单位\|个|\|个参照公务员法管理的?事业单位",
            "subordinate-civil-service-managed-units",
            ALL,
            ALL,
        ),
        (r"其他事业单位\|个", "subordinate-other-public-institutions", ALL, ALL),
        (r"纳入.*(编制|汇编|编报)范围.*\|个", "reporting-units", ALL, ALL),
        # the counts of the 三公 items have the fund of their money ("财政拨款")
        (r"(接待|接待外宾|^)\|批次", "reception-batches", "appropriation", ALL),
        (r"(接待|^)\|人次?$", "reception-visitors", "appropriation", ALL),
        (r"团组\|个|\|个团组", "overseas-delegations", "appropriation", ALL),
        (r"出国[（(]境[)）]\|人", "overseas-travellers", "appropriation", ALL),
        (r"购置公务用车\|辆|购置车辆\|辆", "vehicles-purchased", "appropriation", ALL),
        # the template's 三公 count is of the vehicles whose running costs the appropriation pays
        # ("开支财政拨款的公务用车保有量为8辆"), not the fleet its assets count ("共有车辆10辆")
        (
            r"(开支|使用)财政拨款(资金|经费)?的公务用车(保有量)?(为|共)?\|辆",
            "vehicles-held",
            "appropriation",
            ALL,
        ),
        (r"共有(公务用车|车辆)\|辆|(公务用车|车辆)保有量(为)?\|辆", "vehicles-held", ALL, ALL),
        (r"一般公务用车\|辆", "vehicles-general-official", ALL, ALL),
        (r"以上设备.*\|台|设备\|台", "equipment-over-1m", ALL, ALL),
        (r"部[（(]?省?[)）]?级及以上领导用车\|辆|部级领导干部用车\|辆", "vehicles-ministerial", ALL, ALL),
        (r"主要(领导干部|负责人)用车\|辆", "vehicles-principal-leaders", ALL, ALL),
        (r"机要通信用车\|辆", "vehicles-confidential-communication", ALL, ALL),
        (r"应急保障用车\|辆", "vehicles-emergency", ALL, ALL),
        (r"执法执勤用车\|辆", "vehicles-law-enforcement", ALL, ALL),
        (r"特种专业技术用车\|辆", "vehicles-special-technical", ALL, ALL),
        (r"离退休干部(服务)?用车\|辆", "vehicles-retired-cadres", ALL, ALL),
        (r"^(其中)?其他用车\|辆", "vehicles-other-use", ALL, ALL),
        (r"评级为不合格", "projects-rated-fail", ALL, ALL),
        (r"评级为合格", "projects-rated-pass", ALL, ALL),
        (r"评级为良", "projects-rated-good", ALL, ALL),
        (r"评级为优", "projects-rated-excellent", ALL, ALL),
        (r"发现问题", "evaluation-issues-found", ALL, ALL),
        (r"已经?完成整改", "evaluation-issues-rectified", ALL, ALL),
        (r"正在整改", "evaluation-issues-in-rectification", ALL, ALL),
        (r"\|个?项目.*事前绩效评估|事前绩效评估", "projects-ex-ante-assessed", ALL, ALL),
        (r"\|个?项目.*编[制报]了?绩效目标|编[制报]了?绩效目标", "projects-with-targets", ALL, ALL),
        (r"\|个?项目.*实行绩效目标管理|实行绩效目标管理", "projects-with-targets", ALL, ALL),
        (r"\|个?项目.*绩效(监控|跟踪)|绩效(监控|跟踪)", "projects-monitored", ALL, ALL),
        (r"\|个?项目.*绩效自评|绩效自评", "projects-self-evaluated", ALL, ALL),
        (r"申报特定类项目|特定目标类.*项目", "special-projects", ALL, ALL),
    ]
)

SCORE_RULES = _rules(
    [
        (r"平均得分", "projects-average-score", ALL, ALL),
        (r"得分", "performance-score", ALL, ALL),
    ]
)

# Phrases before a number that make it a relative figure of the current subject.
SHARE = re.compile(r"占(.*?)(的)?(比[重例])?$")
INCREASE = re.compile(r"(增加|增长|上升|提高|增幅|增支|多支)(了)?$")
DECREASE = re.compile(r"(减少|下降|降低|减幅|降幅|压减|压缩|缩减|减支)(了)?$")
# The same verbs anywhere in a phrase ("基本支出增加人员经费1,408.29万元": what increased is named
# before the verb, what follows only says how).
CHANGE_VERB = re.compile(
    r"(?P<up>增加|增长|上升|提高|增幅|增支)|(?P<down>减少|下降|降低|减幅|降幅|压减|压缩|缩减|减支)"
)
# ("决算数占年初预算的98.2%": the final over the budget it names is its completion, as 完成年初预算的)
COMPLETION = re.compile(
    r"完成(年初)?预算(数)?(的)?$|为(年初)?预算(数)?的$|占年初预算(数)?(的)?(比[重例])?(为|是)?$|"
    r"预算完成率(为|是)?$|完成率(为|是)?$"
)
_RATE_BASE = (("年初", "initial-budget"), ("全年", "full-year-budget"))


def rate_base(label: str) -> str | None:
    """The budget a completion rate's words name ("完成年初预算的" -> initial-budget, "完成全年预算的" ->
    full-year-budget), or None ("完成预算", "完成率", "执行率", and 调整预算, which the rate rules do not
    tell from the full-year budget)."""
    return next((statistic for word, statistic in _RATE_BASE if word in label), None)


EXECUTION = re.compile(
    r"(完成|占)(全年|调整后?)预算(数)?(的)?$|为(全年|调整后?)预算(数)?的$|执行率(为|是|达)?$"
)
# Phrases that give a number without naming what it is: the subject comes from the clause before.
GENERIC_VALUE = re.compile(
    r"^(支出)?(决算数?|预算数?|支出决算数?|共计|合计|共计支出|涉及(项目)?(预算|财政性)?(金额|资金)(合计|共计)?)?(为|是)?$"
)
# Numbers that are thresholds or references, not stated figures.
NOT_A_FIGURE = re.compile(r"单价$|超过$|以上$|以内$|之间$|达到$|[=＝*×/]")
# What a township's or county's 概况 says of its territory: villages, area, population, forest cover,
# climate. A count or a percentage of these is no figure of the accounts nor of the organisation.
TERRITORY = re.compile(
    r"行政村|自然村|自然屯|村民小组|村\(居\)|村（居）|居委会|居民委员会|村委会|平方公里|平方千米|公顷|人口|"
    r"常住|户籍|覆盖率|森林|耕地|气温|降水|降雨|海拔|积温|无霜期"
)

# A phrase that ends by saying which statistic the number is: "年初预算为", "支出决算数为".
STATISTIC_SUFFIX = re.compile(
    r"(?P<stat>上年(?:度)?(?:预算|决算|执行)数?|年初预算数?|全年预算数?|调整后?预算数?|决算数?|"
    r"(?:当年)?预算执行数?|预算安排数?|预算数?)(?:安排)?(?:为|是)?$"  # "年初预算安排X万元"
)
_SUFFIX_STATISTIC = {
    "预算": "budget",  # the phase decides: the budget of a 决算, the level of a 预算
    "预算安排": "budget",
    "年初预算": "initial-budget",
    "全年预算": "full-year-budget",
    "调整预算": "adjusted-budget",
    "上年预算": "previous-year-level",
    "上年决算": "previous-year-level",
    "上年执行": "previous-year-level",
}


@lru_cache(maxsize=16384)
def split_statistic(label: str) -> tuple[str, str]:
    """'“三公”经费财政拨款支出年初预算为' -> ('initial-budget', '三公经费财政拨款支出')."""
    match = STATISTIC_SUFFIX.search(label)
    if not match:
        return "level", label
    stat = match.group("stat").rstrip("数").replace("调整后", "调整").replace("上年度", "上年")
    return _SUFFIX_STATISTIC.get(stat, "level"), label[: match.start()]
