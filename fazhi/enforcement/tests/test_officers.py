"""执法人员: the clerk keeps the roster of certified officers; certificate numbers are unique."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.enforcement.models import Officer

from .samples import make_officer

KEY = "enforcement-officers"


def _payload(cast, **overrides):
    return {
        "township": cast.a.pk,
        "name": "张卫东",
        "cert_number": "云岭20230017",
        "issuing_body": "云岭区人民政府",
        "issued_on": "2023-03-01",
        "valid_until": "2028-02-28",
        **overrides,
    }


def test_it_lets_the_clerk_register_an_officer_through_the_page(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{KEY}/new/", _payload(cast))
    assert response.status_code == 302, response.content.decode()
    assert Officer.objects.get().number == "青山-执法证-2023-0001"


def test_it_lets_the_clerk_register_an_officer_through_the_api(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/api/v1/{KEY}/", data=_payload(cast), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"].startswith("青山-执法证-")


def test_it_hides_officers_from_another_township(client, cast):
    officer = make_officer(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{KEY}/{officer.pk}/").status_code == 404
    assert client.get(f"/api/v1/{KEY}/{officer.pk}/").status_code == 404


def test_it_refuses_edit_and_void_to_readers(client, cast):
    officer = make_officer(cast)
    login(client, cast.leader)
    assert client.get(f"/ledger/{KEY}/{officer.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{KEY}/{officer.pk}/void/").status_code == 403


def test_it_refuses_a_certificate_number_twice(client, cast):
    make_officer(cast, cert_number="云岭20230017")
    login(client, cast.clerk)
    response = client.post(f"/api/v1/{KEY}/", data=_payload(cast), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["cert_number"] == ["该执法证号已登记"]


def test_it_refuses_a_validity_ending_before_issue(cast):
    with pytest.raises(ValidationError) as exc:
        make_officer(cast, valid_until=date(2022, 1, 1))
    assert exc.value.message_dict["valid_until"] == ["有效期至不能早于发证日期"]
