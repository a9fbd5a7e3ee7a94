"""Renderings of outputs for people: Markdown documents and a Gantt chart (SVG)."""
