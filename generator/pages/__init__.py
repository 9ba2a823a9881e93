"""Renderers from the archive's records to Markdown pages, one module per kind of page."""
