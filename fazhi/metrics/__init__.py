"""Figures: metric definitions, their computation and their display (domain.md §4)."""
