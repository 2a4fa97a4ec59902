"""Reports for people: one audit for the worker and their manager, one round for the
board, the action plan's quarterly review. Rendered from Jinja2 templates (Markdown and
self-contained, printable HTML), every value escaped on the way out.

A layer beside the exports: it reads through the desks (so the permission table holds
for a report as for a screen), never the store, and imports no Textual.
"""
