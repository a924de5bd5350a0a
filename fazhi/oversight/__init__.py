"""监督 — warning education, rectification, litigation, disclosure (domain.md §2.8)."""
