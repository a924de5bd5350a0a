"""Category lists: set by the district's 系统管理员; a township adds its own only where allowed;
the district sees township additions; entries are deactivated, never deleted."""

from conftest import login
from fazhi.core.models import Category


def _add(client, list_key, label, township=None, key="other"):
    data = {"label": label, "key": key}
    if township is not None:
        data["township"] = township.pk
    return client.post(f"/categories/{list_key}/add/", data)


def test_it_lets_the_sysadmin_add_a_district_entry_that_forms_offer(cast, client):
    login(client, cast.sysadmin)
    assert _add(client, "dispute_type", "养殖污染").status_code == 302
    entry = Category.objects.get(label="养殖污染")
    assert entry.district == cast.district and entry.township is None
    login(client, cast.clerk)
    assert "养殖污染" in client.get("/ledger/disputes/new/").content.decode()


def test_it_lets_a_clerk_add_a_township_entry_where_allowed_and_the_district_sees_it(cast, client):
    login(client, cast.clerk)
    assert _add(client, "qijin", "进寺庙", township=cast.a).status_code == 302
    assert Category.objects.get(label="进寺庙").township == cast.a
    login(client, cast.reviewer)
    html = client.get("/categories/").content.decode()
    assert "进寺庙" in html and "青山镇自设" in html
    login(client, cast.clerk_b)
    assert "进寺庙" not in client.get("/ledger/publicity-activities/new/").content.decode()


def test_it_refuses_a_township_entry_where_the_list_does_not_allow_it(cast, client):
    login(client, cast.clerk)
    assert _add(client, "dispute_type", "乡镇自创", township=cast.a).status_code == 403
    assert _add(client, "dispute_type", "区级类别").status_code == 403
    assert not Category.objects.filter(label__in=["乡镇自创", "区级类别"]).exists()


def test_it_refuses_a_duplicate_label_with_a_chinese_message(cast, client):
    login(client, cast.sysadmin)
    before = Category.objects.count()
    response = _add(client, "dispute_type", "邻里")
    assert response.status_code == 302
    assert Category.objects.count() == before
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "“邻里”已在该列表中" in messages[0]


def test_it_deactivates_instead_of_deleting(cast, client):
    entry = Category.objects.get(list_key="dispute_type", district=cast.district, code="neighbour")
    login(client, cast.sysadmin)
    client.post(f"/categories/entry/{entry.pk}/", {"active": "0"})
    entry.refresh_from_db()
    assert not entry.active
    login(client, cast.clerk)
    assert ">邻里<" not in client.get("/ledger/disputes/new/").content.decode()


def test_it_hides_the_lists_from_the_auditor_and_other_districts(cast, client):
    login(client, cast.auditor)
    assert client.get("/categories/").status_code == 404
    foreign = Category.objects.filter(district=cast.other_district).first()
    login(client, cast.clerk)
    assert client.post(f"/categories/entry/{foreign.pk}/", {"active": "0"}).status_code == 404
