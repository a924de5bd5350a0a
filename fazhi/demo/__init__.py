"""Fictional demo data: a district, its townships, one account per role and a year of records."""
