"""An embedded Sheets chart drawn as SVG for the read-only view: line or column series over
their labels, with the chart's title and, below, a legend naming each series (from its header
cell, as Sheets' bottom legend does). Enough for a person to see the trend, not a copy of
Google's renderer."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 420, 220, 30
LEGEND = 16  # the legend's line below the plot
COLORS = ("#1a73e8", "#d93025", "#188038", "#f9ab00", "#9334e6")


def chart_svg(chart: dict[str, Any]) -> Markup:
    """The chart as an ``<svg>`` element (a titled box when it has no numbers yet)."""
    skip = int(chart.get("header_rows", 0))
    series = [[_number(v) for v in values[skip:]] for values in chart.get("series", [])]
    labels = [str(v) for v in chart.get("labels", [])[skip:]]
    numbers = [v for values in series for v in values if v is not None]
    title = escape(chart.get("title") or "Chart")
    parts = [Markup('<text x="{}" y="16" font-size="13">{}</text>').format(PAD, title)]
    if numbers:
        top = max(max(numbers), 0.0) or 1.0
        count = max(len(values) for values in series) or 1
        step = (WIDTH - 2 * PAD) / max(count, 1)

        def y(value: float) -> float:
            return HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top

        for index, values in enumerate(series):
            color = COLORS[index % len(COLORS)]
            if chart.get("type") == "COLUMN":
                width = step / (len(series) + 1)
                for i, value in enumerate(values):
                    if value is None:
                        continue
                    x = PAD + i * step + index * width
                    parts.append(
                        Markup(
                            '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>'
                        ).format(x, y(value), width, HEIGHT - PAD - y(value), color)
                    )
            else:
                points = " ".join(
                    f"{PAD + i * step + step / 2:.1f},{y(v):.1f}"
                    for i, v in enumerate(values)
                    if v is not None
                )
                parts.append(
                    Markup(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>'
                    ).format(points, color)
                )
        for i, label in enumerate(labels[:count]):
            if i % max(1, count // 6) == 0:
                parts.append(
                    Markup('<text x="{:.1f}" y="{}" font-size="9">{}</text>').format(
                        PAD + i * step, HEIGHT - 8, label[:10]
                    )
                )
        parts.append(Markup('<text x="2" y="{}" font-size="9">{}</text>').format(PAD, _fmt(top)))
    else:
        parts.append(
            Markup('<text x="{}" y="{}" font-size="11">no data yet</text>').format(PAD, HEIGHT // 2)
        )
    axis = Markup('<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#888"/>').format(
        PAD, HEIGHT - PAD, WIDTH - PAD
    )
    body = Markup("").join(parts) + axis + _legend(chart, skip)
    return Markup(
        '<svg class="chart" role="img" aria-label="{}" width="{}" height="{}" '
        'xmlns="http://www.w3.org/2000/svg" style="border:1px solid #dadce0">{}</svg>'
    ).format(title, WIDTH, HEIGHT + LEGEND, body)


def _legend(chart: dict[str, Any], skip: int) -> Markup:
    """Each series' name (its header cell) in its colour, on a line below the plot."""
    if not skip:
        return Markup("")
    names = [str(values[0]) if values else "" for values in chart.get("series", [])]
    items = [
        Markup('<rect x="{0}" y="{1}" width="8" height="8" fill="{2}"/>'
               '<text class="legend" x="{3}" y="{4}" font-size="10">{5}</text>').format(
            PAD + 130 * i, HEIGHT + 2, COLORS[i % len(COLORS)], PAD + 130 * i + 11, HEIGHT + 10,
            name[:22])
        for i, name in enumerate(names)
        if name
    ]  # fmt: skip
    return Markup("").join(items)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.2f}"
