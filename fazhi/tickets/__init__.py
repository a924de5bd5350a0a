"""工单 from 12345 and 互联网+督查 (domain.md §2.5)."""
