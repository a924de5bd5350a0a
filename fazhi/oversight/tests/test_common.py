"""What every oversight ledger shares: the clerk writes through page and API and gets a 编号; the clerk
of B gets 404 on A's records; readers (leader, reviewer, advisor) read but cannot edit or void."""

import pytest

from conftest import login

from .samples import SAMPLES, disclosure_kind

PAGE_FORMS = {
    "rectifications": lambda cast: {
        "source": "audit",
        "received_on": "2025-04-10",
        "content": "审计发现专项资金拨付滞后。",
        "due_on": "2025-06-30",
    },
    "litigation-cases": lambda cast: {
        "case_number": "（2025）渝0101行初46号",
        "received_on": "2025-03-05",
        "kind": "litigation",
        "body": "云岭区人民法院",
        "cause": "不服行政处罚决定",
        "outcome": "pending",
        "hearing-TOTAL_FORMS": "1",
        "hearing-INITIAL_FORMS": "0",
        "hearing-MIN_NUM_FORMS": "0",
        "hearing-MAX_NUM_FORMS": "1000",
        "hearing-0-held_on": "2025-05-20",
        "hearing-0-agency_appeared": "on",
        "hearing-0-head_appeared": "on",
        "hearing-0-head_name": "陈志强",
    },
    "warning-education": lambda cast: {
        "held_on": "2025-05-08",
        "form": "base_visit",
        "topic": "参观区廉政教育基地",
        "participants": "30",
    },
    "disclosures": lambda cast: {
        "published_on": "2025-02-20",
        "channel": "board",
        "title": "2025年低保名单公示",
        "kind": disclosure_kind(cast, "livelihood").pk,
    },
}

API_BODIES = {
    "rectifications": lambda cast: PAGE_FORMS["rectifications"](cast),
    "litigation-cases": lambda cast: {
        "case_number": "（2025）渝0101行审3号",
        "received_on": "2025-03-05",
        "kind": "review",
        "body": "云岭区人民政府",
        "cause": "不服政府信息公开答复",
        "outcome": "pending",
        "hearings": [{"held_on": "2025-04-01", "agency_appeared": True, "head_appeared": False}],
    },
    "warning-education": lambda cast: {**PAGE_FORMS["warning-education"](cast), "participants": 30},
    "disclosures": lambda cast: PAGE_FORMS["disclosures"](cast),
}

SHORTS = {
    "rectifications": "整改",
    "litigation-cases": "行诉",
    "warning-education": "警示",
    "disclosures": "公开",
}


@pytest.mark.parametrize("key", SAMPLES)
def test_it_lets_the_clerk_create_through_the_page(client, cast, key):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{key}/new/", {"township": cast.a.pk, **PAGE_FORMS[key](cast)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    model = SAMPLES[key](cast).__class__
    assert model.objects.filter(number=f"青山-{SHORTS[key]}-2025-0001").exists()


@pytest.mark.parametrize("key", SAMPLES)
def test_it_lets_the_clerk_create_through_the_api(client, cast, key):
    login(client, cast.clerk)
    body = {"township": cast.a.pk, **API_BODIES[key](cast)}
    response = client.post(f"/api/v1/{key}/", data=body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"] == f"青山-{SHORTS[key]}-2025-0001"


@pytest.mark.parametrize("key", SAMPLES)
def test_it_hides_records_from_another_township(client, cast, key):
    record = SAMPLES[key](cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{key}/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/{key}/{record.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "reviewer", "advisor"])
@pytest.mark.parametrize("key", SAMPLES)
def test_it_lets_readers_read_but_not_write(client, cast, key, who):
    record = SAMPLES[key](cast)
    login(client, getattr(cast, who))
    assert client.get(f"/ledger/{key}/{record.pk}/").status_code == 200
    assert client.get(f"/ledger/{key}/{record.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{key}/{record.pk}/void/").status_code == 403
    response = client.post(
        f"/api/v1/{key}/{record.pk}/void/", data={"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
