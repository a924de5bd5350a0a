"""`fazhi bench --encryption`: what encrypting personal data at rest (#17) costs the pages that show it.

For the disputes and petitions ledgers (the parties' and petitioners' names, ID numbers, phones and
addresses are encrypted), two pages of the detailed township, through Django's test client as the
township's clerk:
- the list page, first page, filtered to the township: the names column decrypted then masked;
- the reveal of one record's personal data (the deliberate, logged "查看完整信息"): every personal field
  of its parties decrypted and shown in full.

The baseline is the same pages over the same rows stored in plaintext, as before encryption: inside a
transaction the township's personal columns are rewritten with their plaintext (crypto.decrypt returns a
value that is not a token as it is, as for rows written before the migration) and rolled back after.
Same rows, queries, indexes and templates; what differs is exactly what encryption adds on reading —
longer column values and one AES-GCM (or SM4-GCM) decryption per value. The two are measured in
alternating rounds so that a busy moment of the machine weighs on both; nothing stays in the database
(the sign-in's and the reveals' audit lines included). Figures per page: p95 and median seconds each and
encrypted ÷ plaintext; encryption_list_ratio and encryption_reveal_ratio are the larger p95 ratio of the
two ledgers. On a loaded machine the difference of two page timings is mostly noise, so each page is also
run once with crypto.decrypt timed: the values it decrypts, the seconds that takes, and that as a share of
the page's median (encryption_decrypt_share, the largest of the four).
"""

import statistics
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.test import Client

from fazhi.core import crypto, ledgers
from fazhi.core.fields import encrypted_fields
from fazhi.orgs.models import Organisation, User

from .bench import _p95, _times
from .builder import DISTRICT_CODE

LEDGERS = ("disputes", "petitions")
ROUNDS = 4


class _Rollback(Exception):
    pass


def _personal_models(spec) -> list[tuple]:
    """(model, filter to the township's rows) for the ledger and its children that hold encrypted fields."""
    out = [(spec.model, "township")] if encrypted_fields(spec.model) else []
    out += [(c.model, f"{c.fk_name}__township") for c in spec.children if encrypted_fields(c.model)]
    return out


def _to_plaintext(spec, township) -> int:
    """Rewrite the township's personal columns with their plaintext (inside the caller's transaction)."""
    qn = connection.ops.quote_name
    count = 0
    for model, path in _personal_models(spec):
        fields = encrypted_fields(model)
        # values_list goes through the fields' from_db_value: plaintext.
        rows = model.objects.filter(**{path: township}).values_list(*[f.attname for f in fields], "pk")
        sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
        sql = f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(model._meta.pk.column)} = %s"
        with connection.cursor() as cur:
            cur.executemany(sql, [list(r) for r in rows])
        count += len(rows)
    return count


def _client(user) -> Client:
    from django.conf import settings

    host = next(
        (h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")), "localhost"
    )
    client = Client(SERVER_NAME=host.strip("[]"), HTTP_HOST=host)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _requests(client, township) -> dict[str, Callable[[], None]]:
    out = {}
    for key in LEDGERS:
        spec = ledgers.get(key)
        record = spec.model.objects.filter(township=township, voided=False).order_by("-pk").first()
        listing = f"/ledger/{key}/?township={township.pk}"
        reveal = f"/ledger/{key}/{record.pk}/reveal/"

        def get(url=listing):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        def post(url=reveal):
            response = client.post(url)
            assert response.status_code == 200, (url, response.status_code)

        out[f"{key}_list"], out[f"{key}_reveal"] = get, post
    return out


def _decrypt_cost(request: Callable[[], None]) -> tuple[int, float]:
    """How many values one request decrypts, and the seconds spent in crypto.decrypt doing so: a figure
    the machine's load barely moves, unlike the difference of two page timings."""
    request()  # once untimed: the key ring and the derived keys are read on first use
    real, calls, spent = crypto.decrypt, [0], [0.0]

    def timed(value):
        started = time.perf_counter()
        try:
            return real(value)
        finally:
            spent[0] += time.perf_counter() - started
            calls[0] += crypto.token_parts(value) is not None if value else 0

    crypto.decrypt = timed
    try:
        request()
    finally:
        crypto.decrypt = real
    return calls[0], spent[0]


def measure(repeat: int = 7, *, township=None, user=None) -> dict:
    """By default the demo's detailed township (青山镇) and its clerk."""
    township = township or Organisation.objects.get(name="青山镇", parent__code=DISTRICT_CODE)
    user = user or User.objects.get(username="clerk")
    enc: dict[str, list[float]] = {}
    plain: dict[str, list[float]] = {}
    rows = 0

    def run(into: dict) -> None:
        for k, fn in requests.items():
            into.setdefault(k, []).extend(_times(fn, repeat))

    try:
        with transaction.atomic():
            client = _client(user)  # inside: its sign-in (session, audit line) is rolled back too
            requests = _requests(client, township)
            costs = {k: _decrypt_cost(fn) for k, fn in requests.items()}
            for round_ in range(ROUNDS):
                if round_ % 2 == 0:  # which goes first alternates: neither gets the quieter start
                    run(enc)
                mark = transaction.savepoint()
                rows = sum(_to_plaintext(ledgers.get(k), township) for k in LEDGERS)
                run(plain)
                transaction.savepoint_rollback(mark)
                if round_ % 2 == 1:
                    run(enc)
            raise _Rollback
    except _Rollback:
        pass
    figures = {}
    for k in enc:
        f = figures[k] = {
            "encrypted_p95": round(_p95(enc[k]), 4),
            "plaintext_p95": round(_p95(plain[k]), 4),
            "encrypted_median": round(statistics.median(enc[k]), 4),
            "plaintext_median": round(statistics.median(plain[k]), 4),
            "decrypted_values": costs[k][0],
            "decrypt_seconds": round(costs[k][1], 5),
        }
        f["ratio"] = round(f["encrypted_p95"] / f["plaintext_p95"], 3)
        f["median_ratio"] = round(f["encrypted_median"] / f["plaintext_median"], 3)
        f["decrypt_share"] = round(costs[k][1] / statistics.median(enc[k]), 4)
    return {
        "encryption_list_ratio": max(figures[f"{k}_list"]["ratio"] for k in LEDGERS),
        "encryption_reveal_ratio": max(figures[f"{k}_reveal"]["ratio"] for k in LEDGERS),
        "encryption_decrypt_share": max(f["decrypt_share"] for f in figures.values()),
        "encryption_seconds": figures,
        "encryption_rows": rows,  # personal rows of the township rewritten for the baseline
        "encryption_samples": repeat * ROUNDS,
    }
