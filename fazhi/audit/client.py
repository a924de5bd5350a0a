"""The client's address: X-Forwarded-For is believed only when the request comes from a configured proxy."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.FAZHI_TRUSTED_PROXIES)))


def _clean(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or, behind a trusted proxy, the right-most X-Forwarded-For hop that is not a proxy."""
    if request is None:
        return None
    remote = _clean(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None or not _trusted(remote):
        return remote
    # Walk from the right: every hop our own proxies appended is trusted; the first other one is the
    # client. Anything further left was written by the client itself and proves nothing.
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _clean(hop)
        if address is None:
            return remote
        if not _trusted(address):
            return address
    return remote
