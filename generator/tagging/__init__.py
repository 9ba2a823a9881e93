"""Tagging: evidence from the taxonomy's rules, models learned from the curator's examples."""
