"""依法决策 — legality review, major decisions, risk assessment (domain.md §2.2)."""
