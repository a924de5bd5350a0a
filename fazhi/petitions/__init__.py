"""信访 — petitions and leaders' receptions (domain.md §2.4)."""
