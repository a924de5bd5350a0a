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
(the reveals' audit lines included). Figures: p95 seconds each, and encrypted ÷ plaintext.
"""

from django.db import connection, transaction
from django.test import Client

from fazhi.core import ledgers
from fazhi.core.fields import encrypted_fields
from fazhi.orgs.models import Organisation, User

from .bench import _p95, _times
from .builder import DISTRICT_CODE

LEDGERS = ("disputes", "petitions")
ROUNDS = 2


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


def _pages(client, township, repeat: int) -> dict[str, list[float]]:
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

        out[f"{key}_list"] = _times(get, repeat)
        out[f"{key}_reveal"] = _times(post, repeat)
    return out


def measure(repeat: int = 7, *, township=None, user=None) -> dict:
    """By default the demo's detailed township (青山镇) and its clerk."""
    township = township or Organisation.objects.get(name="青山镇", parent__code=DISTRICT_CODE)
    user = user or User.objects.get(username="clerk")
    enc: dict[str, list[float]] = {}
    plain: dict[str, list[float]] = {}
    rows = 0
    try:
        with transaction.atomic():
            client = _client(user)  # inside: its sign-in (session, audit line) is rolled back too
            for _ in range(ROUNDS):
                for k, v in _pages(client, township, repeat).items():
                    enc.setdefault(k, []).extend(v)
                mark = transaction.savepoint()
                rows = sum(_to_plaintext(ledgers.get(k), township) for k in LEDGERS)
                for k, v in _pages(client, township, repeat).items():
                    plain.setdefault(k, []).extend(v)
                transaction.savepoint_rollback(mark)
            raise _Rollback
    except _Rollback:
        pass
    figures = {
        k: {"encrypted_p95": round(_p95(enc[k]), 4), "plaintext_p95": round(_p95(plain[k]), 4)} for k in enc
    }
    for f in figures.values():
        f["ratio"] = round(f["encrypted_p95"] / f["plaintext_p95"], 3)
    return {
        "encryption_list_ratio": max(figures[f"{k}_list"]["ratio"] for k in LEDGERS),
        "encryption_reveal_ratio": max(figures[f"{k}_reveal"]["ratio"] for k in LEDGERS),
        "encryption_seconds": figures,
        "encryption_rows": rows,  # personal rows of the township rewritten for the baseline
        "encryption_samples": repeat * ROUNDS,
    }
