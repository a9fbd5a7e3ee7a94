"""A roadmap's phases as a Gantt chart: a standalone SVG document.

Pure function, standard library only. One horizontal bar per phase on a month axis from
0 to the roadmap's horizon; bars carry ``class="phase-bar"``, ``data-phase``,
``data-start`` and ``data-end`` so pages and tests can find them. Every text that comes
from data (company name, phase titles) is XML-escaped: a company called ``<script>``
shows as text.
"""

from __future__ import annotations

from html import escape

from advisor.schemas import Roadmap

__all__ = ["roadmap_gantt_svg"]

WIDTH = 900
LABEL_W = 270  # left column for phase labels
RIGHT_PAD = 28
TOP = 78  # title and subtitle above the first row
ROW_H = 46
BAR_PAD = 9  # vertical gap between a row's edge and its bar
AXIS_H = 56  # tick labels and axis caption below the rows
PLOT_W = WIDTH - LABEL_W - RIGHT_PAD
# Dark enough for white text on every bar (contrast >= 4.5:1).
COLORS = ("#2f55c4", "#12766a", "#a8580c", "#a3366b", "#5a45b0", "#3d6b1f")
TEXT = "#1d2433"
MUTED = "#5b6478"
GRID = "#dde2ea"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
TITLE_CHARS = 80  # characters of the visible title at 19px before it is ellipsized
LABEL_CHARS = 34  # characters per label line at 13px in the label column
DIGIT_W = 7.0  # approximate advance of a 12px digit or dash


def _x(text: str) -> str:
    """XML-escape text (and attribute values) from data."""
    return escape(text, quote=True)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def tick_step(horizon: int) -> int:
    """Months between labelled ticks: every month up to 12, then every 2 or 3."""
    if horizon <= 12:
        return 1
    preferred, other = (2, 3) if horizon <= 24 else (3, 2)
    if horizon % preferred and not horizon % other:
        return other
    return preferred


def _ticks(horizon: int) -> list[int]:
    step = tick_step(horizon)
    months = list(range(0, horizon + 1, step))
    if months[-1] != horizon:
        if horizon - months[-1] < step / 2 and len(months) > 1:
            months[-1] = horizon  # keep the axis end labelled without crowding
        else:
            months.append(horizon)
    return months


def _wrap(text: str, width: int = LABEL_CHARS, lines: int = 2) -> list[str]:
    """Word-wrap a label into at most `lines` lines, ellipsizing what does not fit."""
    out: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [ln if len(ln) <= width else ln[: width - 1].rstrip() + "…" for ln in out] or [""]


def roadmap_gantt_svg(roadmap: Roadmap) -> str:
    """The roadmap's phases as a standalone SVG document (ends with a newline)."""
    phases = roadmap.phases
    horizon = max([roadmap.horizon_months, *(p.end_month for p in phases)])
    scale = PLOT_W / horizon
    rows_h = ROW_H * max(1, len(phases))
    height = TOP + rows_h + AXIS_H
    company = roadmap.company.name or roadmap.company.industry or "your company"
    company = " ".join(company.split()) or "your company"
    title = f"AI roadmap: {company}"
    shown = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
    subtitle = f"{roadmap.horizon_months}-month plan in {len(phases)} phases"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="gantt-title" '
        f'font-family="{_x(FONT)}">',
        f'<title id="gantt-title">{_x(title)}</title>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text class="chart-title" x="16" y="32" font-size="19" font-weight="600" '
        f'fill="{TEXT}">{_x(shown)}</text>',
        f'<text x="16" y="54" font-size="13" fill="{MUTED}">{_x(subtitle)}</text>',
    ]

    # Row backgrounds (zebra) so labels and bars are easy to match up.
    for row in range(len(phases)):
        if row % 2 == 0:
            parts.append(
                f'<rect x="8" y="{TOP + row * ROW_H}" width="{WIDTH - 16}" height="{ROW_H}" '
                'fill="#f6f8fb"/>'
            )

    # Month axis: grid lines and tick labels.
    axis_y = TOP + rows_h
    parts.append('<g class="axis">')
    for month in _ticks(horizon):
        tx = _num(LABEL_W + month * scale)
        parts.append(
            f'<line x1="{tx}" y1="{TOP - 6}" x2="{tx}" y2="{axis_y + 4}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{tx}" y="{axis_y + 20}" font-size="12" fill="{MUTED}" '
            f'text-anchor="middle">{month}</text>'
        )
    parts.append(
        f'<line x1="{LABEL_W}" y1="{axis_y + 4}" x2="{_num(LABEL_W + PLOT_W)}" '
        f'y2="{axis_y + 4}" stroke="{MUTED}" stroke-width="1"/>'
    )
    parts.append(
        f'<text x="{_num(LABEL_W + PLOT_W / 2)}" y="{axis_y + 42}" font-size="12" '
        f'fill="{MUTED}" text-anchor="middle">Month</text>'
    )
    parts.append("</g>")

    for row, phase in enumerate(phases):
        top = TOP + row * ROW_H
        mid = top + ROW_H / 2
        start, end = phase.start_month, phase.end_month
        x = LABEL_W + start * scale
        w = max(1.0, (end - start) * scale)
        color = COLORS[row % len(COLORS)]
        name = " ".join(phase.title.split()) or phase.phase.capitalize()
        span = f"{start}–{end}"

        parts.append(f'<g class="phase" data-phase="{_x(phase.phase)}">')
        # Label on the left, wrapped to two lines at most.
        lines = _wrap(f"{row + 1}. {name}")
        first_y = mid + 4.5 - (len(lines) - 1) * 8
        tspans = "".join(
            f'<tspan x="16" y="{_num(first_y + i * 16)}">{_x(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text font-size="13" fill="{TEXT}">{tspans}</text>')
        # The bar, with a tooltip.
        parts.append(
            f'<rect class="phase-bar" data-phase="{_x(phase.phase)}" data-start="{start}" '
            f'data-end="{end}" x="{_num(x)}" y="{top + BAR_PAD}" width="{_num(w)}" '
            f'height="{ROW_H - 2 * BAR_PAD}" rx="5" fill="{color}">'
            f"<title>{_x(f'{name}: months {span}')}</title></rect>"
        )
        # "a–b" inside the bar when it fits, else beside it.
        text_w = len(span) * DIGIT_W
        if w >= text_w + 14:
            label = (
                f'<text x="{_num(x + w / 2)}" y="{_num(mid + 4)}" font-size="12" '
                f'font-weight="600" fill="#ffffff" text-anchor="middle">{span}</text>'
            )
        elif x + w + 6 + text_w <= WIDTH - 4:
            label = (
                f'<text x="{_num(x + w + 6)}" y="{_num(mid + 4)}" font-size="12" '
                f'fill="{TEXT}">{span}</text>'
            )
        else:
            label = (
                f'<text x="{_num(x - 6)}" y="{_num(mid + 4)}" font-size="12" '
                f'fill="{TEXT}" text-anchor="end">{span}</text>'
            )
        parts.append(label)
        parts.append("</g>")

    parts.append("</svg>")
    return "\n".join(parts) + "\n"
