"""The marks of the Gantt chart (see ``advisor.render.gantt``): layout constants, bars
for planned and review phases, the pilot's go / no-go gate, milestones for phases
already done, and the legend.

Standard library only; every text from data is XML-escaped with ``esc``.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape

from advisor.schemas import PhasePlan

__all__ = ["bar", "diamond", "esc", "gate_line", "hatch", "legend", "milestone", "num"]

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
DONE = "#2e7d4f"  # the milestone of a phase already done
MILESTONE_R = 10.0  # half the diagonal of the diamond
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
LABEL_CHARS = 34  # characters per label line at 13px in the label column
DIGIT_W = 7.0  # approximate advance of a 12px digit or dash
GATE_LABEL = "Go / no-go"


def esc(text: str) -> str:
    """XML-escape text (and attribute values) from data."""
    return escape(text, quote=True)


def num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def hatch(pattern_id: str, color: str) -> str:
    """A diagonal hatch in `color` on white: the fill of a bar under review."""
    return (
        f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        f'<rect width="3.5" height="8" fill="{color}" fill-opacity="0.32"/></pattern>'
    )


def diamond(cx: float, cy: float, r: float = MILESTONE_R) -> str:
    """A filled diamond with a white check mark: a completed milestone."""
    points = " ".join(
        f"{num(x)},{num(y)}" for x, y in ((cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy))
    )
    k = r / 9
    check = (
        f"M{num(cx - 4 * k)} {num(cy + 0.2 * k)} L{num(cx - 1.2 * k)} {num(cy + 3 * k)} "
        f"L{num(cx + 4.2 * k)} {num(cy - 3.2 * k)}"
    )
    return (
        f'<polygon points="{points}" fill="{DONE}"/>'
        f'<path d="{check}" fill="none" stroke="#ffffff" stroke-width="{num(2 * k)}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def milestone(phase: PhasePlan, name: str, mid: float) -> list[str]:
    """A phase already done: a completed milestone at month 0, labelled "done"."""
    cx = float(LABEL_W)
    return [
        f'<g class="phase-milestone" data-phase="{esc(phase.phase)}" data-status="done" '
        f'data-month="0">',
        f"<title>{esc(f'{name}: already done')}</title>",
        diamond(cx, mid),
        f'<text x="{num(cx + MILESTONE_R + 6)}" y="{num(mid + 4)}" font-size="12" '
        f'font-weight="600" fill="{DONE}">done</text>',
        "</g>",
    ]


def gate_diamond(cx: float, cy: float, r: float = MILESTONE_R) -> str:
    """A hollow diamond: a decision still ahead (a done milestone is filled and checked)."""
    points = " ".join(
        f"{num(x)},{num(y)}" for x, y in ((cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy))
    )
    return f'<polygon points="{points}" fill="#ffffff" stroke="{TEXT}" stroke-width="2"/>'


def gate_line(month: int, scale: float, bottom: float) -> str:
    """The go / no-go month as a dashed line across the rows, drawn behind the bars:
    every later phase depends on that decision."""
    gx = num(LABEL_W + month * scale)
    return (
        f'<line class="go-no-go-line" x1="{gx}" y1="{TOP - 6}" x2="{gx}" y2="{num(bottom)}" '
        f'stroke="{TEXT}" stroke-opacity="0.45" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )


class _Beside:
    """Free room on either side of a bar, filled outwards by labels that do not fit
    inside it: right of the bar first, else left of its start."""

    def __init__(self, x: float, end: float) -> None:
        self.right = end + 6
        self.left = x - 6

    def place(self, width: float) -> tuple[float, str]:
        """Where a label `width` wide goes: its x and its text-anchor."""
        if self.right + width <= WIDTH - 4:
            at, self.right = self.right, self.right + width + 10
            return at, "start"
        at, self.left = self.left, self.left - width - 10
        return at, "end"


def bar(phase: PhasePlan, name: str, row: int, scale: float, gate: bool = False) -> list[str]:
    """A planned phase as a solid bar, a phase under review as a hatched, outlined one,
    with its month window inside the bar when it fits, else beside it. With `gate`, the
    bar's end carries the go / no-go decision: a hollow diamond labelled "Go / no-go"."""
    top = TOP + row * ROW_H
    mid = top + ROW_H / 2
    start, end = phase.start_month, phase.end_month
    x = LABEL_W + start * scale
    w = max(1.0, (end - start) * scale)
    color = COLORS[row % len(COLORS)]
    review = phase.status == "review"
    span = f"{start}–{end}"
    tip = f"{name}: review, months {span}" if review else f"{name}: months {span}"
    if review:
        paint = f'fill="url(#gantt-hatch-{row})" stroke="{color}" stroke-width="2"'
    else:
        paint = f'fill="{color}"'
    out = [
        f'<rect class="phase-bar" data-phase="{esc(phase.phase)}" '
        f'data-status="{esc(phase.status)}" data-start="{start}" data-end="{end}" '
        f'x="{num(x)}" y="{top + BAR_PAD}" width="{num(w)}" '
        f'height="{ROW_H - 2 * BAR_PAD}" rx="5" {paint}>'
        f"<title>{esc(tip)}</title></rect>"
    ]
    # Labels beside the bar start past the gate's diamond, so neither covers the other.
    beside = _Beside(x, x + w + (MILESTONE_R if gate else 0))
    text = f"review {span}" if review else span
    text_w = len(text) * DIGIT_W
    if w >= text_w + 14:
        inside = "#ffffff" if not review else TEXT
        out.append(
            f'<text x="{num(x + w / 2)}" y="{num(mid + 4)}" font-size="12" '
            f'font-weight="600" fill="{inside}" text-anchor="middle">{text}</text>'
        )
    else:
        at, anchor = beside.place(text_w)
        out.append(
            f'<text x="{num(at)}" y="{num(mid + 4)}" font-size="12" fill="{TEXT}" '
            f'text-anchor="{anchor}">{text}</text>'
        )
    if gate:
        at, anchor = beside.place(len(GATE_LABEL) * DIGIT_W)
        out += [
            f'<g class="go-no-go" data-phase="{esc(phase.phase)}" data-month="{end}">',
            f"<title>{esc(f'Go / no-go decision at month {end}, at the end of {name}')}</title>",
            gate_diamond(x + w, mid),
            f'<text x="{num(at)}" y="{num(mid + 4)}" font-size="12" font-weight="600" '
            f'fill="{TEXT}" text-anchor="{anchor}">{GATE_LABEL}</text>',
            "</g>",
        ]
    return out


_LEGEND = (("done", "Already done"), ("review", "Review"), ("planned", "Planned"))


def legend(statuses: Collection[str]) -> list[str]:
    """Right-aligned on the subtitle line, one entry per status in the chart."""
    entries = [(status, label) for status, label in _LEGEND if status in statuses]
    widths = [14 + 6 + len(label) * DIGIT_W for _, label in entries]
    gap = 18
    x = WIDTH - RIGHT_PAD - sum(widths) - gap * (len(entries) - 1)
    y = 54  # the subtitle's baseline
    out = ['<g class="legend">']
    for (status, label), width in zip(entries, widths, strict=True):
        out.append(f'<g class="legend-item" data-status="{status}">')
        if status == "done":
            out.append(diamond(x + 7, y - 4.5, 7))
        elif status == "review":
            out.append(
                f'<rect x="{num(x)}" y="{y - 11}" width="14" height="13" rx="3" '
                f'fill="url(#gantt-hatch-legend)" stroke="{MUTED}" stroke-width="1.5"/>'
            )
        else:
            out.append(
                f'<rect x="{num(x)}" y="{y - 11}" width="14" height="13" rx="3" '
                f'fill="{COLORS[0]}"/>'
            )
        out.append(f'<text x="{num(x + 20)}" y="{y}" font-size="12" fill="{MUTED}">{label}</text>')
        out.append("</g>")
        x += width + gap
    out.append("</g>")
    return out
