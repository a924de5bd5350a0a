"""Stored figures: an organisation's computed values, served again while nothing they read has changed.

The district's pages ask for the same townships' figures over and over (each visit, sort, export and
chart), while any one township's records change a few times a day. So each township's values are kept
in the cache under a key made of what they depend on: the township's figure stamp and the stamp of what
every figure reads (`stamps`: replaced by the database on any change to those tables), the period,
today's date (the overdue figures are today's), the metric ids, the database and a fingerprint of the
code that defines the figures. The stamps are read before computing: a change committed meanwhile
replaces a stamp, so a stored value is either current or never used again. What is missing is
computed in one pass for the missing organisations only.
"""

import functools
import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from . import stamps
from .kinds import Period

TIMEOUT = 7 * 24 * 3600  # a key that is no longer current is never read again; this only frees the space


@functools.cache
def code_fingerprint() -> str:
    """A hash of the source of every module that defines or computes figures (each app's metrics.py and
    this package): a deployment that changes a definition never reads figures stored by the last one."""
    digest = hashlib.sha256()
    names = sorted(
        n for n in sys.modules if n.startswith("fazhi.") and (n.endswith(".metrics") or ".metrics." in n)
    )
    for name in [*names, "fazhi.district.figures"]:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path:
            digest.update(name.encode())
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def _common(everything_token, period: Period, asked: str) -> str:
    """What every stored payload depends on besides its organisations' stamps."""
    return "|".join(
        (
            connection.vendor,
            str(connection.settings_dict["NAME"]),
            code_fingerprint(),
            str(everything_token),
            f"{period.start}:{period.end}:{period.as_of}",
            str(timezone.localdate()),
            asked,
        )
    )


def _key(kind: str, *parts: str) -> str:
    return f"fz:{kind}:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]


def remembered(
    kind: str,
    metric_ids: Iterable[str],
    org_ids: list[int],
    period: Period,
    compute: Callable[[list[int]], dict[int, object]],
) -> dict[int, object]:
    """{organisation id: payload}: the stored payloads that are current, and `compute(missing ids)` (one
    call, {id: picklable payload}) for the others, stored for next time.

    The payloads of one list of organisations (a district's townships) are one cache entry, each with
    the stamp it was computed at: one read and at most one write, whatever their number."""
    ids = list(dict.fromkeys(org_ids))
    if not ids:
        return {}
    current = stamps.tokens(ids)
    common = _common(current[stamps.EVERYTHING], period, ",".join(metric_ids))
    key = _key(kind, common, ",".join(map(str, sorted(ids))))
    entry = cache.get(key) or {}
    out = {i: entry[i][1] for i in ids if i in entry and entry[i][0] == current[i]}
    missing = [i for i in ids if i not in out]
    if missing:
        fresh = compute(missing)
        out.update(fresh)
        # Two readers may store at once: the last write wins, and each payload carries its own stamp.
        cache.set(key, {i: (current[i], out[i]) for i in ids}, timeout=TIMEOUT)
    return out


def together(
    kind: str, org_ids: list[int], period: Period, asked: tuple[str, ...], compute: Callable[[], object]
):
    """One payload made from the figures of all of `org_ids` (a district's table as shown, its charts),
    for the question `asked` (the sort, the highlighting band…): stored under all their stamps at once,
    computed again when any of them changes."""
    current = stamps.tokens(org_ids)
    stamp = ",".join(f"{i}:{t}" for i, t in sorted(current.items()))
    key = _key(kind, _common(current[stamps.EVERYTHING], period, "|".join(asked)), stamp)
    payload = cache.get(key)
    if payload is None:
        payload = compute()
        cache.set(key, payload, timeout=TIMEOUT)
    return payload
