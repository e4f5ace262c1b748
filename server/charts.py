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


FONT = 13  # px in the viewBox: charts are drawn 340-420 units wide, so text stays >= 11 px on a phone
DERIVED_OPACITY = "0.45"


def _em(ch: str) -> float:
    """Approximate advance of a character in em: CJK full width, Latin about half."""
    return 1.0 if ord(ch) > 0x2E7F else 0.58


def wrap(text: str, width: float, size: int = FONT, max_lines: int = 3) -> list[str]:
    """Lines of ``text`` that fit ``width`` units at ``size`` px: words are kept whole (Latin), CJK breaks
    anywhere; nothing is cut off unless more than ``max_lines`` lines would be needed (then an ellipsis)."""
    limit = width / size
    lines: list[str] = []
    line, used = "", 0.0
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ord(ch) > 0x2E7F or ch == " ":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    for token in tokens:
        size_em = sum(_em(c) for c in token)
        if line and used + size_em > limit:
            lines.append(line.rstrip())
            line, used = "", 0.0
            if token == " ":
                continue
        line += token
        used += size_em
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [lines[max_lines - 1][:-1] + "…"]
    return lines or [""]


def _text(
    x: float,
    y: float,
    text: str,
    width: float,
    *,
    size: int = FONT,
    anchor: str = "start",
    cls: str = "",
    fill: str = "#222",
    max_lines: int = 3,
    valign: str = "top",
) -> tuple[str, int]:
    """A <text> of wrapped lines (tspans); returns the markup and the number of lines."""
    lines = wrap(text, width, size, max_lines)
    step = size * 1.2
    if valign == "middle":
        y -= step * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else step:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    klass = f' class="{cls}"' if cls else ""
    title = f"<title>{escape(text)}</title>" if len(lines) > 1 or lines[-1].endswith("…") else ""
    return (
        f'<text{klass} x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}">'
        f"{spans}{title}</text>",
        len(lines),
    )


def _mark_title(category: str, series: str | None, yuan: Decimal, unit: str, extra: str = "") -> str:
    head = f"{category} · {series}" if series else category
    return f"{head}: {wan_text(yuan)} {unit} ({yuan_text(yuan)} 元){extra}"


def _any_derived(series: list[dict]) -> bool:
    return any(isinstance(v, dict) and v.get("derived") for s in series for v in s["values"])


def _legend(
    entries: list[tuple[str, str, str | None]], x: float, y: float, width: float
) -> tuple[list[str], float]:
    """Rows of (colour, name, opacity) swatches from (x, y), wrapped to ``width``; returns the height."""
    out = []
    top = y
    for colour, name, opacity in entries:
        faded = f' fill-opacity="{opacity}"' if opacity else ""
        out.append(
            f'<rect class="swatch" x="{x}" y="{y:.1f}" width="12" height="12" fill="{colour}"{faded}/>'
        )
        markup, lines = _text(x + 18, y + 11, name, width - 18, cls="legend")
        out.append(markup)
        y += FONT * 1.2 * lines + 6
    return out, y - top


def _derived_entry(chart: dict) -> tuple[str, str, str]:
    return (PALETTE[0], chart.get("derived_label") or "推算值 derived", DERIVED_OPACITY)


def bar_chart(chart: dict, *, unit: str = "万元", width: int = 380) -> Markup:
    """Vertical bars, one group per category, one bar per series; the legend names the series and, when
    a bar is derived (not stated in the document), what its lighter shade means."""
    if chart.get("kind") == "hbar":
        return hbar_chart(chart, unit=unit)
    cats = chart["categories"]
    series = chart["series"]
    values = [[_value(v) for v in s["values"]] for s in series]
    top = max([float(v) / 10000 for row in values for v in row if v is not None] + [0.0])
    step = _nice_step(top)
    top_axis = step * max(1, math.ceil(top / step)) if top > 0 else step * 4
    left, right, upper = 52, 8, 22
    plot_w = width - left - right
    group_w = plot_w / max(1, len(cats))
    cat_lines = max(len(wrap(c, group_w - 6, FONT)) for c in cats) if cats else 1
    plot_h = 180
    axis_y = upper + plot_h
    entries = (
        [(PALETTE[i % len(PALETTE)], s["name"], None) for i, s in enumerate(series)]
        if len(series) > 1
        else []
    )
    if _any_derived(series):
        entries.append(_derived_entry(chart))
    legend_top = axis_y + 10 + FONT * 1.2 * cat_lines + 8
    legend, legend_h = _legend(entries, left, legend_top, width - left - right)
    height = math.ceil(legend_top + legend_h + 4)
    bar_w = min(56.0, group_w * 0.8 / max(1, len(series)))
    out = [
        f'<svg class="chart bar" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart["id"])}-title" xmlns="http://www.w3.org/2000/svg">'
    ]
    tick = 0.0
    while tick <= top_axis + 1e-9:
        y = upper + plot_h - plot_h * tick / top_axis
        out.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd" stroke-width="1"/>'
        )
        label = f"{tick:,.0f}" if step >= 1 else f"{tick:,.2f}"
        out.append(
            f'<text class="tick" x="{left - 5}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#555">{label}</text>'
        )
        tick += step
    out.append(f'<text class="unit" x="2" y="{upper - 8}" font-size="12" fill="#555">{escape(unit)}</text>')
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
            faded = f' fill-opacity="{DERIVED_OPACITY}"' if meta.get("derived") else ""
            out.append(
                f'<rect class="{cls}" x="{x + 2:.1f}" y="{y:.1f}" width="{max(1.0, bar_w - 4):.1f}" '
                f'height="{max(h, 0.5):.1f}" fill="{PALETTE[si % len(PALETTE)]}"{faded} '
                f'data-value="{escape(str(v))}" data-series="{escape(s["name"])}" '
                f'data-category="{escape(cat)}">'
                f"<title>{escape(_mark_title(cat, s['name'], v, unit, derived))}</title></rect>"
            )
            out.append(
                f'<text class="value" x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'font-size="12" fill="#222">{escape(wan_text(v))}</text>'
            )
        out.append(
            _text(gx + group_w / 2, axis_y + 10 + FONT, cat, group_w - 6, anchor="middle", cls="cat")[0]
        )
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="{axis_y}" y2="{axis_y}" stroke="#333" stroke-width="1"/>'
    )
    out.extend(legend)
    out.append("</svg>")
    return Markup("".join(out))


def hbar_chart(chart: dict, *, unit: str = "万元", width: int = 380) -> Markup:
    """Horizontal bars: one row per category (long names such as departments read well), names wrapped
    on up to two lines beside their bars."""
    cats = chart["categories"]
    series = chart["series"]
    values = [[_value(v) for v in s["values"]] for s in series]
    top = max([float(v) / 10000 for row in values for v in row if v is not None] + [0.0]) or 1.0
    label_w, right, upper = 140, 60, 8
    plot_w = width - label_w - right
    bars_h = 16 * len(series) + 10
    rows = []
    y = upper
    for cat in cats:
        lines = len(wrap(cat, label_w - 8, FONT, 2))
        row_h = max(bars_h, FONT * 1.2 * lines + 10)
        rows.append((y, row_h))
        y += row_h
    entries = (
        [(PALETTE[i % len(PALETTE)], s["name"], None) for i, s in enumerate(series)]
        if len(series) > 1
        else []
    )
    if _any_derived(series):
        entries.append(_derived_entry(chart))
    legend, legend_h = _legend(entries, 8, y + 8, width - 16)
    height = math.ceil(y + 8 + legend_h)
    out = [
        f'<svg class="chart hbar" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart["id"])}-title" xmlns="http://www.w3.org/2000/svg">'
    ]
    for ci, cat in enumerate(cats):
        y0, row_h = rows[ci]
        out.append(_text(label_w - 8, y0 + row_h / 2 + 4, cat, label_w - 8, anchor="end", cls="cat", max_lines=2,
                         valign="middle")[0])  # fmt: skip
        for si, s in enumerate(series):
            v = values[si][ci]
            if v is None:
                continue
            w = plot_w * (float(v) / 10000) / top
            by = y0 + (row_h - bars_h) / 2 + 5 + si * 16
            meta = s["values"][ci] if isinstance(s["values"][ci], dict) else {}
            faded = f' fill-opacity="{DERIVED_OPACITY}"' if meta.get("derived") else ""
            cls = "mark derived" if meta.get("derived") else "mark"
            out.append(
                f'<rect class="{cls}" x="{label_w}" y="{by:.1f}" width="{max(w, 0.5):.1f}" height="12" '
                f'fill="{PALETTE[si % len(PALETTE)]}"{faded} data-value="{escape(str(v))}" '
                f'data-series="{escape(s["name"])}" data-category="{escape(cat)}">'
                f"<title>{escape(_mark_title(cat, s['name'], v, unit, ' · 推算' if meta.get('derived') else ''))}"
                "</title></rect>"
            )
            out.append(
                f'<text class="value" x="{label_w + w + 4:.1f}" y="{by + 10:.1f}" font-size="12" '
                f'fill="#222">{escape(wan_text(v))}</text>'
            )
    out.extend(legend)
    out.append("</svg>")
    return Markup("".join(out))


def pie_chart(chart: dict, *, unit: str = "万元", size: int = 220, donut: bool = True) -> Markup:
    """A pie (donut) of the first series, its legend below it (each slice's name, wrapped, and share);
    slices of zero or no value are not drawn (the table lists them)."""
    cats = chart["categories"]
    s = chart["series"][0]
    parts = [(cat, _value(v), v) for cat, v in zip(cats, s["values"], strict=False)]
    drawn = [(cat, v, meta) for cat, v, meta in parts if v is not None and v > 0]
    total = sum((v for _, v, _ in drawn), Decimal(0))
    width = 340
    cx, cy = width / 2, size / 2
    r = size / 2 - 6
    r0 = r * 0.55 if donut else 0.0
    shares = [(v / total if total else Decimal(0)) for _, v, _ in drawn]
    entries = [
        (PALETTE[i % len(PALETTE)], f"{cat} {share * 100:.1f}%", None)
        for i, ((cat, _v, _m), share) in enumerate(zip(drawn, shares, strict=True))
    ]
    legend, legend_h = _legend(entries, 12, size + 10, width - 24)
    height = math.ceil(size + 10 + legend_h)
    out = [
        f'<svg class="chart pie" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart["id"])}-title" xmlns="http://www.w3.org/2000/svg">'
    ]
    angle = -math.pi / 2
    for i, ((cat, v, _meta), share) in enumerate(zip(drawn, shares, strict=True)):
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
        angle += sweep
    out.extend(legend)
    if not drawn:
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="#ccc" stroke-dasharray="4 4"/>')
    elif r0:
        out.append(
            f'<text x="{cx:.1f}" y="{cy - 2:.1f}" text-anchor="middle" font-size="16" fill="#222">'
            f"{escape(wan_text(total))}</text>"
        )
        out.append(
            f'<text x="{cx:.1f}" y="{cy + 16:.1f}" text-anchor="middle" font-size="12" fill="#555">'
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
