"""公共法律服务 — legal advisors and consultations (domain.md §2.7)."""
