"""Shared machinery of every ledger: the record base, history, numbering, scoping, voiding, attachments."""
