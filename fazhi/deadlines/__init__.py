"""Legal clocks: working-day calendar and due-date rules (pure arithmetic, no database)."""
