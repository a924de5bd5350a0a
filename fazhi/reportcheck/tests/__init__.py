"""Tests of the report check."""
