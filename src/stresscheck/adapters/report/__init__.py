"""Reports for a therapist: one person's summary (Markdown and HTML, with an SVG
score chart), the body outline, and the overview of several clients.
"""
