"""The classifications with editions (支出功能分类, 支出经济分类): one edition-independent concept per code,
one concept per edition, linked by exactMatch / closeMatch (see build.py for the design)."""

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, SKOS

from converter.vocabulary.builder import Builder, check_tree, normalise_name
from converter.vocabulary.sources import (
    ECONOMIC_DEPT_EDITIONS,
    ECONOMIC_GOV_EDITIONS,
    FUNCTION_EDITIONS,
    RENAMES,
    SEED_NOTES,
    SEED_STATUS,
    VENDOR_NOTE,
    Edition,
    code_key,
)


# ----------------------------------------------------------------------------------------------
# classifications with editions (function, economic)
# ----------------------------------------------------------------------------------------------
def build_classification(
    b: Builder,
    g: Graph,
    scheme_name: str,
    concept_iri,
    label_zh: str,
    label_en: str,
    definition: str,
    editions: tuple[Edition, ...],
) -> None:
    """Edition schemes + the edition-independent scheme; ``editions`` newest first."""
    tables: list[tuple[Edition, dict[str, dict[str, str]]]] = []
    for edition in editions:
        rows = {r["code"]: r for r in edition.source.rows()}
        check_tree(rows, edition.source.name)
        tables.append((edition, rows))

    general = b.add_scheme(
        g,
        scheme_name,
        label_zh,
        label_en,
        definition + " Edition-independent: one concept per code seen in any edition, labelled with "
        "the newest edition's name; see the edition schemes for names, years and reliability per edition.",
        [e.source for e in editions],
        "unverified" if any(e.status == "unverified" for e in editions) else "vendor",
    )
    for edition in editions:
        g.add((general, DCTERMS.hasPart, b.uris.scheme(edition.scheme)))

    # edition-independent concepts: newest edition wins the label, parent and status
    codes = sorted({c for _, rows in tables for c in rows}, key=code_key)
    for code in codes:
        owners = [(e, rows[code]) for e, rows in tables if code in rows]
        edition, row = owners[0]
        status = row_status(edition, row)
        concept = concept_iri(code)
        parent = row["parent_code"]
        b.add_concept(
            g,
            concept,
            general,
            code,
            Literal(row[edition.name_column], lang="zh"),
            concept_iri(parent) if parent else None,
            [e.source.iri() for e, _ in owners],
            status,
        )
        for other, other_row in owners[1:]:
            other_name = other_row[other.name_column]
            same = normalise_name(other_name, row["level"]) == normalise_name(
                row[edition.name_column], row["level"]
            )
            if other_name != row[edition.name_column] and (same or RENAMES.get((other.scheme, code))):
                g.add((concept, SKOS.altLabel, Literal(other_name, lang="zh")))
        if len(owners) > 1:
            note = f"Label, parent and status from edition {edition.scheme}."
            g.add((concept, SKOS.editorialNote, Literal(note, lang="en")))
        reused = [a for a in ancestors(code, tables) if RENAMES.get((edition.scheme, a), "") is None]
        if reused:
            g.add(
                (
                    concept,
                    SKOS.editorialNote,
                    Literal(
                        f"Known only from edition {edition.scheme}, under {reused[0]}, a code that other editions "
                        f"re-use with another meaning: this concept has the {edition.scheme} meaning.",
                        lang="en",
                    ),
                )
            )

    # edition concepts
    for edition, rows in tables:
        scheme = b.add_scheme(
            g,
            edition.scheme,
            edition.label_zh,
            edition.label_en,
            edition.definition,
            [edition.source],
            edition.status,
            edition.first_year,
            edition.last_year,
            edition.upstream,
        )
        g.add((scheme, DCTERMS.isPartOf, general))
        source = edition.source.iri()
        for code in sorted(rows, key=code_key):
            row = rows[code]
            concept = b.edition_concept(edition.scheme, code)
            parent = row["parent_code"]
            status = row_status(edition, row)
            name = row[edition.name_column]
            b.add_concept(
                g,
                concept,
                scheme,
                code,
                Literal(name, lang="zh"),
                b.edition_concept(edition.scheme, parent) if parent else None,
                source,
                status,
            )
            first, last = edition.year_overrides.get(code, (edition.first_year, edition.last_year))
            b.add_years(g, concept, first, last)
            if "provenance" in row:
                g.add((concept, SKOS.editorialNote, Literal(SEED_NOTES[row["provenance"]], lang="en")))
            elif edition.status == "vendor":
                g.add((concept, SKOS.editorialNote, Literal(VENDOR_NOTE, lang="en")))
                if row.get("name_in_source") and row["name_in_source"] != name:
                    g.add((concept, SKOS.hiddenLabel, Literal(row["name_in_source"], lang="zh")))
            if row.get("note"):
                g.add((concept, SKOS.note, Literal(row["note"], lang="en")))
            link_edition_concept(b, g, edition, row, concept, concept_iri(code), tables)


def ancestors(code: str, tables) -> list[str]:
    found = []
    for _, rows in tables:
        parent = rows[code]["parent_code"] if code in rows else ""
        while parent:
            found.append(parent)
            parent = rows[parent]["parent_code"]
        if found:
            break
    return found


def row_status(edition: Edition, row: dict[str, str]) -> str:
    if "provenance" in row and row["provenance"]:
        return SEED_STATUS[row["provenance"]]
    return edition.status


def link_edition_concept(b, g, edition, row, concept, general_concept, tables) -> None:
    newest_edition, newest_rows = next((e, rows) for e, rows in tables if row["code"] in rows)
    newest = newest_rows[row["code"]][newest_edition.name_column]
    name = row[edition.name_column]
    key = (edition.scheme, row["code"])
    if newest_edition is edition or normalise_name(name, row["level"]) == normalise_name(
        newest, row["level"]
    ):
        g.add((concept, SKOS.exactMatch, general_concept))
    elif key in RENAMES and RENAMES[key] is not None:
        g.add((concept, SKOS.closeMatch, general_concept))
        g.add((concept, SKOS.changeNote, Literal(f"{name} → {newest}: {RENAMES[key]}.", lang="en")))
    else:
        reason = (
            "code re-used with another meaning" if key in RENAMES else "name differs, meaning not checked"
        )
        g.add(
            (
                concept,
                SKOS.editorialNote,
                Literal(
                    f"Not linked to {general_concept} (labelled {newest} from {newest_edition.scheme}): {reason}.",
                    lang="en",
                ),
            )
        )


# ----------------------------------------------------------------------------------------------
# the files
# ----------------------------------------------------------------------------------------------
def build_function(b: Builder) -> Graph:
    g = b.graph()
    build_classification(
        b,
        g,
        "function",
        b.uris.function_concept,
        "支出功能分类科目",
        "Expenditure functional classification (China, 政府收支分类)",
        "China's government expenditure classification by function: 类 (3 digits), 款 (5), 项 (7).",
        FUNCTION_EDITIONS,
    )
    return g


def build_economic(b: Builder) -> Graph:
    g = b.graph()
    build_classification(
        b,
        g,
        "economic-dept",
        b.uris.economic_concept,
        "部门预算支出经济分类科目",
        "Departmental budget expenditure economic classification (China)",
        "Expenditure by economic nature as used in department budgets and final accounts: 类 (3 digits "
        "301–399) and 款 (5). Also holds the pre-2018 single list, which used the same 3xx code range.",
        ECONOMIC_DEPT_EDITIONS,
    )
    build_classification(
        b,
        g,
        "economic-gov",
        b.uris.economic_concept,
        "政府预算支出经济分类科目",
        "Government budget expenditure economic classification (China)",
        "Expenditure by economic nature as used in government budgets from 2018: 类 (501–599) and 款.",
        ECONOMIC_GOV_EDITIONS,
    )
    # umbrella scheme: documents (converter.emit) put economic codes in {base}id/scheme/economic;
    # 3xx (部门) and 5xx (政府) never collide, so every edition-independent code is also in it.
    umbrella = b.add_scheme(
        g,
        "economic",
        "支出经济分类科目",
        "Expenditure economic classification (China), 部门 and 政府",
        "Union of the edition-independent schemes economic-dept (3xx) and economic-gov (5xx).",
        [e.source for e in ECONOMIC_DEPT_EDITIONS + ECONOMIC_GOV_EDITIONS],
        "unverified",
    )
    for part in ("economic-dept", "economic-gov"):
        scheme = b.uris.scheme(part)
        g.add((umbrella, DCTERMS.hasPart, scheme))
        g.add((scheme, DCTERMS.isPartOf, umbrella))
        for concept in sorted(g.subjects(SKOS.inScheme, scheme)):
            g.add((concept, SKOS.inScheme, umbrella))
    return g
