"""Analyst briefs (HTML with an inline SVG figure, or Markdown with a PNG beside it)."""
from linkwatch.report.brief import context, render_html, render_markdown, write_brief

__all__ = ["context", "render_html", "render_markdown", "write_brief"]
