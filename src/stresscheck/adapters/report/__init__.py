"""Reports for a therapist: one person's summary (Markdown and HTML), the body outline,
and the overview of several clients.
"""
