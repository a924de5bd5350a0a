"""第一责任人 — leaders' duty records (domain.md §2.9)."""
