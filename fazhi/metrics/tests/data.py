"""Demo-like records for the figure tests: the ledgers' own demo builders, run for township A of the
test cast from October 2024 to February 2026 (so that records fall on both sides of 2025)."""

import random
from datetime import date
from importlib import import_module

from fazhi.metrics.registry import Period, compute, registry

START, END = date(2024, 10, 1), date(2026, 2, 28)
YEAR = 2025
PERIOD = Period.year(YEAR)


def in_year(day) -> bool:
    return day is not None and day.year == YEAR


def build(cast, app: str, township=None, clerk=None, seed: int = 7):
    """Run one ledger app's demo builder."""
    township, clerk = township or cast.a, clerk or cast.clerk
    rng = random.Random(seed)
    return import_module(f"fazhi.{app}.demo").build(township, clerk, rng, START, END)


def figures(org, prefixes: tuple[str, ...] = (), base=None) -> dict[str, object]:
    """Values (MetricValue.value; for rates the (numerator, denominator)) of the metrics with ids
    starting with one of `prefixes`, for 2025."""
    ids = [m.id for m in registry.all(YEAR) if not prefixes or m.id.startswith(prefixes)]
    out = {}
    for mid, v in compute(ids, org, PERIOD, base=base).items():
        out[mid] = (v.numerator, v.denominator) if v.is_rate else v.value
    return out
