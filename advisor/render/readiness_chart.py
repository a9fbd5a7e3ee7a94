"""A readiness assessment's eight scores as a horizontal bar chart: a standalone SVG.

Pure function, standard library only, drawn like the Gantt chart (``advisor.render.gantt``):
one row per dimension in playbook order on a 0-3 axis with a grid line per score.

- a scored dimension is a bar, ``class="readiness-bar"`` with ``data-dimension`` and
  ``data-score``, labelled "n / 3"; a zero is a thin stub, still a bar;
- a dimension the text gave no evidence for is not a zero: it is a hatched grey
  placeholder across the whole axis, labelled "no evidence", ``class="readiness-none"``.

The visible heading names the chart; the company is in the accessible title and the
``aria-label``, which reads out every score. All text from data is XML-escaped.
"""

from __future__ import annotations

from advisor.render.assessment import (
    DIMENSION_LABELS,
    LEVEL_WORDS,
    ordered_dimensions,
    overall_text,
    score_text,
)
from advisor.render.gantt_marks import FONT, GRID, MUTED, TEXT, esc, hatch, num
from advisor.schemas import DimensionScore, ReadinessAssessment, ReadinessLevel

__all__ = ["readiness_svg"]

WIDTH = 760
LABEL_W = 210  # left column for dimension labels
RIGHT_PAD = 72  # room for a full bar's "3 / 3" label
TOP = 84  # title, subtitle and the overall marker's label above the first row
ROW_H = 34
BAR_H = 18
AXIS_H = 58  # score ticks, level names and the axis caption below the rows
PLOT_W = WIDTH - LABEL_W - RIGHT_PAD
SCALE = PLOT_W / 3
STUB_W = 3.0  # a zero score stays visible as a bar, unlike a missing one
# One colour per score, dark enough for the labels beside them to read as a pair.
SCORE_COLORS = ("#b42318", "#c4500c", "#2f55c4", "#12766a")
NONE_FILL = "url(#readiness-hatch)"


def _summary(a: ReadinessAssessment, rows: list[DimensionScore]) -> str:
    """The whole chart as one sentence, for screen readers."""
    scores = "; ".join(f"{DIMENSION_LABELS[d.dimension]} {score_text(d.score)}" for d in rows)
    level = LEVEL_WORDS[a.overall.level]
    return f"Overall readiness {overall_text(a.overall.score)}, {level}. {scores}."


def _axis(bottom: float) -> list[str]:
    out = ['<g class="axis">']
    for score in range(4):
        x = num(LABEL_W + score * SCALE)
        out += [
            f'<line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{num(bottom + 4)}" '
            f'stroke="{GRID}" stroke-width="1"/>',
            f'<text x="{x}" y="{num(bottom + 20)}" font-size="12" fill="{MUTED}" '
            f'text-anchor="middle">{score}</text>',
        ]
    levels: tuple[ReadinessLevel, ...] = ("not_ready", "weak", "developing", "ready")
    for score, level in enumerate(levels):
        out.append(
            f'<text x="{num(LABEL_W + score * SCALE)}" y="{num(bottom + 35)}" font-size="11" '
            f'fill="{MUTED}" text-anchor="middle">{LEVEL_WORDS[level].capitalize()}</text>'
        )
    out += [
        f'<line x1="{LABEL_W}" y1="{num(bottom + 4)}" x2="{num(LABEL_W + PLOT_W)}" '
        f'y2="{num(bottom + 4)}" stroke="{MUTED}" stroke-width="1"/>',
        f'<text x="{num(LABEL_W + PLOT_W / 2)}" y="{num(bottom + 52)}" font-size="12" '
        f'fill="{MUTED}" text-anchor="middle">Score (0–3)</text>',
        "</g>",
    ]
    return out


def _overall(score: float, bottom: float) -> list[str]:
    """The mean of the known scores as a dashed line, labelled above the rows."""
    x = num(LABEL_W + score * SCALE)
    return [
        f'<g class="overall" data-score="{score:.2f}">',
        f'<line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{num(bottom + 4)}" stroke="{TEXT}" '
        'stroke-opacity="0.55" stroke-width="1.5" stroke-dasharray="4 3"/>',
        f'<text x="{x}" y="{TOP - 11}" font-size="11" fill="{TEXT}" '
        f'text-anchor="middle">overall {score:.1f}</text>',
        "</g>",
    ]


def _mark(dim: DimensionScore, row: int) -> list[str]:
    """A scored dimension's bar and "n / 3" label, or the no-evidence placeholder."""
    label = DIMENSION_LABELS[dim.dimension]
    top = TOP + row * ROW_H + (ROW_H - BAR_H) / 2
    mid = TOP + row * ROW_H + ROW_H / 2
    if dim.score is None:
        return [
            f'<rect class="readiness-none" data-dimension="{dim.dimension}" data-score="none" '
            f'x="{LABEL_W}" y="{num(top)}" width="{num(PLOT_W)}" height="{BAR_H}" rx="4" '
            f'fill="{NONE_FILL}" stroke="{MUTED}" stroke-width="1" stroke-dasharray="3 3">'
            f"<title>{esc(f'{label}: no evidence in the description')}</title></rect>",
            f'<text x="{num(LABEL_W + PLOT_W / 2)}" y="{num(mid + 4)}" font-size="12" '
            f'font-style="italic" fill="{MUTED}" text-anchor="middle">no evidence</text>',
        ]
    width = max(STUB_W, dim.score * SCALE)
    level = LEVEL_WORDS[dim.level]
    return [
        f'<rect class="readiness-bar" data-dimension="{dim.dimension}" '
        f'data-score="{dim.score}" x="{LABEL_W}" y="{num(top)}" width="{num(width)}" '
        f'height="{BAR_H}" rx="4" fill="{SCORE_COLORS[dim.score]}">'
        f"<title>{esc(f'{label}: {score_text(dim.score)} ({level})')}</title></rect>",
        f'<text x="{num(LABEL_W + width + 8)}" y="{num(mid + 4)}" font-size="12" '
        f'font-weight="600" fill="{TEXT}">{score_text(dim.score)}</text>',
    ]


def readiness_svg(a: ReadinessAssessment) -> str:
    """The eight readiness scores as a standalone SVG document (ends with a newline)."""
    rows = ordered_dimensions(a)
    bottom = TOP + ROW_H * len(rows)
    height = bottom + AXIS_H
    company = " ".join((a.company.name or a.company.industry or "").split()) or "your company"
    title = f"AI readiness of {company}"
    missing = sum(1 for d in rows if d.score is None)
    subtitle = f"Overall {overall_text(a.overall.score)} · {LEVEL_WORDS[a.overall.level]}"
    if missing:
        subtitle += f" · {missing} of {len(rows)} without evidence"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{esc(f"{title}. {_summary(a, rows)}")}" font-family="{esc(FONT)}">',
        f"<title>{esc(title)}</title>",
        f"<defs>{hatch('readiness-hatch', MUTED)}</defs>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text class="chart-title" x="16" y="32" font-size="19" font-weight="600" '
        f'fill="{TEXT}">Readiness by dimension</text>',
        f'<text x="16" y="54" font-size="13" fill="{MUTED}">{esc(subtitle)}</text>',
    ]
    # Row backgrounds (zebra) so labels and bars are easy to match up.
    for row in range(0, len(rows), 2):
        parts.append(
            f'<rect x="8" y="{TOP + row * ROW_H}" width="{WIDTH - 16}" height="{ROW_H}" '
            'fill="#f6f8fb"/>'
        )
    parts += _axis(bottom)
    # Behind the marks, so a bar or a placeholder is never crossed by it.
    if a.overall.score is not None:
        parts += _overall(a.overall.score, bottom)
    for row, dim in enumerate(rows):
        mid = TOP + row * ROW_H + ROW_H / 2
        parts.append(
            f'<g class="dimension" data-dimension="{dim.dimension}" '
            f'data-score="{"none" if dim.score is None else dim.score}">'
        )
        parts.append(
            f'<text x="16" y="{num(mid + 4.5)}" font-size="13" fill="{TEXT}">'
            f"{esc(DIMENSION_LABELS[dim.dimension])}</text>"
        )
        parts += _mark(dim, row)
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
