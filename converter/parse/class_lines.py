"""Classification lines in sentences: which national code a run of words names.

Three ways the 情况说明 name a classification line, all resolved here to a ``ConceptRef``:

- names each followed by their level: "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）";
  a run may begin at its 款 when the 类 was named before, in the heading above
  ("（一）公共安全（类）" then "1．法院（款）行政运行（项）支出…");
- a name with its code in parentheses: "实验室及相关设施（2060204）", "农林水支出（213）": the code decides,
  and a name that disagrees with the code's national label is kept and flagged (``label-differs``);
- a name written alone ("教育支出", "住房改革支出", "会议费"): see :meth:`ClassLines.name`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from converter.model import ConceptRef
from converter.parse.phrases import strip_framing
from converter.parse.sections import Section
from converter.resolve.classification import CodeList, economic_classification, function_classification

# "一般公共服务（类）商贸事务（款）行政运行（项）": names each followed by their level
# (a name may hold a short parenthesis of its own: "党委办公厅（室）及相关机构事务（款）")
_INNER = r"[（(](?![类款项][)）])[^（()）\n]{1,8}[)）]"
LEVEL_NAME = re.compile(
    rf"(?P<name>(?:[^（()）\d.．、：:，,。；;\s]|{_INNER})(?:[^（()）：:，,。；;]|{_INNER})*?)\s*[（(](?P<level>类|款|项)[)）]"
)
# "小学教育（2050202）": a function code (3, 5 or 7 digits, 2xx) or an economic one (3 or 5, 3xx / 5xx)
CODE_IN_PARENS = re.compile(
    r"(?P<name>[\u4e00-\u9fff][^（()）\d，,。；;：:、\s]*?)\s*[（(]\s*"
    r"(?P<code>2\d{2}(?:\d{2}(?:\d{2})?)?|[35]\d{2}(?:\d{2})?)\s*[)）]"
)
_CODE_OPENING = re.compile(r"[（(]\s*[235]\d{2}")
FUNCTION_EDITIONS = ("2019-2024", "legacy")
ECONOMIC_EDITIONS = ("2018-dept", "legacy", "2018-gov")
# A name that names something else before it names a line ("其他收入" is 其他收入, not a line).
_NOT_A_LINE_NAME = re.compile(r"收入|结转|结余|总计|合计|^支出$|^其他$")

PathResolver = Callable[[list[str], str, set[str]], ConceptRef | None]


class Run(NamedTuple):
    """A classification line named in a sentence."""

    end: int  # where its wording ends in the text
    concept: ConceptRef | None  # None: the lists know no such line
    wording: str


class ClassLines:
    """Reads the classification lines of one document's sentences; remembers, per section, the 类
    a run that starts at its 款 belongs to."""

    def __init__(
        self,
        scan: str,
        resolve_path: PathResolver,
        fund_of: Callable[[Section | None], str],
        functions: CodeList | None = None,
        economics: CodeList | None = None,
    ) -> None:
        self.scan = scan
        self.resolve_path = resolve_path
        self.fund_of = fund_of
        self.functions = functions or function_classification()
        self.economics = economics or economic_classification()
        self.taken_codes: dict[tuple[str, str], set[str]] = {}
        self._resolved: dict[tuple[str, str], ConceptRef | None] = {}
        self._class_names: dict[int, str] = {}  # section start -> the 类 its runs belong to
        self._names: dict[tuple[str, bool], ConceptRef | None] = {}

    # --- runs in a sentence -------------------------------------------------------------------------
    def runs(self, start: int, end: int, section: Section | None) -> list[Run]:
        """Every classification line named in ``scan[start:end]``, in order."""
        text = self.scan[start:end]
        out: list[Run] = []
        if "（" in text or "(" in text:
            out.extend(self._level_runs(text, start, section))
            if _CODE_OPENING.search(text):
                out.extend(self._code_runs(text, start))
        return sorted(out, key=lambda run: run.end)

    def _level_runs(self, text: str, start: int, section: Section | None) -> list[Run]:
        if not any(mark in text for mark in ("类）", "款）", "项）", "类)", "款)", "项)")):
            return []
        runs: list[list[re.Match[str]]] = []
        for match in LEVEL_NAME.finditer(text):
            if runs and not text[runs[-1][-1].end() : match.start()].strip():
                runs[-1].append(match)
            else:
                runs.append([match])
        out: list[Run] = []
        for run in runs:
            first = run[0].group("level")
            concept = None
            if first == "类":
                self._remember_class(run[0], section)
                concept = self._resolve_run(run, text, section, None)
            elif first == "款":
                class_name = self._class_for(section)
                if class_name is not None:
                    concept = self._resolve_run(run, text, section, class_name)
            wording = _NUMBERING.sub("", re.sub(r"\s+", "", text[run[0].start() : run[-1].end()]))
            out.append(Run(start + run[-1].end(), concept, wording))
        return out

    def _remember_class(self, match: re.Match[str], section: Section | None) -> None:
        if section is not None:
            self._class_names[section.start] = _name(match)

    def _class_for(self, section: Section | None) -> str | None:
        """The 类 a 款-first run belongs to: the nearest section that named one (its heading or a
        sentence in it)."""
        node = section
        while node is not None:
            if node.start in self._class_names:
                return self._class_names[node.start]
            heading = LEVEL_NAME.search(node.title)
            if heading is not None and heading.group("level") == "类":
                return _name(heading)
            node = node.parent
        return None

    def _resolve_run(
        self, run: list[re.Match[str]], text: str, section: Section | None, class_name: str | None
    ) -> ConceptRef | None:
        names = {m.group("level"): _name(m) for m in run}
        if class_name is not None:
            names["类"] = class_name
        wording = _NUMBERING.sub("", re.sub(r"\s+", "", text[run[0].start() : run[-1].end()]))
        fund = self.fund_of(section)
        key = (fund, f"{class_name or ''}|{wording}")
        if key in self._resolved:
            return self._resolved[key]
        taken = self.taken_codes.setdefault((fund, "function"), set())
        concept = self.resolve_path(
            [names.get("类", ""), names.get("款", ""), names.get("项", "")], wording, taken
        )
        if concept is not None:
            taken.add(concept.code)
        self._resolved[key] = concept
        return concept

    def _code_runs(self, text: str, start: int) -> list[Run]:
        out: list[Run] = []
        for match in CODE_IN_PARENS.finditer(text):
            wording = strip_framing(re.sub(r"\s+", "", match.group("name")))
            code = self.code(match.group("code"), wording)
            out.append(Run(start + match.end(), code, f"{wording}（{match.group('code')}）"))
        return out

    def code(self, code: str, wording: str) -> ConceptRef:
        """A code the document prints beside a name: the code decides; a name that disagrees with the
        code's national label is kept as the wording and flagged."""
        codes = self.functions if code.startswith("2") else self.economics
        found = codes.resolve_code(code, wording)
        if found is not None:
            return found
        return ConceptRef(codes.scheme, code, wording, None, 1.0, ("not-in-national-list",))

    # --- a name written alone ------------------------------------------------------------------------
    def name(self, head: str, economic_first: bool = False) -> ConceptRef | None:
        """A function or economic classification name written alone ("教育支出", "住房改革支出",
        "工资福利支出", "会议费"), exactly as a national list writes it (a 类 name also with or without
        its trailing 支出, or in a close variant the national list gives: "一般公共服务" for
        一般公共服务支出). In the paragraphs on 基本支出 the economic classification is tried first
        ("住房公积金" is 30113 there, 2210201 elsewhere)."""
        if not head or _NOT_A_LINE_NAME.search(head):
            return None
        key = (head, economic_first)
        if key not in self._names:
            order = ("economic", "function") if economic_first else ("function", "economic")
            found = None
            for scheme in order:
                found = self._by_name(scheme, head)
                if found is not None:
                    break
            self._names[key] = found
        return self._names[key]

    def _by_name(self, scheme: str, head: str) -> ConceptRef | None:
        for candidate in _candidates(head):
            if scheme == "function":
                found = self.functions.resolve_name(candidate, editions=FUNCTION_EDITIONS)
                if found is None and candidate.endswith("支出"):
                    found = self.functions.resolve_top(candidate)
            else:
                found = self.economics.resolve_name(candidate, editions=ECONOMIC_EDITIONS)
            if found is not None:
                return replace(found, wording=head)
        return None


_NUMBERING = re.compile(
    r"^\s*(?:\d+\s*[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．])\s*"
)


def _name(match: re.Match[str]) -> str:
    return _NUMBERING.sub("", match.group("name").strip())


def _candidates(head: str) -> list[str]:
    """The name a phrase may be: itself, the words after its last "的" ("…拨款安排的会议费"), each also
    without a trailing 预算/决算 and 支出 ("会议费预算支出" -> "会议费")."""
    out = [head]
    if "的" in head:
        out.append(head.rsplit("的", 1)[1])
    for text in list(out):
        bare = re.sub(r"(?:预算|决算)?(?:支出)?(?:预算|决算)?$", "", text)
        if bare and bare != text:
            out.append(bare)
    return [c for c in dict.fromkeys(out) if len(c) >= 2]
