"""A form of ``tests/variants.py`` that prints the classification tables without their codes, as small
units (乡镇, schools, county bureaus) do: ``nocodes-html``, the page with the code columns (科目编码, 类/款/项)
of each 功能分类 / 经济分类 table removed, the 科目名称 column and the amounts kept; ``nocodes-tabs``, that
page as a browser copies it (cells separated by tabs).

The tables are those the converter reads from the PDF with codes (``find_standard_tables``, of a role
``converter.parse.name_codes.SCHEME_OF_ROLE`` lists). A grid's code columns are those its header calls
code columns, or, in a grid continuing a table without its header, the columns before the first name
column whose cells are all digits. A code printed in the name's cell ("201 一般公共服务支出") is cut
from it.

``code_recovery`` then says, figure by figure of those tables, whether the variant's conversion gives
it back its code, leaves it unmapped, or gives it another code (which must never happen).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from converter.model import Report
from converter.read.types import Cell, ReadDocument, Table

CODELESS_FORMS = ("nocodes-html", "nocodes-tabs")

_DIGITS = re.compile(r"^\d{2,7}$")
_CODE_IN_NAME = re.compile(r"^\s*\d{3}(?:\s?\d{2}){0,2}\s+(?=\S)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _classified(doc: ReadDocument) -> dict[int, object]:
    """Each grid (by id) of a classification table printed with codes -> that table."""
    from converter.parse.name_codes import SCHEME_OF_ROLE
    from tests.variant_columns import _owners

    owners = _owners(doc)
    return {
        grid: table
        for grid, table in owners.items()
        if table.role in SCHEME_OF_ROLE and any(row.code for row in table.rows)
    }


def _by_data(rows: list[tuple[Cell, ...]], width: int) -> list[int]:
    """The runs of columns whose cells are digits only right before a name column (a grid without its
    header; a cell merged with the next column's, 人员经费合计 over code and name, is the next one's)."""
    out: list[int] = []
    run: list[int] = []
    for j in range(width):
        texts = [
            re.sub(r"\s+", "", r[j].text)
            for r in rows
            if j < len(r) and not (j + 1 < len(r) and r[j] is r[j + 1])
        ]
        filled = [t for t in texts if t]
        if filled and all(_DIGITS.match(t) for t in filled):
            run.append(j)
        elif filled and sum(1 for t in filled if _CJK.search(t)) * 2 >= len(filled):
            out += run  # the name column: the codes are before it
            run = []
        else:
            run = []
    return out


def code_columns(grid: Table) -> list[int]:
    from converter.parse.grid_header import column_roles, header_paths, split_header

    width = len(grid.rows[0]) if grid.rows else 0
    header, data = split_header(grid)
    if header and data:
        roles = column_roles(header_paths(header, width), data)
        found = [j for j in range(width) if roles[j] == "code"]
        if found:
            return found
    return _by_data(list(data or grid.rows), width)


def _without(grid: Table, cut: list[int]) -> Table:
    keep = [j for j in range(len(grid.rows[0])) if j not in cut]

    def name(cell: Cell) -> Cell:
        text = _CODE_IN_NAME.sub("", cell.text) if _CJK.search(cell.text) else cell.text
        return cell if text == cell.text else replace(cell, text=text)

    changed = grid.with_cells(name)
    return replace(changed, rows=tuple(tuple(row[j] for j in keep) for row in changed.rows))


def codeless_document(doc: ReadDocument) -> ReadDocument:
    """The document with the code columns of its classification tables removed."""
    from tests.variant_columns import _with_tables

    classified = _classified(doc)

    def change(grid: Table) -> Table:
        if id(grid) not in classified or not grid.rows or any(len(r) != len(grid.rows[0]) for r in grid.rows):
            return grid
        cut = code_columns(grid)
        return _without(grid, cut) if cut and len(cut) < len(grid.rows[0]) - 1 else grid

    return _with_tables(doc, change)


def codeless_variants(stem: str, doc: ReadDocument, report: Report):
    """The page, its blocks laid out from the PDF as printed (the code cells are no paragraph text), each
    classification table without its code columns."""
    from tests.variants import Variant, html_page, text_page, whole_page

    changed = codeless_document(doc)
    grids = {
        id(old): new
        for page, new_page in zip(doc.pages, changed.pages, strict=True)
        for old, new in zip(page.tables, new_page.tables, strict=True)
    }
    page, _ = whole_page(doc, report)
    for block in page.blocks:
        if block.table is not None:
            block.table = grids.get(id(block.table), block.table)
    yield Variant("nocodes-html", f"{stem}.nocodes.html", html_page(page), None, None)
    yield Variant("nocodes-tabs", f"{stem}.nocodes.txt", text_page(page, "tabs").encode("utf-8"), None, None)


# ----------------------------------------------------------------------------------------------
# the codes given back


@dataclass
class Recovery:
    same: int = 0  # figures given back their printed code
    unmapped: int = 0  # figures left without a code
    other: int = 0  # figures given another code: a wrong classification
    lost: int = 0  # figures of those tables the variant does not publish at all
    rows_same: int = 0
    rows_unmapped: int = 0
    rows_other: int = 0
    wrong: list[tuple[str, str, str]] | None = None  # (wording, printed code, code read)


def _name(text: str | None) -> str:
    return re.sub(r"^\d+", "", re.sub(r"\s+", "", text or ""))


def _key(figure) -> tuple:
    # not the column path: a text table names its columns otherwise; fund, nature and statistic say them
    return (
        figure.table,
        figure.statistic,
        figure.fund,
        figure.nature,
        figure.value.normalize(),
    )


def _code(figure) -> str | None:
    ref = figure.function or figure.economic
    return ref.code if ref is not None else None


def code_recovery(reference: Report, report: Report | None, classified_tables: set[str]) -> Recovery:
    """Each reference figure of a classified table (by its key and wording) against the variant's."""
    out = Recovery(wrong=[])
    got: dict[tuple, Counter] = {}
    for f in report.figures if report is not None else ():
        ref = f.function or f.economic
        wording = _name(ref.wording if ref is not None else f.stated_label)
        got.setdefault((*_key(f), wording), Counter())[_code(f) or ""] += 1
    rows: dict[tuple, set[str]] = {}
    for f in reference.figures:
        code = _code(f)
        if f.table not in classified_tables or code is None or f.derived:
            continue
        ref = f.function or f.economic
        wording = _name(ref.wording)
        found = got.get((*_key(f), wording))
        if not found:
            out.lost += 1
            continue
        read = code if found[code] else ("" if found[""] else next(iter(found)))
        found[read] -= 1
        if found[read] <= 0:
            del found[read]
        verdict = "same" if read == code else ("unmapped" if read == "" else "other")
        setattr(out, verdict, getattr(out, verdict) + 1)
        rows.setdefault((f.table, wording, code), set()).add(verdict)
        if verdict == "other":
            out.wrong.append((wording, code, read))
    for verdicts in rows.values():
        verdict = "other" if "other" in verdicts else ("unmapped" if "unmapped" in verdicts else "same")
        setattr(out, f"rows_{verdict}", getattr(out, f"rows_{verdict}") + 1)
    return out


def classified_tables(doc: ReadDocument) -> set[str]:
    """The kind keys of the tables whose codes ``codeless_document`` removes."""
    return {table.kind_key for table in _classified(doc).values()}
