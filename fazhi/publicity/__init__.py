"""普法 — legal publicity and study (domain.md §2.1)."""
