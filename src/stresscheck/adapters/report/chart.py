"""The HTML report's score chart: scores over time as an inline SVG, and its legend.

Lines stay apart without colour (dash patterns and marker shapes), so the chart
reads on a grey-scale printout and for colour-blind readers too.
"""

from __future__ import annotations

from datetime import datetime

from stresscheck.adapters.report.escape import esc
from stresscheck.core.labels import Labels
from stresscheck.core.overview import Overview, ScoreChart

# Calm colours that stay apart for most kinds of colour blindness (Okabe-Ito
# inspired, softened); dash patterns and marker shapes tell lines apart without
# any colour at all, on a grey-scale printer too.
LINE_COLOURS = ("#1f6f78", "#c0792b", "#7a4f9a", "#3b7d3a", "#a8436a", "#4a6fa5")
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 2", "1 2 6 2")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "bar")


def _rect(x: float, y: float, width: float, height: float, attributes: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" {attributes}/>'


def _marker(kind: str, x: float, y: float, colour: str, size: float = 4.2) -> str:
    """One point marker; the shape tells the line apart without colour."""
    common = f'fill="{colour}" stroke="#ffffff" stroke-width="1.2"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" {common}/>'
    if kind == "square":
        s = size * 0.9
        return _rect(x - s, y - s, 2 * s, 2 * s, common)
    if kind == "triangle":
        s = size * 1.2
        points = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y + s * 0.8:.1f} {x - s:.1f},{y + s * 0.8:.1f}"
        return f'<polygon points="{points}" {common}/>'
    if kind == "diamond":
        s = size * 1.25
        points = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y:.1f} {x:.1f},{y + s:.1f} {x - s:.1f},{y:.1f}"
        return f'<polygon points="{points}" {common}/>'
    if kind == "cross":
        s = size
        return (
            f'<path d="M{x - s:.1f},{y - s:.1f}L{x + s:.1f},{y + s:.1f}'
            f'M{x - s:.1f},{y + s:.1f}L{x + s:.1f},{y - s:.1f}" '
            f'stroke="{colour}" stroke-width="2.2"/>'
        )
    s = size
    return _rect(x - s * 0.45, y - s * 1.1, s * 0.9, s * 2.2, common)


def _legend_sample(index: int) -> str:
    colour, dash = LINE_COLOURS[index % len(LINE_COLOURS)], DASHES[index % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        '<svg width="44" height="14" viewBox="0 0 44 14" aria-hidden="true">'
        f'<line x1="2" y1="7" x2="42" y2="7" stroke="{colour}" stroke-width="2.4"{dash_attr}/>'
        f"{_marker(MARKERS[index % len(MARKERS)], 22, 7, colour)}</svg>"
    )


def _ticks(start: datetime, end: datetime, count: int = 5) -> list[datetime]:
    if end <= start:
        return [start]
    step = (end - start) / (count - 1)
    return [start + step * i for i in range(count)]


CHART_W, CHART_H = 760, 330
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 18, 46
# Draw a marker on every point up to this many; beyond it only on the last one.
MARKER_LIMIT = 60


def svg_chart(chart: ScoreChart, labels: Labels) -> str:
    """Scores over time as an inline SVG line chart: one line per domain, 0-100 %.

    The x axis is proportional to time (a month's gap looks like a month); a
    domain that was not scored in a quiz leaves a gap in its line rather
    than a misleading straight stretch.
    """
    t = labels.t
    points = chart.points
    first, last = points[0].at, points[-1].at
    span = (last - first).total_seconds()
    plot_w, plot_h = CHART_W - LEFT - RIGHT, CHART_H - TOP - BOTTOM

    def x_of(moment: datetime) -> float:
        if span <= 0:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (moment - first).total_seconds() / span

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(100.0, value)) / 100)

    title = t("report.chart_title", start=labels.date(first), end=labels.date(last))
    out = [
        f'<svg class="chart" viewBox="0 0 {CHART_W} {CHART_H}" role="img" '
        f'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{esc(title)}</title>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fbfcfc"/>',
    ]
    for percent in (0, 25, 50, 75, 100):
        y = y_of(percent)
        out.append(
            f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
            f'stroke="{"#b9c2c4" if percent == 0 else "#e3e8e9"}" stroke-width="1"/>'
        )
        out.append(
            f'<text class="y-label" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#5d6a72">{percent}%</text>'
        )
    axis_y = TOP + plot_h / 2
    out.append(
        f'<text class="y-title" x="14" y="{axis_y:.1f}" text-anchor="middle" font-size="12" '
        f'fill="#5d6a72" transform="rotate(-90 14 {axis_y:.1f})">'
        f"{esc(t('report.chart_axis_y'))}</text>"
    )
    ticks = _ticks(first, last) if span > 0 else [first]
    seen_labels: set[str] = set()
    for index, tick in enumerate(ticks):
        text = labels.date(tick)
        if text in seen_labels:
            continue
        seen_labels.add(text)
        x = x_of(tick)
        anchor = (
            "middle"
            if 0 < index < len(ticks) - 1 or span <= 0
            else ("start" if index == 0 else "end")
        )
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP + plot_h}" x2="{x:.1f}" y2="{TOP + plot_h + 5}" '
            'stroke="#b9c2c4"/>'
        )
        out.append(
            f'<text class="x-label" x="{x:.1f}" y="{TOP + plot_h + 20}" text-anchor="{anchor}" '
            f'font-size="12" fill="#5d6a72">{esc(text)}</text>'
        )
    with_markers = len(points) <= MARKER_LIMIT
    for column, domain_id in enumerate(chart.domain_ids):
        colour = LINE_COLOURS[column % len(LINE_COLOURS)]
        dash = DASHES[column % len(DASHES)]
        marker = MARKERS[column % len(MARKERS)]
        name = labels.domain(chart.questionnaire_id, domain_id)
        out.append(f'<g class="series" data-domain="{esc(domain_id)}"><title>{esc(name)}</title>')
        runs: list[list[tuple[float, float]]] = [[]]
        for point in points:
            value = point.values[column]
            if value is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((x_of(point.at), y_of(value)))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for run in runs:
            if len(run) >= 2:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(
                    f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.4" '
                    f'stroke-linejoin="round" stroke-linecap="round"{dash_attr}/>'
                )
        drawn = [xy for run in runs for xy in run]
        for x, y in drawn if with_markers else drawn[-1:]:
            out.append(_marker(marker, x, y, colour))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def chart_legend(chart: ScoreChart, overview: Overview, labels: Labels) -> list[str]:
    """The chart's legend as an HTML list: a sample of each line (colour, dashes, marker)
    beside its area's name and the latest self-check's score and level."""
    latest = overview.latest
    out = ['<ul class="legend">']
    for column, domain_id in enumerate(chart.domain_ids):
        name = labels.domain(chart.questionnaire_id, domain_id)
        detail = ""
        if latest is not None and domain_id in latest.domains:
            domain = latest.domains[domain_id]
            detail = str(
                labels.t(
                    "report.legend_latest",
                    score=labels.score(domain["score"], domain["max"]),
                    level=labels.level(latest.questionnaire_id, domain_id, domain["level"]),
                )
            )
        text = f"<strong>{esc(name)}</strong>" + (
            f' <span class="muted">· {esc(detail)}</span>' if detail else ""
        )
        out.append(f"<li>{_legend_sample(column)}<span>{text}</span></li>")
    out.append("</ul>")
    return out
