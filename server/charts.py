"""Server-side SVG charts: bar, grouped bar (vertical or horizontal), pie and donut.

No JavaScript: a chart is a string of SVG markup with presentation attributes only (no ``style``
attribute, so the server's Content-Security-Policy holds). Every mark (``class="mark"``) carries its
exact amount in yuan (``data-value``) and a ``<title>`` (the tooltip); the page shows each chart's data
table beside it as the text alternative.

A chart model is plain data (also what the JSON variant of a page returns)::

    {"id": "fig1", "kind": "bar" | "hbar" | "pie",
     "categories": ["收入总计", "支出总计"],
     "series": [{"name": "2021", "values": [{"yuan": "19642400", ...} | None, ...]}, ...]}

Amounts are decimal strings in yuan; geometry is the only place floats appear."""

from __future__ import annotations

import math
from decimal import Decimal

from markupsafe import Markup, escape

PALETTE = ("#8b1a1a", "#d08c2a", "#3b6ea5", "#5b8c3a", "#7a4d9c", "#2a9d8f", "#c0576d", "#6b6b6b")
WAN = Decimal(10000)


def wan_text(yuan: Decimal | str | None, places: int = 2) -> str:
    """Yuan -> 万元 as Chinese readers expect it: thousands separators, two decimals."""
    if yuan is None:
        return "—"
    value = (Decimal(yuan) / WAN).quantize(Decimal(1).scaleb(-places))
    return f"{value:,.{places}f}"


def yuan_text(yuan: Decimal | str | None) -> str:
    if yuan is None:
        return "—"
    value = Decimal(yuan)
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,}"
    return f"{value.normalize():,f}"


def _nice_step(top: float, ticks: int = 4) -> float:
    raw = top / ticks if top > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _value(v) -> Decimal | None:
    if v is None:
        return None
    if isinstance(v, dict):
        v = v.get("yuan")
    return None if v is None else Decimal(v)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mark_title(category: str, series: str | None, yuan: Decimal, unit: str, extra: str = "") -> str:
    head = f"{category} · {series}" if series else category
    return f"{head}: {wan_text(yuan)} {unit} ({yuan_text(yuan)} 元){extra}"


def bar_chart(chart: dict, *, unit: str = "万元", width: int = 560) -> Markup:
    """Vertical bars, one group per category, one bar per series."""
    if chart.get("kind") == "hbar":
        return hbar_chart(chart, unit=unit, width=width)
    cats = chart["categories"]
    series = chart["series"]
    values = [[_value(v) for v in s["values"]] for s in series]
    top = max([float(v) / 10000 for row in values for v in row if v is not None] + [0.0])
    step = _nice_step(top)
    top_axis = step * max(1, math.ceil(top / step)) if top > 0 else step * 4
    height, left, right, upper, lower = 260, 64, 12, 14, 48
    plot_w, plot_h = width - left - right, height - upper - lower
    group_w = plot_w / max(1, len(cats))
    bar_w = min(56.0, group_w * 0.8 / max(1, len(series)))
    out = [
        f'<svg class="chart bar" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart["id"])}-title" xmlns="http://www.w3.org/2000/svg">'
    ]
    # axis and grid
    tick = 0.0
    while tick <= top_axis + 1e-9:
        y = upper + plot_h - plot_h * tick / top_axis
        out.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ddd" stroke-width="1"/>'
        )
        out.append(
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#555">{tick:,.0f}</text>'
            if step >= 1
            else f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#555">{tick:,.2f}</text>'
        )
        tick += step
    out.append(f'<text x="4" y="{upper - 2}" font-size="11" fill="#555">{escape(unit)}</text>')
    for ci, cat in enumerate(cats):
        gx = left + ci * group_w
        inner = bar_w * len(series)
        x0 = gx + (group_w - inner) / 2
        for si, s in enumerate(series):
            v = values[si][ci]
            if v is None:
                continue
            h = plot_h * (float(v) / 10000) / top_axis if top_axis else 0
            x = x0 + si * bar_w
            y = upper + plot_h - h
            meta = s["values"][ci] if isinstance(s["values"][ci], dict) else {}
            derived = " · 推算 derived" if meta.get("derived") else ""
            cls = "mark derived" if meta.get("derived") else "mark"
            out.append(
                f'<rect class="{cls}" x="{x + 2:.1f}" y="{y:.1f}" width="{max(1.0, bar_w - 4):.1f}" '
                f'height="{max(h, 0.5):.1f}" fill="{PALETTE[si % len(PALETTE)]}" '
                f'data-value="{escape(str(v))}" data-series="{escape(s["name"])}" '
                f'data-category="{escape(cat)}">'
                f"<title>{escape(_mark_title(cat, s['name'], v, unit, derived))}</title></rect>"
            )
            out.append(
                f'<text class="value" x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                f'font-size="11" fill="#222">{escape(wan_text(v))}</text>'
            )
        out.append(
            f'<text class="cat" x="{gx + group_w / 2:.1f}" y="{upper + plot_h + 16}" '
            f'text-anchor="middle" font-size="12" fill="#222">{escape(_short(cat, 12))}</text>'
        )
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="{upper + plot_h}" y2="{upper + plot_h}" '
        f'stroke="#333" stroke-width="1"/>'
    )
    if len(series) > 1:
        out.extend(_series_legend(series, left, height - 16))
    out.append("</svg>")
    return Markup("".join(out))


def _series_legend(series: list[dict], x: float, y: float) -> list[str]:
    """One swatch and name per series, in a row from (x, y)."""
    out = []
    for si, s in enumerate(series):
        out.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{PALETTE[si % len(PALETTE)]}"/>')
        out.append(
            f'<text x="{x + 14}" y="{y + 9}" font-size="11" fill="#222">{escape(_short(s["name"], 16))}</text>'
        )
        x += 24 + 7 * min(16, len(s["name"])) + 20
    return out


def hbar_chart(chart: dict, *, unit: str = "万元", width: int = 560) -> Markup:
    """Horizontal bars: one row per category (long names such as departments read well)."""
    cats = chart["categories"]
    series = chart["series"]
    values = [[_value(v) for v in s["values"]] for s in series]
    top = max([float(v) / 10000 for row in values for v in row if v is not None] + [0.0]) or 1.0
    row_h = 18 * len(series) + 10
    label_w, right, upper = 190, 80, 8
    plot_w = width - label_w - right
    height = upper + row_h * max(1, len(cats)) + (22 if len(series) > 1 else 6)
    out = [
        f'<svg class="chart hbar" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart["id"])}-title" xmlns="http://www.w3.org/2000/svg">'
    ]
    for ci, cat in enumerate(cats):
        y0 = upper + ci * row_h
        out.append(
            f'<text class="cat" x="{label_w - 6}" y="{y0 + row_h / 2 + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#222">{escape(_short(cat, 15))}<title>{escape(cat)}</title></text>'
        )
        for si, s in enumerate(series):
            v = values[si][ci]
            if v is None:
                continue
            w = plot_w * (float(v) / 10000) / top
            y = y0 + 5 + si * 18
            meta = s["values"][ci] if isinstance(s["values"][ci], dict) else {}
            out.append(
                f'<rect class="mark" x="{label_w}" y="{y}" width="{max(w, 0.5):.1f}" height="14" '
                f'fill="{PALETTE[si % len(PALETTE)]}" data-value="{escape(str(v))}" '
                f'data-series="{escape(s["name"])}" data-category="{escape(cat)}">'
                f"<title>{escape(_mark_title(cat, s['name'], v, unit, ' · 推算' if meta.get('derived') else ''))}"
                "</title></rect>"
            )
            out.append(
                f'<text class="value" x="{label_w + w + 4:.1f}" y="{y + 11}" font-size="11" '
                f'fill="#222">{escape(wan_text(v))}</text>'
            )
    if len(series) > 1:
        out.extend(_series_legend(series, label_w, height - 14))
    out.append("</svg>")
    return Markup("".join(out))


def pie_chart(chart: dict, *, unit: str = "万元", size: int = 300, donut: bool = True) -> Markup:
    """A pie (donut) of the first series; slices of zero or no value are not drawn (the table lists
    them). The legend gives each slice's share."""
    cats = chart["categories"]
    s = chart["series"][0]
    parts = [(cat, _value(v), v) for cat, v in zip(cats, s["values"], strict=False)]
    drawn = [(cat, v, meta) for cat, v, meta in parts if v is not None and v > 0]
    total = sum((v for _, v, _ in drawn), Decimal(0))
    legend_w = 250
    width = size + legend_w
    height = max(size, 24 + 20 * len(drawn))
    cx = cy = size / 2
    r = size / 2 - 8
    r0 = r * 0.55 if donut else 0.0
    out = [
        f'<svg class="chart pie" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart["id"])}-title" xmlns="http://www.w3.org/2000/svg">'
    ]
    angle = -math.pi / 2
    for i, (cat, v, _meta) in enumerate(drawn):
        share = v / total if total else Decimal(0)
        sweep = 2 * math.pi * float(share)
        colour = PALETTE[i % len(PALETTE)]
        title = escape(_mark_title(cat, None, v, unit, f" · {share * 100:.2f}%"))
        attrs = (
            f'class="mark" fill="{colour}" data-value="{escape(str(v))}" data-category="{escape(cat)}" '
            f'data-share="{share:.6f}"'
        )
        if sweep >= 2 * math.pi - 1e-9:  # one slice: a ring (an arc of 360 degrees degenerates)
            if r0:
                d = (
                    f"M {cx - r:.2f} {cy:.2f} a {r:.2f} {r:.2f} 0 1 0 {2 * r:.2f} 0 "
                    f"a {r:.2f} {r:.2f} 0 1 0 {-2 * r:.2f} 0 Z "
                    f"M {cx - r0:.2f} {cy:.2f} a {r0:.2f} {r0:.2f} 0 1 1 {2 * r0:.2f} 0 "
                    f"a {r0:.2f} {r0:.2f} 0 1 1 {-2 * r0:.2f} 0 Z"
                )
                out.append(f'<path {attrs} fill-rule="evenodd" d="{d}"><title>{title}</title></path>')
            else:
                out.append(
                    f'<circle {attrs} cx="{cx:.2f}" cy="{cy:.2f}" r="{r:.2f}"><title>{title}</title></circle>'
                )
        else:
            a1 = angle + sweep
            large = 1 if sweep > math.pi else 0
            x0, y0 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x1, y1 = cx + r * math.cos(a1), cy + r * math.sin(a1)
            if r0:
                ix0, iy0 = cx + r0 * math.cos(a1), cy + r0 * math.sin(a1)
                ix1, iy1 = cx + r0 * math.cos(angle), cy + r0 * math.sin(angle)
                d = (
                    f"M {x0:.2f} {y0:.2f} A {r:.2f} {r:.2f} 0 {large} 1 {x1:.2f} {y1:.2f} "
                    f"L {ix0:.2f} {iy0:.2f} A {r0:.2f} {r0:.2f} 0 {large} 0 {ix1:.2f} {iy1:.2f} Z"
                )
            else:
                d = (
                    f"M {cx:.2f} {cy:.2f} L {x0:.2f} {y0:.2f} "
                    f"A {r:.2f} {r:.2f} 0 {large} 1 {x1:.2f} {y1:.2f} Z"
                )
            out.append(f'<path {attrs} stroke="#fff" stroke-width="1" d="{d}"><title>{title}</title></path>')
        ly = 16 + i * 20
        out.append(f'<rect x="{size + 8}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(
            f'<text x="{size + 26}" y="{ly}" font-size="12" fill="#222">{escape(_short(cat, 12))} '
            f"{share * 100:.1f}%</text>"
        )
        angle += sweep
    if not drawn:
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="#ccc" stroke-dasharray="4 4"/>')
    elif r0:
        out.append(
            f'<text x="{cx:.1f}" y="{cy - 2:.1f}" text-anchor="middle" font-size="14" fill="#222">'
            f"{escape(wan_text(total))}</text>"
        )
        out.append(
            f'<text x="{cx:.1f}" y="{cy + 16:.1f}" text-anchor="middle" font-size="11" fill="#555">'
            f"{escape(unit)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def render(chart: dict) -> Markup:
    """The SVG of a chart model (kind: bar, hbar, pie)."""
    if chart.get("kind") == "pie":
        return pie_chart(chart)
    if chart.get("kind") == "hbar":
        return hbar_chart(chart)
    return bar_chart(chart)
