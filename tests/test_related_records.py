"""A record's detail page lists the records of other ledgers that point at it, within scope."""

from conftest import login
from fazhi.core.services import record_update
from fazhi.disputes.tests.samples import SAMPLES


def test_it_lists_the_mediation_of_a_dispute_on_the_dispute_page(cast, client):
    mediation = SAMPLES["mediations"](cast)
    login(client, cast.clerk)
    html = client.get(f"/ledger/disputes/{mediation.dispute_id}/").content.decode()
    assert "关联记录" in html and mediation.number in html


def test_it_hides_related_records_outside_the_users_scope(cast, client):
    mediation = SAMPLES["mediations"](cast)
    # A township-level mediation of a village dispute: the village cadre sees the dispute, not the mediation.
    record_update(
        spec=mediation.ledger_spec,
        record=mediation,
        user=cast.clerk,
        data={"village": None},
        expected_version=mediation.version,
    )
    login(client, cast.cadre)
    html = client.get(f"/ledger/disputes/{mediation.dispute_id}/").content.decode()
    assert mediation.dispute.number in html
    assert mediation.number not in html
