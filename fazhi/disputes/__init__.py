"""矛盾纠纷排查化解: screening rounds, disputes and people's mediation (domain.md §2.6)."""
