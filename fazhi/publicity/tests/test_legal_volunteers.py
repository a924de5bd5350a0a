from .routes import api_create, api_errors, assert_scoped, page_create, page_errors
from .samples import make_volunteer

KEY = "legal-volunteers"


def _form(cast, **extra):
    return {
        "township": cast.a.pk,
        "village": cast.a1.pk,
        "name": "陈秀兰",
        "role": "legal_literate",
        "trained_on": "2025-05-08",
        "phone": "139 1234 5678",
        **extra,
    }


def test_it_creates_through_the_page(client, cast):
    volunteer = page_create(client, cast, KEY, _form(cast))
    assert volunteer.phone == "13912345678"
    assert volunteer.number == "青山-明白人-2025-0001"


def test_it_creates_through_the_api_and_masks(client, cast):
    body = api_create(
        client, cast, KEY, {**_form(cast), "role": "propagandist", "trained_on": None, "phone": ""}
    )
    assert body["name"] == "陈**"
    assert body["role"] == "propagandist"


def test_it_masks_on_the_page(client, cast):
    volunteer = make_volunteer(cast)
    response = client.get(f"/ledger/{KEY}/{volunteer.pk}/")
    assert "13812345678" not in response.content.decode()


def test_it_is_scoped(client, cast):
    assert_scoped(client, cast, KEY, make_volunteer(cast))


def test_the_village_is_required(client, cast):
    assert page_errors(client, cast, KEY, _form(cast, village=""))["village"] == ["请选择所在村/社区"]


def test_a_bad_phone_is_refused(client, cast):
    errors = api_errors(client, cast, KEY, {**_form(cast), "phone": "12345"})
    assert errors["phone"] == ["电话号码格式不正确：应为11位手机号或带区号的固定电话"]


def test_the_village_cadre_sees_its_village_roster(client, cast):
    from conftest import login

    volunteer = make_volunteer(cast)
    other = make_volunteer(cast, village=cast.a2, name="周大勇")
    login(client, cast.cadre)
    assert client.get(f"/ledger/{KEY}/{volunteer.pk}/").status_code == 200
    assert client.get(f"/ledger/{KEY}/{other.pk}/").status_code == 404
