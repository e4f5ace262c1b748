"""行政区划 (GB/T 2260, MCA 2020 + NBS 2023 statistical codes): one concept per code, in each edition
scheme that lists it."""

from rdflib import XSD, Graph, Literal
from rdflib.namespace import DCTERMS, SKOS

from converter.vocabulary.builder import Builder, check_tree
from converter.vocabulary.sources import LEVEL_NAMES, REGION_MCA, REGION_NBS, UPSTREAM


def region_parent(code: str, row: dict, rows: dict[str, dict], nbs: dict[str, dict]) -> str | None:
    """The code's skos:broader: its list's parent, except that a county-level code listed directly under a
    province-level one (a 直辖市's district or county in the MCA list) goes under the municipality's NBS
    prefecture-level code (310100 市辖区, 500200 县), so every county is two steps below its province."""
    parent = row["parent_code"] or None
    placeholder = code[:4] + "00"
    if (
        row["level"] == "3"
        and parent is not None
        and rows.get(parent, {}).get("level") == "1"
        and nbs.get(placeholder, {}).get("level") == "2"
        and nbs[placeholder]["parent_code"] == parent
    ):
        return placeholder
    return parent


def build_region(b: Builder) -> Graph:
    g = b.graph()
    mca = {r["code"]: r for r in REGION_MCA.rows()}
    nbs = {r["code"]: r for r in REGION_NBS.rows()}
    check_tree(mca, REGION_MCA.name)
    check_tree(nbs, REGION_NBS.name)
    union = b.add_scheme(
        g,
        "region",
        "行政区划代码（省、地、县三级）",
        "Administrative divisions of China (province, prefecture, county)",
        "Union of the MCA GB/T 2260 list of c. end 2020 and the NBS 统计用区划代码 of 2023-06-30. One concept "
        "per code. Hierarchy from the MCA list where the code is there, else from NBS, always three levels: "
        "a municipality's districts and counties are under its NBS prefecture-level code (310107 -> 310100 "
        "市辖区 -> 310000), as a county is under its city and province, so one skos:broader pattern groups "
        "every county by prefecture and by province. NBS-only statistical codes are marked with "
        "fiscal:regionCodeStatus.",
        [REGION_MCA, REGION_NBS],
        "official",
    )
    mca_scheme = b.add_scheme(
        g,
        "region-mca-2020",
        "行政区划代码（民政部，约2020年底）",
        "GB/T 2260 administrative division codes, MCA list c. end 2020",
        "Codes listed by the Ministry of Civil Affairs c. end 2020 (incl. HK, MO, TW at province level).",
        [REGION_MCA],
        "official",
        upstream=UPSTREAM[REGION_MCA.name],
    )
    g.add((mca_scheme, DCTERMS.date, Literal("2020", datatype=XSD.gYear)))
    nbs_scheme = b.add_scheme(
        g,
        "region-nbs-2023",
        "统计用区划代码（国家统计局，2023年）",
        "NBS statistical division codes 2023",
        "国家统计局 2023年统计用区划代码 (as of 2023-06-30), province/prefecture/county levels; includes "
        "statistical zones that are not GB/T 2260 codes.",
        [REGION_NBS],
        "official",
        upstream=UPSTREAM[REGION_NBS.name],
    )
    g.add((nbs_scheme, DCTERMS.date, Literal("2023-06-30", datatype=XSD.date)))
    for scheme in (mca_scheme, nbs_scheme):
        g.add((union, DCTERMS.hasPart, scheme))
        g.add((scheme, DCTERMS.isPartOf, union))

    union_rows = {**nbs, **mca}
    for code in sorted(set(mca) | set(nbs)):
        row = mca.get(code) or nbs[code]
        parent = region_parent(code, row, union_rows, nbs)
        concept = b.uris.region(code)
        sources = [s.iri() for s, table in ((REGION_MCA, mca), (REGION_NBS, nbs)) if code in table]
        name = nbs[code]["name"] if code in nbs else mca[code]["name"]
        b.add_concept(
            g,
            concept,
            union,
            code,
            Literal(name, lang="zh"),
            b.uris.region(parent) if parent else None,
            sources,
            "official",
        )
        g.add((concept, b.fiscal.regionLevel, Literal(LEVEL_NAMES[row["level"]])))
        if code in mca and mca[code]["name"] != name:
            g.add((concept, SKOS.altLabel, Literal(mca[code]["name"], lang="zh")))
        status = nbs[code]["mca_2020_status"] if code in nbs else "in_mca_2020"
        g.add((concept, b.fiscal.regionCodeStatus, b.region_status(status)))
        if code in mca:
            g.add((concept, SKOS.inScheme, mca_scheme))
        if code in nbs:
            g.add((concept, SKOS.inScheme, nbs_scheme))
            if nbs[code]["parent_code"] != (parent or ""):
                g.add(
                    (
                        concept,
                        SKOS.editorialNote,
                        Literal(f"NBS 2023 lists it under {nbs[code]['parent_code']}.", lang="en"),
                    )
                )
        if code in mca and mca[code]["parent_code"] and mca[code]["parent_code"] != parent:
            g.add(
                (
                    concept,
                    SKOS.editorialNote,
                    Literal(f"MCA c. 2020 lists it directly under {mca[code]['parent_code']}.", lang="en"),
                )
            )
        if code in mca and code not in nbs:
            note = (
                "Listed by MCA c. 2020, absent from NBS 2023-06-30: abolished or renamed by then"
                if not code.startswith(("71", "81", "82"))
                else "Listed by MCA c. 2020; NBS does not cover Hong Kong, Macao and Taiwan"
            )
            g.add((concept, SKOS.historyNote, Literal(note + ".", lang="en")))
            if not code.startswith(("71", "81", "82")):
                g.add((concept, b.fiscal.lastListed, Literal("2020", datatype=XSD.gYear)))
        if code in nbs and code not in mca:
            g.add(
                (
                    concept,
                    SKOS.historyNote,
                    Literal("Not in the MCA list of c. end 2020; listed by NBS 2023-06-30.", lang="en"),
                )
            )
            if status == "not_in_mca_2020":
                g.add((concept, b.fiscal.firstListed, Literal("2023", datatype=XSD.gYear)))
    return g
