"""Parsers, one module per input format, each from file bytes to entries and problems."""
