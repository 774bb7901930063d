"""Charts as SVG rendered on the server (no JavaScript, no CDN; they print and go into PDFs): bars, stacked bars,
grouped bars and lines. Each chart carries its accessible name (<title>, <desc>), its labels and numbers written in
the picture, and the same figures as a table for screen readers and copying. Labels are escaped; a bar may link to
a drill-down.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 720
LABEL_WIDTH = 215
VALUE_WIDTH = 90
ROW_HEIGHT = 26
BAR_HEIGHT = 16
PAD = 8
LABEL_CHARS = 28
# Colours that read on white and apart from one another (the flag's orange and green first).
PALETTE = ("#f77f00", "#009e60", "#1f3b2d", "#6c8ebf", "#b5838d", "#e9c46a", "#6a040f", "#8d99ae")
EMPTY = "#adb5bd"


@dataclass(frozen=True)
class Bar:
    """One bar: `value` None when there is nothing to draw (suppressed, or no denominator); `text` is the figure as
    shown (formatted, or « < 5 », « — »)."""

    label: str
    value: float | None
    text: str
    href: str | None = None


@dataclass(frozen=True)
class Stack:
    """One stacked bar: a value and its text per series (same order as the chart's series)."""

    label: str
    values: Sequence[float | None]
    texts: Sequence[str]
    href: str | None = None


@dataclass(frozen=True)
class Series:
    """One line: a value and its text per point."""

    name: str
    values: Sequence[float | None]
    texts: Sequence[str]


@dataclass
class Chart:
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    description: str = ""


def _id() -> str:
    return f"chart-{uuid.uuid4().hex[:10]}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _header(chart_id: str, height: int, title: str, description: str) -> str:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{id}-title {id}-desc" '
        'font-family="system-ui, sans-serif" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
    )


def _label(x: float, y: float, text: str, href: str | None, anchor: str = "end") -> str:
    shown = format_html(
        '<text x="{x}" y="{y}" text-anchor="{a}" dominant-baseline="middle"><title>{full}</title>{short}</text>',
        x=f"{x:.1f}",
        y=f"{y:.1f}",
        a=anchor,
        full=text,
        short=_short(text),
    )
    if href:
        return format_html('<a href="{h}" class="chart-link" fill="#0d6efd">{t}</a>', h=href, t=shown)
    return shown


def _link(href: str | None, body: str) -> str:
    return format_html('<a href="{h}">{b}</a>', h=href, b=body) if href else body


def _svg(parts: list[str]) -> SafeString:
    """The pieces (each made by format_html, hence escaped) joined, and the picture closed."""
    return format_html("{}{}", format_html_join("", "{}", ((part,) for part in parts)), format_html("</{}>", "svg"))


def bar_chart(title: str, bars: Sequence[Bar], *, description: str = "", value_label: str = "") -> Chart:
    """Horizontal bars, one per row, the figure at the end of each bar."""
    chart_id = _id()
    height = PAD * 2 + ROW_HEIGHT * max(len(bars), 1)
    top = max((b.value for b in bars if b.value is not None), default=0.0) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - PAD * 2
    parts = [_header(chart_id, height, title, description or title)]
    for i, bar in enumerate(bars):
        y = PAD + i * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        parts.append(_label(LABEL_WIDTH - PAD, middle, bar.label, bar.href))
        length = 0.0 if bar.value is None else max(span * bar.value / top, 0.0)
        rect = format_html(
            '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}" rx="2"><title>{label} : {text}</title></rect>',
            x=LABEL_WIDTH,
            y=f"{middle - BAR_HEIGHT / 2:.1f}",
            w=f"{length:.1f}",
            h=BAR_HEIGHT,
            c=PALETTE[0] if bar.value is not None else EMPTY,
            label=bar.label,
            text=bar.text,
        )
        parts.append(_link(bar.href, rect))
        parts.append(
            format_html(
                '<text x="{x}" y="{y}" dominant-baseline="middle" class="chart-value">{t}</text>',
                x=f"{LABEL_WIDTH + length + 4:.1f}",
                y=f"{middle:.1f}",
                t=bar.text,
            )
        )
    return Chart(
        title=title,
        svg=_svg(parts),
        columns=["", value_label or title],
        rows=[[bar.label, bar.text] for bar in bars],
        description=description,
    )


def _legend(series: Sequence[str], y: float) -> str:
    parts, x = [], float(LABEL_WIDTH)
    for i, name in enumerate(series):
        parts.append(
            format_html(
                '<rect x="{x}" y="{y}" width="10" height="10" fill="{c}"/>'
                '<text x="{tx}" y="{ty}" dominant-baseline="middle">{n}</text>',
                x=f"{x:.1f}",
                y=f"{y - 5:.1f}",
                c=PALETTE[i % len(PALETTE)],
                tx=f"{x + 14:.1f}",
                ty=f"{y:.1f}",
                n=name,
            )
        )
        x += 24 + 7 * len(name)
    return format_html_join("", "{}", ((part,) for part in parts))


def stacked_bar_chart(title: str, series: Sequence[str], stacks: Sequence[Stack], *, description: str = "") -> Chart:
    """Horizontal stacked bars (one segment per series); the total at the end, each segment's figure inside when it
    fits. A stack with a hidden segment is drawn grey, with its texts."""
    chart_id = _id()
    legend_height = 22
    height = PAD * 2 + legend_height + ROW_HEIGHT * max(len(stacks), 1)
    totals = [sum(v or 0 for v in s.values) for s in stacks]
    top = max(totals, default=0.0) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - PAD * 2
    parts = [_header(chart_id, height, title, description or title), _legend(series, PAD + 8)]
    for i, stack in enumerate(stacks):
        y = PAD + legend_height + i * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        parts.append(_label(LABEL_WIDTH - PAD, middle, stack.label, stack.href))
        x = float(LABEL_WIDTH)
        complete = all(v is not None for v in stack.values)
        for j, (value, text) in enumerate(zip(stack.values, stack.texts, strict=True)):
            length = span * (value or 0) / top
            if length <= 0:
                continue
            colour = PALETTE[j % len(PALETTE)] if complete else EMPTY
            parts.append(
                format_html(
                    '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}"><title>{label}, {name} : {t}</title>'
                    "</rect>",
                    x=f"{x:.1f}",
                    y=f"{middle - BAR_HEIGHT / 2:.1f}",
                    w=f"{length:.1f}",
                    h=BAR_HEIGHT,
                    c=colour,
                    label=stack.label,
                    name=series[j],
                    t=text,
                )
            )
            if length > 8 * len(text) + 6:
                parts.append(
                    format_html(
                        '<text x="{x}" y="{y}" text-anchor="middle" dominant-baseline="middle" fill="#fff">{t}</text>',
                        x=f"{x + length / 2:.1f}",
                        y=f"{middle:.1f}",
                        t=text,
                    )
                )
            x += length
        summary = " / ".join(stack.texts)
        parts.append(
            format_html(
                '<text x="{x}" y="{y}" dominant-baseline="middle" class="chart-value">{t}</text>',
                x=f"{x + 4:.1f}",
                y=f"{middle:.1f}",
                t=summary,
            )
        )
    return Chart(
        title=title,
        svg=_svg(parts),
        columns=["", *series],
        rows=[[s.label, *s.texts] for s in stacks],
        description=description,
    )


def grouped_bar_chart(
    title: str, series: Sequence[str], groups: Sequence[Stack], *, description: str = "", columns: Sequence[str] = ()
) -> Chart:
    """Horizontal bars side by side: one group per label, one bar per series in the series' colours, each figure at
    the end of its bar (planned against committed against spent). A None value draws no bar and keeps its text."""
    chart_id = _id()
    legend_height, bar, gap, group_pad = 22, 11, 2, 10
    count = max(len(series), 1)
    group_height = count * (bar + gap) + group_pad
    height = PAD * 2 + legend_height + group_height * max(len(groups), 1)
    longest = max((len(t) for g in groups for t in g.texts), default=4)
    value_width = max(VALUE_WIDTH, 7 * longest + 8)
    top = max((v for g in groups for v in g.values if v is not None), default=0.0) or 1.0
    span = WIDTH - LABEL_WIDTH - value_width - PAD * 2
    parts = [_header(chart_id, height, title, description or title), _legend(series, PAD + 8)]
    for i, group in enumerate(groups):
        y = PAD + legend_height + i * group_height
        parts.append(_label(LABEL_WIDTH - PAD, y + (group_height - group_pad) / 2, group.label, group.href))
        for j, (value, text) in enumerate(zip(group.values, group.texts, strict=True)):
            top_y = y + j * (bar + gap)
            length = 0.0 if value is None else max(span * value / top, 0.0)
            parts.append(
                format_html(
                    '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}" rx="1"><title>{label}, {name} : {t}'
                    "</title></rect>"
                    '<text x="{tx}" y="{ty}" dominant-baseline="middle" font-size="11" class="chart-value">{t}</text>',
                    x=LABEL_WIDTH,
                    y=f"{top_y:.1f}",
                    w=f"{length:.1f}",
                    h=bar,
                    c=PALETTE[j % len(PALETTE)] if value is not None else EMPTY,
                    label=group.label,
                    name=series[j],
                    t=text,
                    tx=f"{LABEL_WIDTH + length + 4:.1f}",
                    ty=f"{top_y + bar / 2:.1f}",
                )
            )
    return Chart(
        title=title,
        svg=_svg(parts),
        columns=["", *(columns or series)],
        rows=[[g.label, *g.texts] for g in groups],
        description=description,
    )


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, description: str = "") -> Chart:
    """Lines over periods (x: the labels in order), a point and its figure at each known value; a gap where a value
    is unknown or hidden."""
    chart_id = _id()
    height, left, right, bottom, legend_height = 260, 56, 24, 36, 22
    plot_top = PAD + legend_height
    plot_height = height - plot_top - bottom
    values = [v for s in series for v in s.values if v is not None]
    top = max(values, default=0.0) or 1.0
    step = (WIDTH - left - right) / max(len(labels) - 1, 1)

    def xy(i: int, value: float) -> tuple[float, float]:
        return left + i * step, plot_top + plot_height * (1 - value / top)

    parts = [_header(chart_id, height, title, description or title), _legend([s.name for s in series], PAD + 8)]
    parts.append(
        format_html(
            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#adb5bd"/>'
            '<text x="{tx}" y="{ty}" text-anchor="end" dominant-baseline="middle" fill="#6c757d">0</text>',
            l=left,
            r=WIDTH - right,
            b=f"{plot_top + plot_height:.1f}",
            tx=left - 6,
            ty=f"{plot_top + plot_height:.1f}",
        )
    )
    for i, label in enumerate(labels):
        x = left + i * step
        parts.append(
            format_html(
                '<text x="{x}" y="{y}" text-anchor="middle" fill="#495057">{t}</text>',
                x=f"{x:.1f}",
                y=height - bottom + 18,
                t=label,
            )
        )
    for k, line in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        segment: list[str] = []
        paths: list[list[str]] = []
        for i, value in enumerate(line.values):
            if value is None:
                if segment:
                    paths.append(segment)
                segment = []
                continue
            x, y = xy(i, value)
            segment.append(f"{x:.1f},{y:.1f}")
        if segment:
            paths.append(segment)
        for points in paths:
            if len(points) > 1:
                parts.append(
                    format_html(
                        '<polyline points="{p}" fill="none" stroke="{c}" stroke-width="2"/>',
                        p=" ".join(points),
                        c=colour,
                    )
                )
        for i, (value, text) in enumerate(zip(line.values, line.texts, strict=True)):
            if value is None:
                continue
            x, y = xy(i, value)
            parts.append(
                format_html(
                    '<circle cx="{x}" cy="{y}" r="3.5" fill="{c}"><title>{n}, {lab} : {t}</title></circle>'
                    '<text x="{x}" y="{ty}" text-anchor="middle" font-size="11" fill="{c}">{t}</text>',
                    x=f"{x:.1f}",
                    y=f"{y:.1f}",
                    ty=f"{y - 7:.1f}",
                    c=colour,
                    n=line.name,
                    lab=labels[i],
                    t=text,
                )
            )
    return Chart(
        title=title,
        svg=_svg(parts),
        columns=["", *[s.name for s in series]],
        rows=[[label, *[s.texts[i] for s in series]] for i, label in enumerate(labels)],
        description=description,
    )


__all__ = ["Bar", "Chart", "Series", "Stack", "bar_chart", "grouped_bar_chart", "line_chart", "stacked_bar_chart"]
