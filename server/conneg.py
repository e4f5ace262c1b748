"""Content negotiation: Accept with q-values, media type ranges and specificity (RFC 9110 12.5.1)."""

from __future__ import annotations

ALIASES = {
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/xhtml+xml": "text/html",
    "application/sparql-results+json": "application/sparql-results+json",
    "application/xml": "application/rdf+xml",
}


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """[(media range, q, specificity)]; an absent header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0, 0)]
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(param[2:])))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        out.append((media, q, specificity))
    return out


def quality(accept: list[tuple[str, float, int]], offer: str, aliases: dict[str, str] | None = None) -> float:
    """The q of the most specific range matching ``offer`` (aliases count as exact matches)."""
    best_spec, best_q = -1, 0.0
    major = offer.split("/")[0]
    for media, q, _spec in accept:
        target = (aliases or {}).get(media, media)
        if target == offer or media == offer:
            match = 2
        elif media == major + "/*":
            match = 1
        elif media == "*/*":
            match = 0
        else:
            continue
        if match > best_spec:
            best_spec, best_q = match, q
    return best_q if best_spec >= 0 else 0.0


def negotiate(header: str | None, offers: list[str], aliases: dict[str, str] | None = None) -> str | None:
    """The offer with the highest q; ties go to the earlier offer (the server's preference)."""
    accept = parse_accept(header)
    best, best_q = None, 0.0
    for offer in offers:
        q = quality(accept, offer, ALIASES if aliases is None else aliases)
        if q > best_q:
            best, best_q = offer, q
    return best
