"""Renderings of outputs for people: Markdown documents (roadmaps, answers, governance,
readiness assessments) and charts (the roadmap's Gantt, the readiness bars) as SVG."""
