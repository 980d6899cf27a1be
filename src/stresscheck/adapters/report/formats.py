"""The report formats by ``--format`` name: each a renderer, ``ReportData`` in, text out."""

from __future__ import annotations

from collections.abc import Callable

from stresscheck.adapters.report.html import render_html
from stresscheck.adapters.report.markdown import render_markdown
from stresscheck.adapters.report.summary import ReportData

Renderer = Callable[[ReportData], str]

REPORT_FORMATS: dict[str, Renderer] = {"md": render_markdown, "html": render_html}
