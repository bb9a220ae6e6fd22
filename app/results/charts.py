"""Server-rendered SVG charts (no script, no ``style`` attributes: the CSP forbids inline styles, so only
SVG presentation attributes such as ``fill=`` are used).

Words:
- *stacked totals*: one horizontal bar per village, its length the total (0..100), split into the points
  each domain (or a stage without domains) adds.
- *judge spread*: one line per judge from their lowest to their highest share (0..100), a box of one
  standard deviation around their mean, a dot at the mean, and a dashed line at the panel's mean.

Both return ``Markup`` ready to place in a page; every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from app.i18n import fmt_number
from app.results.analysis import JudgeStat, StackedBar

PALETTE = ("#1f4e79", "#2e8b57", "#d98c1f", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d")
FONT = 'font-family="system-ui, sans-serif"'


def _x(value: Decimal | float, left: int, width: int) -> float:
    return round(left + width * max(0.0, min(100.0, float(value))) / 100, 1)


def _axis(left: int, width: int, top: int, bottom: int) -> list[str]:
    parts = []
    for tick in range(0, 101, 20):
        x = _x(tick, left, width)
        parts.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="#d0d5dd" stroke-width="1"/>')
        parts.append(
            f'<text x="{x}" y="{bottom + 14}" font-size="11" text-anchor="middle" fill="#555" {FONT}>{tick}</text>'
        )
    return parts


def stacked_totals_svg(keys: Sequence[str], bars: Sequence[StackedBar], *, title: str, names: dict[str, str]) -> Markup:
    left, width, row_h, view_w = 230, 420, 18, 720
    colors = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    legend: list[str] = []
    x, y = left, 6
    for k in keys:
        label = escape(names.get(k, k))
        item_w = 24 + 7 * len(str(label))
        if x > left and x + item_w > view_w:  # wrap the legend onto another line
            x, y = left, y + 18
        legend.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colors[k]}"/>')
        legend.append(f'<text x="{x + 16}" y="{y + 10}" font-size="12" fill="#222" {FONT}>{label}</text>')
        x += item_w
    top = y + 28
    height = top + row_h * len(bars) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {view_w} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        *legend,
    ]
    parts += _axis(left, width, top - 4, top + row_h * len(bars))
    for n, bar in enumerate(bars):
        y = top + n * row_h
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" font-size="12" text-anchor="end" fill="#222" {FONT}>'
            f"{escape(bar.label[:34])}</text>"
        )
        start = Decimal(0)
        for k, points in bar.segments:
            x0, x1 = _x(start, left, width), _x(start + points, left, width)
            start += points
            if x1 - x0 <= 0:
                continue
            tip = f"{names.get(k, k)}: {fmt_number(points)}"
            parts.append(
                f'<rect x="{x0}" y="{y + 2}" width="{round(x1 - x0, 1)}" height="{row_h - 4}" fill="{colors[k]}">'
                f"<title>{escape(tip)}</title></rect>"
            )
        parts.append(
            f'<text x="{_x(bar.total, left, width) + 4}" y="{y + 13}" font-size="12" fill="#222" {FONT}>'
            f"{escape(fmt_number(bar.total))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in the markup is escaped above


def judge_spread_svg(stats: Sequence[JudgeStat], *, title: str, panel_label: str) -> Markup:
    left, width, row_h, top = 200, 440, 30, 30
    height = top + row_h * len(stats) + 26
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 720 {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    parts += _axis(left, width, top - 6, top + row_h * len(stats))
    if stats:
        px = _x(stats[0].panel_mean, left, width)
        parts.append(
            f'<line x1="{px}" y1="{top - 10}" x2="{px}" y2="{top + row_h * len(stats)}" stroke="#c0392b" '
            f'stroke-width="2" stroke-dasharray="5 4"/>'
        )
        parts.append(
            f'<text x="{px}" y="{top - 14}" font-size="11" text-anchor="middle" fill="#c0392b" {FONT}>'
            f"{escape(panel_label)} {escape(fmt_number(stats[0].panel_mean))}</text>"
        )
    for n, s in enumerate(stats):
        y = top + n * row_h + row_h // 2
        parts.append(
            f'<text x="{left - 8}" y="{y + 4}" font-size="12" text-anchor="end" fill="#222" {FONT}>'
            f"{escape(s.name[:30])}</text>"
        )
        lo, hi = _x(s.low, left, width), _x(s.high, left, width)
        parts.append(f'<line x1="{lo}" y1="{y}" x2="{hi}" y2="{y}" stroke="#555" stroke-width="2"/>')
        b0, b1 = _x(s.mean - s.spread, left, width), _x(s.mean + s.spread, left, width)
        parts.append(
            f'<rect x="{b0}" y="{y - 7}" width="{round(b1 - b0, 1)}" height="14" fill="#9ec5e8" stroke="#1f4e79" '
            f'stroke-width="1"/>'
        )
        tip = f"{s.name}: {fmt_number(s.mean)} ± {fmt_number(s.spread)} ({fmt_number(s.low)}–{fmt_number(s.high)})"
        parts.append(
            f'<circle cx="{_x(s.mean, left, width)}" cy="{y}" r="5" fill="#1f4e79">'
            f"<title>{escape(tip)}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in the markup is escaped above
