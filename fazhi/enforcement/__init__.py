"""行政执法 and its 三项制度 (domain.md §2.3)."""
