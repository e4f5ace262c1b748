"""The template's words the text rules read, as data (converter.parse.evidence consults them).

Each table is (name, pattern): the name is what the evidence record says the text states (a year's
role, a placeholder's kind, a field left empty); the first pattern of a table that matches wins.
"""

from __future__ import annotations

import re

from converter.parse.chinese_numerals import DAY, MONTH

_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年"


def _spaced(*words: str) -> str:
    """Alternatives that match each word with spaces or a line break between its characters (a PDF's
    text layer breaks "减少" across lines: "比2023年度减\\n少")."""
    return "|".join(r"\s*".join(map(re.escape, word)) for word in words)


# What a year the text states is: a comparison (与2023年度相比, 比2023年预算执行数增加), a budget's
# execution of the year before (2023年当年预算执行数为), the year a budget arranges (2024年预算安排), the
# date the assets are stated at (截至2024年12月31日), the date of publication (公开时间：2025年…).
YEAR_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in [
        (
            "comparison",
            rf"(?:与|同|和|较|比)\s*{_YEAR}\s*度?\s*(?:(?:年初|全年|调整)?(?:决算|预算)(?:执行)?数?)?"
            rf"\s*(?:{_spaced('相比', '对比', '比较', '基本持平', '持平', '增加', '减少', '增长', '下降', '上升', '降低', '提高')})",
        ),
        ("execution", rf"{_YEAR}\s*(?:当年|全年)?\s*预算执行(?:数|情况)"),  # a budget: the year before
        ("budget-year", rf"{_YEAR}\s*度?\s*(?:部门)?预算安排"),  # a budget: its own year
        (
            "as-of",
            rf"截\s*[至止]\s*{_YEAR}\s*(?P<month>{MONTH})\s*月\s*(?:(?P<day>{DAY})\s*日|底|末)",
        ),
        (
            "disclosure-date",
            rf"(?:公开|发布|公布|报送)\s*(?:时间|日期)\s*[:：]?\s*{_YEAR}\s*(?P<month>{MONTH})\s*月",
        ),
    ]
)

# What a comparison is with: a budget of that year ("与2024年年初预算相比": in a 决算 of Y, Y's own budget
# is the usual one), or - in a sentence that names no money nor any word of the accounts - the work of
# the year (与2019年相比，接待群众来访增长20%: a 部门概况 or 绩效 sentence, not a comparison of the accounts).
COMPARED_BUDGET = re.compile(r"预\s*算(?!\s*执\s*行)")
ACCOUNTS_WORDS = re.compile(
    r"\d\s*(?:万|亿)?\s*元|收|支|费|预\s*算|决\s*算|拨\s*款|资\s*金|资\s*产|结\s*[转余]|采\s*购|总\s*计|合\s*计"
)
SENTENCE_END = re.compile(r"[。！？!?]")
SENTENCE_REACH = 200  # characters each side of a comparison its sentence may span
COMPARISON_ROLES = {"budget": "budget-comparison", "aside": "comparison-aside"}


# A heading or table title that names the report's own year and genre ("2024年度部门决算",
# "2017年度江苏省高级人民法院部门收支预算总表"): the year, then (on the same short line) 决算 or 预算.
TITLE_YEAR = re.compile(
    rf"(?<![\d\-－—~～至到])(?<![比与较])(?<!截至)(?<!截止){_YEAR}\s*度?(?![\d\-－—~～至到])"
)
TITLE_MAX = 60  # a longer line is prose
# the funds whose names hold 预算 (一般公共预算 …): no word on the document's genre
FUND_BUDGET_NAMES = re.compile(r"(?:一般公共|政府性基金|国有资本经营|财政专户管理资金|财政专户)预算")
GENRE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("final", re.compile(r"决算")),
    ("budget", re.compile(r"预算(?!执行)")),
)
NOT_A_TITLE = re.compile(r"[。；;，,:：]|执行|完成|规划|计划|如下")
# parts whose inner headings a 目录 does not list (an attachment's own headings, the tables)
UNLISTED_PARTS = frozenset({"attachment", "tables", "glossary"})

# Template residue: a placeholder left where the template expects a name or a figure.
PLACEHOLDERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in [
        (
            "XX",
            # beside a character, or one space off (a PDF's text layer spaces 上海市 XX 局 out)
            r"(?:(?:(?<=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff][ \u3000]))[XＸxｘ]{2,}(?![A-Za-zＡ-Ｚａ-ｚ])"
            r"|(?<![A-Za-zＡ-Ｚａ-ｚ])[XＸ]{2,}(?=[ \u3000]?[\u4e00-\u9fff\d]))",
        ),
        ("××", r"×{2,}"),
        ("＊＊", r"＊{2,}"),
        ("△△", r"△{2,}"),
    ]
)

PLACEHOLDER_MARKS = re.compile(r"[XＸxｘ]{2}|××|＊＊|△△")  # a quick look before the patterns above

# A template field printed with nothing after it ("单位名称：" then the unit, or the end of the line).
EMPTY_FIELDS = re.compile(
    r"(?P<field>单位名称|编制单位|编制部门|部门名称|填报单位)[ \t\u3000]*[:：][ \t\u3000\u00a0]*"
    r"(?=\n|\r|\f|$|(?:金额)?单位[ \t\u3000]*[:：]|公开日期|\d{4}\s*年)"
)

# A table printed empty: no amount under its title, and whether a note says so (the words of the
# template's note, as converter.parse.tables reads them)
AMOUNT = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d.])")
EMPTY_NOTE = re.compile(
    r"本表无数据|表无数据|本表为空|为空表|无此项|本表内容为空|本表无内容|无相关收支|无该项目|故本表|本表(?:金额)?为0"
    r"|本(?:单位|部门)(?:\d{4}年度?)?(?:无|没有)"  # 本单位无政府性基金预算财政拨款收支 (the note's reason alone)
)
TABLE_REACH = 3000  # the last table: how far after its title its body may reach
# the heading of a section of the 说明 (三、决算报表说明, 一、收支预算总表情况说明): no row label ends so,
# so the last table's body ends there
NARRATIVE_HEADING = re.compile(r"(?:说明|情况)$")

# a 目录 line this short without numbering continues the entry before it; section keys too general to
# say two headings are one section
ENTRY_CONTINUATION = 20
# a 目录 entry of the tables' part: the table rules judge it (a 说明 published apart names its tables)
TABLES_PART = re.compile(r"(?:报表|公开表|预算表|决算表|附表)$")
GENERIC_SECTIONS = frozenset({"toc", "tables", "explanation", "attachment", "detail", "structure"})
HEADING_RUN = 30  # characters after a heading's line it may run on to
# a heading of the body worded as a section's title (决算报表说明, 2017年度部门主要工作任务及目标), not an
# item of a numbered list in prose: short, no sentence punctuation, no figure (a year is a title's)
SECTION_TITLE_LIKE = re.compile(
    r"[^。；;，,：:\d]{2,30}|[^。；;，,：:\d]*(?:19|20)\d{2}年度?[^。；;，,：:\d]*"
)
SECTION_PROSE = re.compile(r"[。；;]")  # a sentence under a heading (within SECTION_LOOK): a section's text
CONTAINED_SHARE = 0.75  # an entry's words held in a heading's (or the reverse): this much of them
# a title printed with the organisation's name before it in the 目录 and without it in the body
# ("上海市普陀区财政局部门决算情况说明" / "部门决算情况说明"): where such a name may end
NAME_END = re.compile(
    r"(?:局|委员会|委|办公室|办|中心|政府|办事处|院|厅|部|所|学校|大学|学院|馆|站|队|会|处|公司)(?=部门|单位)"
)
SECTION_CONTENT_MIN = 10  # characters under a heading of the body (within its first SECTION_LOOK)
SECTION_LOOK = 200
TITLE_YEAR_WORDS = re.compile(r"(?:19|20)\d{2}年度?")

# the leader dots closing a 目录 entry, with its page number
LEADERS = re.compile(r"(?:…{2,}|\.{3,}|·{3,})[.…·\s]*\d*")

# "主要用于 …": the description of an item of the function classification.
DESCRIPTION = re.compile(r"主要用于\s*[:：]?\s*(?P<body>[^。；;]{2,120})")
DESCRIPTION_END = re.compile(r"[。；;]|年初预算|全年预算|调整预算|(?:19|20)\d{2}\s*年|\d+(?:\.\d+)?\s*万?元")
DESCRIPTION_HEAD = 160  # how far back the item's 类/款/项 path may begin
MENTION_MIN = 4  # a classification name shorter than this is no mention ("教育")
MENTION_MAX = 24
NOT_A_MENTION = frozenset({"其他支出"})  # a name too general to name one line
# How a description names an item by its distinctive words rather than its label (主要用于：事业单位退休
# 人员支出 for 事业单位离退休; 行政事业单位职业年金支出 for 机关事业单位职业年金缴费支出): each wording, read
# as the label it stands for before the labels are looked for. 行政事业单位退休 names both 离退休 items.
DESCRIPTION_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![行政])事业单位离?退休"), "事业单位离退休"),
    (re.compile(r"行政单位离?退休"), "行政单位离退休"),
    (re.compile(r"(?:机关事业单位)?(?:基本)?养老保险(?:缴费)?(?:支出)?"), "机关事业单位基本养老保险缴费支出"),
    (re.compile(r"(?:机关事业单位)?职业年金(?:缴费)?(?:支出)?"), "机关事业单位职业年金缴费支出"),
)

# The words descriptions use of any item (they name no one item): a description shares the other words
# of an item's name with that item only (converter.parse.description_echo). Level words, the kinds of
# spending every item has, and the joining characters.
ITEM_NAME_GENERIC = re.compile(
    r"支出|单位|行政|事业|机关|人员|经费|其他|基本|一般|管理|事务|业务|服务|保险|缴费|缴纳|补贴|补助|保障|建设|"
    r"财政|专项|项目|工作|发展|运行|[和及与、等的之（）()]"
)

# Text quality: punctuation printed twice, a word printed again after a line break.
DOUBLED_PUNCTUATION = re.compile(r"([。，、；：！？])\1+")
CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
REPEAT_MAX = 8  # the longest word compared at a line break
REPEAT_LINE_MIN = 12  # both lines this long (prose, not table cells)
PROSE = re.compile(r"[，。；]")  # the line before holds punctuation: a sentence, not a table's cells
# a word printed twice in a row within a line: a web page joins a PDF's lines, so the word printed
# again after a line break (…收入\n收入支出…) stands in its running text (…收入收入支出…)
DOUBLED_WORD = re.compile(rf"([\u4e00-\u9fff]{{2,{REPEAT_MAX}}})\1")
# A share printed in a list of shares ("占77.43%"): its precision compared with its siblings'.
SHARE = re.compile(r"占[^，,。；;%％\d]{0,16}?(?P<number>\d+(?:\.(?P<decimals>\d+))?)\s*[%％]")
SENTENCE_END = re.compile(r"。")  # a list of shares runs over its semicolons
