"""A roadmap's phases as a Gantt chart: a standalone SVG document.

Every text from data is XML-escaped: a company called <script> shows as text.
"""

from __future__ import annotations

from html import escape

from advisor.schemas import Roadmap

WIDTH = 900
LABEL_W = 230
ROW_H = 44
TOP = 64
COLORS = ("#2f5bd3", "#1f9d8a", "#d48a1f", "#b8457a", "#6a55c2")


def _tick_step(horizon: int) -> int:
    if horizon <= 12:
        return 1
    return 2 if horizon <= 24 else 3


def roadmap_gantt_svg(roadmap: Roadmap) -> str:
    horizon = roadmap.horizon_months
    plot_w = WIDTH - LABEL_W - 30
    scale = plot_w / horizon
    height = TOP + ROW_H * len(roadmap.phases) + 40
    company = roadmap.company.name or roadmap.company.industry or "your company"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" font-family="system-ui, sans-serif">',
        f"<title>{escape(f'AI roadmap for {company}', quote=True)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="16" y="28" font-size="18" font-weight="600" fill="#1d2433">'
        f"{escape(f'AI roadmap: {company}', quote=True)} ({horizon} months)</text>",
    ]
    axis_y = TOP + ROW_H * len(roadmap.phases) + 6
    for month in range(0, horizon + 1, _tick_step(horizon)):
        x = LABEL_W + month * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{axis_y}" '
            'stroke="#dde2ea" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 16}" font-size="12" fill="#5b6478" '
            f'text-anchor="middle">{month}</text>'
        )
    parts.append(
        f'<text x="{LABEL_W + plot_w / 2:.1f}" y="{axis_y + 32}" font-size="12" '
        'fill="#5b6478" text-anchor="middle">month</text>'
    )
    for row, phase in enumerate(roadmap.phases):
        y = TOP + row * ROW_H
        x = LABEL_W + phase.start_month * scale
        w = max(1.0, (phase.end_month - phase.start_month) * scale)
        color = COLORS[row % len(COLORS)]
        label = escape(f"{row + 1}. {phase.title}", quote=True)
        parts.append(
            f'<text x="16" y="{y + 24}" font-size="13" fill="#1d2433">{label}</text>'
        )
        parts.append(
            f'<rect class="phase-bar" data-phase="{escape(phase.phase, quote=True)}" '
            f'x="{x:.1f}" y="{y + 8}" width="{w:.1f}" height="{ROW_H - 16}" rx="5" '
            f'fill="{color}"><title>{label}: months {phase.start_month}–{phase.end_month}'
            "</title></rect>"
        )
        parts.append(
            f'<text x="{x + 8:.1f}" y="{y + 27}" font-size="12" fill="#ffffff">'
            f"{phase.start_month}–{phase.end_month}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
