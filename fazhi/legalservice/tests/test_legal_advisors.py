"""法律顾问: the clerk registers advisors with the villages they serve; coverage is read per day.

Who may see what: A's people see A's advisors; the clerk of B sees none of them; only the clerk writes.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.core.services import record_update, record_void
from fazhi.legalservice.models import LegalAdvisor
from fazhi.legalservice.selectors import advisor_coverage
from fazhi.orgs.models import Organisation, OrgKind
from tests import factories as f

from .samples import make_advisor

SPEC_KEY = "legal-advisors"


def _form(cast, villages, **overrides):
    data = {
        "township": cast.a.pk,
        "name": "李明远",
        "law_firm": "青山正道律师事务所",
        "licence_number": "15001201910654321",
        "contract_start": "2025-01-01",
        "contract_end": "2025-12-31",
        "advisorvillage-TOTAL_FORMS": str(len(villages)),
        "advisorvillage-INITIAL_FORMS": "0",
        "advisorvillage-MIN_NUM_FORMS": "0",
        "advisorvillage-MAX_NUM_FORMS": "1000",
        **overrides,
    }
    for i, village in enumerate(villages):
        data[f"advisorvillage-{i}-village"] = village.pk
    return data


def test_it_lets_the_clerk_register_an_advisor_through_the_page(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{SPEC_KEY}/new/", _form(cast, [cast.a1, cast.a2]))
    assert response.status_code == 302
    advisor = LegalAdvisor.objects.get()
    assert advisor.number == "青山-顾问-2025-0001"
    assert {row.village for row in advisor.villages_served.all()} == {cast.a1, cast.a2}


def test_it_lets_the_clerk_register_an_advisor_through_the_api(client, cast):
    login(client, cast.clerk)
    payload = {
        "township": cast.a.pk,
        "name": "李明远",
        "law_firm": "青山正道律师事务所",
        "licence_number": "15001201910654321",
        "contract_start": "2025-01-01",
        "contract_end": "2025-12-31",
        "villages_served": [{"village": cast.a1.pk}],
    }
    response = client.post(f"/api/v1/{SPEC_KEY}/", data=payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("青山-顾问-")
    assert [row["village"] for row in body["villages_served"]] == [cast.a1.pk]


def test_it_hides_advisors_from_another_township(client, cast):
    advisor = make_advisor(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{SPEC_KEY}/{advisor.pk}/").status_code == 404
    assert client.get(f"/api/v1/{SPEC_KEY}/{advisor.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "reviewer", "advisor"])
def test_it_lets_readers_read_but_not_write(client, cast, who):
    advisor = make_advisor(cast)
    login(client, getattr(cast, who))
    assert client.get(f"/ledger/{SPEC_KEY}/{advisor.pk}/").status_code == 200
    assert client.get(f"/ledger/{SPEC_KEY}/{advisor.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{SPEC_KEY}/{advisor.pk}/void/").status_code == 403


def test_it_refuses_a_contract_that_ends_before_it_starts(cast):
    with pytest.raises(ValidationError) as exc:
        make_advisor(cast, contract_start=date(2025, 6, 1), contract_end=date(2025, 5, 31))
    assert exc.value.message_dict["contract_end"] == ["合同结束日期不能早于合同开始日期"]


def test_it_refuses_a_village_of_another_township_on_the_page(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{SPEC_KEY}/new/", _form(cast, [cast.a1, cast.b1]))
    assert response.status_code == 200
    # A village outside the clerk's township is not even offered: the choice is refused.
    assert "选择一个有效的选项" in response.content.decode()
    assert "清河村" not in response.content.decode()
    assert not LegalAdvisor.objects.exists()


def test_it_refuses_a_village_of_another_township_through_the_api(client, cast):
    login(client, cast.clerk)
    payload = {
        "township": cast.a.pk,
        "name": "李明远",
        "law_firm": "青山正道律师事务所",
        "licence_number": "15001201910654321",
        "contract_start": "2025-01-01",
        "contract_end": "2025-12-31",
        "villages_served": [{"village": cast.b1.pk}],
    }
    response = client.post(f"/api/v1/{SPEC_KEY}/", data=payload, content_type="application/json")
    assert response.status_code == 422
    assert "选择一个有效的选项" in str(response.json()["errors"]["villages_served[0].village"])
    assert not LegalAdvisor.objects.exists()


def test_it_refuses_a_village_listed_twice(cast):
    advisor = make_advisor(cast)
    with pytest.raises(ValidationError) as exc:
        record_update(
            spec=advisor.ledger_spec,
            record=advisor,
            user=cast.clerk,
            data={},
            children={"advisorvillage": [{"village": cast.a2}, {"village": cast.a2}]},
            expected_version=advisor.version,
        )
    assert "服务村居“红星村”重复填写" in str(exc.value)


def test_it_measures_coverage_on_a_day(cast):
    make_advisor(cast, contract_start=date(2025, 1, 1), contract_end=date(2025, 6, 30))
    covered, villages = advisor_coverage(cast.a, date(2025, 3, 1))
    assert covered == {cast.a1.pk}
    assert villages == {cast.a1.pk, cast.a2.pk}
    covered, _ = advisor_coverage(cast.a, date(2025, 7, 1))
    assert covered == set()


def test_it_leaves_voided_advisors_and_other_townships_out_of_coverage(cast):
    advisor = make_advisor(cast)
    record_void(spec=advisor.ledger_spec, record=advisor, user=cast.clerk, reason="录入错误")
    assert advisor_coverage(cast.a, date(2025, 3, 1)) == (set(), {cast.a1.pk, cast.a2.pk})
    assert advisor_coverage(cast.b, date(2025, 3, 1)) == (set(), {cast.b1.pk})


def test_it_counts_only_villages_current_that_day(cast):
    merged = f.village(cast.a, "旧村")
    Organisation.objects.filter(pk=merged.pk).update(valid_to=date(2024, 12, 31))
    make_advisor(cast)
    covered, villages = advisor_coverage(cast.a, date(2025, 3, 1))
    assert merged.pk not in villages
    assert Organisation.objects.filter(kind=OrgKind.VILLAGE, township=cast.a).count() == 3
    assert covered == {cast.a1.pk}
