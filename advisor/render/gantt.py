"""A roadmap's phases as a Gantt chart: a standalone SVG document.

Pure function, standard library only. One row per phase on a month axis from 0 to the
roadmap's horizon:

- a planned phase is a solid bar, a phase under review a hatched, outlined bar; bars
  carry ``class="phase-bar"``, ``data-phase``, ``data-status``, ``data-start`` and
  ``data-end`` so pages and tests can find them;
- a phase already done has no bar (it has no months left): it is a completed milestone
  at month 0, a diamond with a check mark labelled "done", ``class="phase-milestone"``;
- the pilot's end is the go / no-go decision: a hollow diamond labelled "Go / no-go" at
  its end month (``class="go-no-go"``, ``data-month``) and a dashed line down the rows.

The visible heading names the chart ("Phase timeline") and the subtitle the plan; the
company's name is in the accessible title only, because every document and page that
shows the chart already carries "AI roadmap: <company>" right above it. A legend names
the styles whenever a phase is not simply planned. Every text that comes from data
(company name, phase titles) is XML-escaped: a company called ``<script>`` shows as text.
"""

from __future__ import annotations

from advisor.render.gantt_marks import (
    AXIS_H,
    COLORS,
    FONT,
    GRID,
    LABEL_CHARS,
    LABEL_W,
    MUTED,
    PLOT_W,
    ROW_H,
    TEXT,
    TOP,
    WIDTH,
    bar,
    esc,
    gate_line,
    hatch,
    legend,
    milestone,
    num,
)
from advisor.schemas import Roadmap

__all__ = ["roadmap_gantt_svg"]


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
    title = f"AI roadmap for {company}: phase timeline"
    done = sum(1 for p in phases if p.status == "done")
    ahead = len(phases) - done
    subtitle = f"{roadmap.horizon_months}-month plan in {ahead} phase{'' if ahead == 1 else 's'}"
    if done:
        subtitle += f" · {done} already done"
    statuses = {p.status for p in phases}
    # A finished pilot has had its go / no-go: the decision is behind the company and the
    # phase is already the "done" milestone at month 0, so a pending-looking gate there
    # would contradict it. Only a pilot still ahead (planned or under review) gets one.
    gate = next((p for p in phases if p.phase == "pilot" and p.status != "done"), None)
    description = subtitle
    if gate is not None:
        description += f" · go / no-go decision at month {gate.end_month}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="gantt-title" '
        f'aria-describedby="gantt-desc" font-family="{esc(FONT)}">',
        f'<title id="gantt-title">{esc(title)}</title>',
        f'<desc id="gantt-desc">{esc(description)}</desc>',
    ]
    if "review" in statuses:
        hatches = [
            hatch(f"gantt-hatch-{row}", COLORS[row % len(COLORS)])
            for row, phase in enumerate(phases)
            if phase.status == "review"
        ]
        parts.append(f"<defs>{''.join(hatches)}{hatch('gantt-hatch-legend', MUTED)}</defs>")
    parts += [
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text class="chart-title" x="16" y="32" font-size="19" font-weight="600" '
        f'fill="{TEXT}">Phase timeline</text>',
        f'<text x="16" y="54" font-size="13" fill="{MUTED}">{esc(subtitle)}</text>',
    ]
    if statuses - {"planned"}:
        parts += legend(statuses)

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
        tx = num(LABEL_W + month * scale)
        parts.append(
            f'<line x1="{tx}" y1="{TOP - 6}" x2="{tx}" y2="{axis_y + 4}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{tx}" y="{axis_y + 20}" font-size="12" fill="{MUTED}" '
            f'text-anchor="middle">{month}</text>'
        )
    parts.append(
        f'<line x1="{LABEL_W}" y1="{axis_y + 4}" x2="{num(LABEL_W + PLOT_W)}" '
        f'y2="{axis_y + 4}" stroke="{MUTED}" stroke-width="1"/>'
    )
    parts.append(
        f'<text x="{num(LABEL_W + PLOT_W / 2)}" y="{axis_y + 42}" font-size="12" '
        f'fill="{MUTED}" text-anchor="middle">Month</text>'
    )
    parts.append("</g>")
    if gate is not None:
        parts.append(gate_line(gate.end_month, scale, axis_y + 4))

    for row, phase in enumerate(phases):
        mid = TOP + row * ROW_H + ROW_H / 2
        name = " ".join(phase.title.split()) or phase.phase.capitalize()
        parts.append(
            f'<g class="phase" data-phase="{esc(phase.phase)}" data-status="{esc(phase.status)}">'
        )
        # Label on the left, wrapped to two lines at most.
        lines = _wrap(f"{row + 1}. {name}")
        first_y = mid + 4.5 - (len(lines) - 1) * 8
        tspans = "".join(
            f'<tspan x="16" y="{num(first_y + i * 16)}">{esc(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text font-size="13" fill="{TEXT}">{tspans}</text>')
        if phase.status == "done":
            parts += milestone(phase, name, mid)
        else:
            parts += bar(phase, name, row, scale, gate=phase is gate)
        parts.append("</g>")

    parts.append("</svg>")
    return "\n".join(parts) + "\n"
