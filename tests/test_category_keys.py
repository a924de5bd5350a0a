"""Categories with stable meaning: a district starts with the default lists however it is created, and
an entry a district adds counts as a default entry (进校园 as 进学校) or, said explicitly, as 其他."""

from datetime import date

from conftest import login
from fazhi.core.categories import LISTS
from fazhi.core.models import Category
from fazhi.metrics.registry import Period, compute
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.services import organisation_create, organisation_save
from fazhi.publicity.tests.samples import make_activity
from fazhi.reports import drafting


def _lists(district) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for c in Category.objects.filter(district=district).order_by("sort_order"):
        out.setdefault(c.list_key, []).append((c.code, c.key))
    return out


def _expected() -> dict[str, list[tuple[str, str]]]:
    return {key: [(code, code) for code, _ in lst.defaults] for key, lst in LISTS.items() if lst.defaults}


def test_a_district_created_in_code_starts_with_every_default_list(db):
    district = organisation_create(kind=OrgKind.DISTRICT, name="新设区", short_name="新设", code="X900")
    assert _lists(district) == _expected()
    # A township is no district: it gets no lists of its own.
    town = organisation_create(kind=OrgKind.TOWNSHIP, name="新设镇", code="X901", parent=district)
    assert not Category.objects.filter(district=town).exists()
    # Saving the district again (a changed name) adds nothing.
    district.name = "新设新区"
    organisation_save(district)
    assert _lists(district) == _expected()


def test_the_demo_and_the_factories_create_districts_through_the_service(db):
    from fazhi.demo.builder import DISTRICT_CODE, build_orgs
    from tests.factories import district

    build_orgs()
    assert _lists(Organisation.objects.get(code=DISTRICT_CODE)) == _expected()
    assert _lists(district("东岭区")) == _expected()


def test_no_post_save_receiver_carries_business_logic():
    # Creating an organisation has consequences only through organisation_save's callbacks: no
    # receiver of Organisation's post_save is left to run them behind the service's back.
    from django.db.models.signals import post_save

    assert not post_save.has_listeners(Organisation)


def test_a_district_created_on_the_organisation_pages_starts_with_every_default_list(cast, client):
    login(client, cast.sysadmin)
    response = client.post(
        "/admin/orgs/new/",
        {
            "kind": OrgKind.DISTRICT,
            "name": "东岭区",
            "short_name": "东岭",
            "code": "X910",
            "sort_order": 0,
            "valid_from": "2000-01-01",
        },
    )
    assert response.status_code == 302
    assert _lists(Organisation.objects.get(code="X910")) == _expected()


def _add(client, label, key=None):
    data = {"label": label} if key is None else {"label": label, "key": key}
    return client.post("/categories/qijin/add/", data, follow=True)


def test_an_added_entry_must_say_which_default_it_counts_as(cast, client):
    login(client, cast.sysadmin)
    html = client.get("/categories/").content.decode()
    assert "计入“进学校”" in html and "其他（不计入任何默认类别）" in html
    before = Category.objects.count()
    for key in (None, "", "d1-1", "nonsense"):
        response = _add(client, "进校园", key)
        assert "请选择该类别对应的默认类别，或选“其他”" in response.content.decode()
    assert Category.objects.count() == before
    _add(client, "进校园", "xuexiao")
    _add(client, "进寺庙", "other")
    assert Category.objects.get(label="进校园").key == "xuexiao"
    assert Category.objects.get(label="进寺庙").key == "other"
    html = client.get("/categories/").content.decode()
    assert "计入“进学校”" in html and "计入“其他”" in html


def test_an_entry_mapped_to_a_default_is_counted_by_the_metric_and_stated_in_the_draft(cast, client):
    # The district stops the default 进学校 and adds its own 进校园, counted as 进学校.
    Category.objects.filter(district=cast.district, list_key="qijin", code="xuexiao").update(active=False)
    login(client, cast.sysadmin)
    _add(client, "进校园", "xuexiao")
    _add(client, "进寺庙", "other")
    campus = Category.objects.get(label="进校园")
    temple = Category.objects.get(label="进寺庙")
    for day in (3, 4):
        make_activity(cast, qijin=campus, held_on=date(2025, 5, day), audience_count=40)
    make_activity(cast, qijin=temple, held_on=date(2025, 6, 1), audience_count=40)
    values = compute(
        ["publicity.activities", "publicity.activities.xuexiao", "publicity.activities.qiye"],
        cast.a,
        Period.year(2025),
    )
    assert values["publicity.activities"].value == 3  # 其他 counts in the total only
    assert values["publicity.activities.xuexiao"].value == 2
    assert not values["publicity.activities.qiye"].value
    body = drafting.build_body(cast.a, 2025)
    text = "".join(p["text"] for s in body["sections"] for p in s["paragraphs"])
    shown = drafting.plain(drafting.segments(text, body["figures"]))
    assert "开展普法活动3场，其中进学校2场" in shown
    assert not any("进学校" in w for w in body["warnings"])
