"""Role pages and the village cadre's limits.

系统管理员 reaches the user and organisation pages and nothing of the ledgers; 审计员 only the audit log;
everybody else gets 403 on those pages. The cadre of A1 sees A1's disputes, not A2's.
"""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.disputes.models import Dispute
from tests.factories import dispute_type, valid_id

ADMIN_PAGES = ["admin-users", "admin-user-new", "admin-orgs", "admin-org-new"]


def test_it_lets_only_the_sysadmin_reach_admin_pages(cast, client):
    client.force_login(cast.sysadmin)
    for name in ADMIN_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("admin-user-edit", kwargs={"pk": cast.clerk.pk})).status_code == 200
    assert client.get(reverse("admin-org-edit", kwargs={"pk": cast.a.pk})).status_code == 200
    assert client.get(reverse("audit-log")).status_code == 403
    for user in (cast.auditor, cast.clerk, cast.leader, cast.reviewer, cast.cadre, cast.clerk_b):
        client.force_login(user)
        for name in ADMIN_PAGES:
            assert client.get(reverse(name)).status_code == 403, (user, name)


def test_it_lets_only_the_auditor_read_the_audit_log(cast, client):
    client.force_login(cast.auditor)
    assert client.get(reverse("audit-log")).status_code == 200
    for user in (cast.sysadmin, cast.clerk, cast.leader, cast.reviewer, cast.advisor, cast.cadre):
        client.force_login(user)
        assert client.get(reverse("audit-log")).status_code == 403, user


def test_it_shows_the_auditor_and_sysadmin_no_ledger_cards(cast, records, client):
    for user in (cast.auditor, cast.sysadmin):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        assert response.context["cards"] == []


def test_it_shows_the_cadre_only_its_village(cast, records, client):
    client.force_login(cast.cadre)
    response = client.get(reverse("ledger-list", kwargs={"ledger": "disputes"}))
    numbers = [row[0].number for row in response.context["rows"]]
    assert numbers == [records.a1.number]
    assert (
        client.get(reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": records.a1.pk})).status_code
        == 200
    )
    assert (
        client.get(reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": records.a2.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("ledger-edit", kwargs={"ledger": "disputes", "pk": records.a2.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": records.b.pk})).status_code
        == 404
    )


def _new_dispute(cast, level, village):
    return {
        "township": cast.a.pk,
        "village": village.pk,
        "received_on": "2025-06-03",
        "source": "application",
        "level": level,
        "dispute_type": dispute_type(cast.a).pk,
        "summary": "宅基地边界争议",
        "disputeparty-TOTAL_FORMS": "1",
        "disputeparty-INITIAL_FORMS": "0",
        "disputeparty-MIN_NUM_FORMS": "1",
        "disputeparty-MAX_NUM_FORMS": "1000",
        "disputeparty-0-role": "applicant",
        "disputeparty-0-name": "李大山",
        "disputeparty-0-id_number": valid_id(seq=21),
        "disputeparty-0-phone": "13912345678",
    }


def test_it_lets_the_cadre_record_a_village_level_dispute(cast, client):
    client.force_login(cast.cadre)
    response = client.post(
        reverse("ledger-create", kwargs={"ledger": "disputes"}), _new_dispute(cast, "village", cast.a1)
    )
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    assert (dispute.village, dispute.created_by) == (cast.a1, cast.cadre)


def test_it_refuses_a_township_level_dispute_from_the_cadre(cast, client):
    client.force_login(cast.cadre)
    response = client.post(
        reverse("ledger-create", kwargs={"ledger": "disputes"}), _new_dispute(cast, "township", cast.a1)
    )
    assert response.status_code == 200
    assert "村干部只能登记村级、组级矛盾纠纷" in response.content.decode()
    assert not Dispute.objects.exists()


def test_it_refuses_a_dispute_of_another_village_from_the_cadre(cast, client):
    client.force_login(cast.cadre)
    response = client.post(
        reverse("ledger-create", kwargs={"ledger": "disputes"}), _new_dispute(cast, "village", cast.a2)
    )
    assert response.status_code == 200
    assert not Dispute.objects.exists()


@pytest.mark.parametrize("level", ["township", "village"])
def test_it_lets_the_clerk_record_any_level(cast, client, level):
    client.force_login(cast.clerk)
    response = client.post(
        reverse("ledger-create", kwargs={"ledger": "disputes"}), _new_dispute(cast, level, cast.a2)
    )
    assert response.status_code == 302
    assert Dispute.objects.get().received_on == date(2025, 6, 3)
