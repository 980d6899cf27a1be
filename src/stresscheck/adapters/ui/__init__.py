"""The terminal: the console, the result and history views, the quiz prompt, the
breathing view, and the output streams.
"""
