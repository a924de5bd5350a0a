"""`fazhi bench --encryption` (on a few records of a test township): figures for both ledgers and both pages, the baseline really
in plaintext while it is measured, and nothing left behind (the rows still encrypted, no audit lines)."""

import pytest
from django.db import connection

from fazhi.audit.models import AuditEvent
from fazhi.demo import encbench
from fazhi.disputes.models import DisputeParty
from fazhi.disputes.tests.samples import dispute
from fazhi.petitions.models import Petitioner
from fazhi.petitions.tests.samples import make_petition


def _stored_names(model) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT name FROM {model._meta.db_table} WHERE name <> ''")
        return [r[0] for r in cur.fetchall()]


@pytest.mark.django_db
def test_the_encryption_bench_compares_with_plaintext_and_leaves_nothing(cast, monkeypatch):
    for _ in range(3):
        dispute(cast)
        make_petition(cast)
    before = {m: sorted(_stored_names(m)) for m in (DisputeParty, Petitioner)}
    assert all(n.startswith("v1:") for names in before.values() for n in names)
    audit = AuditEvent.objects.count()
    seen = []
    plaintext = encbench._to_plaintext

    def spy(spec, township):
        count = plaintext(spec, township)
        model = {"disputes": DisputeParty, "petitions": Petitioner}[spec.key]
        seen.append((count, [n for n in _stored_names(model) if not n.startswith("v1:")]))
        return count

    monkeypatch.setattr(encbench, "_to_plaintext", spy)
    figures = encbench.measure(2, township=cast.a, user=cast.clerk)
    assert set(figures["encryption_seconds"]) == {
        "disputes_list",
        "disputes_reveal",
        "petitions_list",
        "petitions_reveal",
    }
    assert all(
        f["encrypted_p95"] > 0 and f["plaintext_p95"] > 0 for f in figures["encryption_seconds"].values()
    )
    assert figures["encryption_list_ratio"] > 0 and figures["encryption_rows"] > 0
    assert all(count and plain for count, plain in seen)  # the baseline ran over plaintext rows
    assert {m: sorted(_stored_names(m)) for m in before} == before
    assert AuditEvent.objects.count() == audit
