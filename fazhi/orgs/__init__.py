"""Organisations (区 → 乡镇 → 村居 → 组), users, their roles and the scope each role covers."""
