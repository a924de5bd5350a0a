"""The report check: reads an annual rule-of-law report and lists findings, never changing it."""
