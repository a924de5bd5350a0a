"""A switch that lets the history-aware bulk helpers through LedgerQuerySet's guard."""

from contextlib import contextmanager
from contextvars import ContextVar

raw_writes_allowed: ContextVar[bool] = ContextVar("raw_writes_allowed", default=False)


@contextmanager
def allow_raw_writes():
    token = raw_writes_allowed.set(True)
    try:
        yield
    finally:
        raw_writes_allowed.reset(token)
