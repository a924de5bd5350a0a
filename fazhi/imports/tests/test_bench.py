"""The import benchmark measures against its floor: the same final rows bulk-loaded by the database, and
leaves nothing behind."""

import pytest

from fazhi.disputes.models import Dispute, DisputeParty
from fazhi.imports.bench import measure


@pytest.mark.django_db(transaction=True)
def test_it_reports_the_import_against_reading_plus_the_bulk_load_of_the_same_rows():
    before = (Dispute.objects.count(), Dispute.history.count(), DisputeParty.objects.count())
    result = measure(rows=40, repeat=1)
    assert (result["created"], result["errors"]) == (40, 0)
    assert result["load_seconds"] > 0 and result["read_seconds"] > 0
    expected = result["import_seconds"] / (result["read_seconds"] + result["load_seconds"])
    assert result["import_vs_floor_ratio"] == pytest.approx(
        expected, rel=0.02
    )  # from parts rounded to the microsecond
    assert "import_vs_read_ratio" in result
    assert (Dispute.objects.count(), Dispute.history.count(), DisputeParty.objects.count()) == before
