"""The audit log: who did what, including every view of unmasked personal information."""
