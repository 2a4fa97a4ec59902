"""Exports: the documents scripts and boards read, and their JSON, CSV, XLSX and Markdown forms."""
