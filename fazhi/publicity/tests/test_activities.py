from datetime import date, timedelta

import pytest

from fazhi.core.models import Category
from fazhi.core.services import record_void
from fazhi.publicity.models import PublicityActivity

from .routes import api_create, api_errors, assert_scoped, page_create, page_errors
from .samples import make_activity, qijin

KEY = "publicity-activities"


def _form(cast, **extra):
    return {
        "township": cast.a.pk,
        "village": cast.a1.pk,
        "held_on": "2025-04-15",
        "title": "宪法宣传周进社区",
        "qijin": qijin(cast.a, "shequ").pk,
        "form": "stall",
        "audience_unit": "青山社区",
        "audience_count": "120",
        "books": "30",
        "materials": "200",
        "households": "15",
        "consultations": "8",
        "organiser": "镇司法所",
        **extra,
    }


def test_it_creates_through_the_page(client, cast):
    record = page_create(client, cast, KEY, _form(cast))
    assert record.qijin.label == "进社区"
    assert (record.books, record.materials, record.households, record.consultations) == (30, 200, 15, 8)
    assert record.number == "青山-普法-2025-0001"


def test_it_creates_through_the_api(client, cast):
    body = api_create(client, cast, KEY, {**_form(cast), "audience_count": 120, "books": 30})
    assert body["qijin"] == qijin(cast.a, "shequ").pk
    assert body["village"] == cast.a1.pk


def test_it_is_scoped(client, cast):
    assert_scoped(client, cast, KEY, make_activity(cast))


@pytest.mark.parametrize("field", ["audience_count", "books", "materials", "households", "consultations"])
def test_it_refuses_negative_counts(client, cast, field):
    errors = page_errors(client, cast, KEY, _form(cast, **{field: "-1"}))
    assert errors[field] == ["确保该值大于或等于0。"]
    errors = api_errors(client, cast, KEY, {**_form(cast), field: -3})
    assert errors[field] == ["确保该值大于或等于0。"]


def test_it_refuses_a_future_date(client, cast):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert page_errors(client, cast, KEY, _form(cast, held_on=tomorrow))["held_on"] == ["日期不能晚于今天"]


def test_a_township_may_add_its_own_category(client, cast):
    own = Category.objects.create(
        list_key="qijin", district=cast.district, township=cast.a, code="xx", label="进景区"
    )
    record = page_create(client, cast, KEY, _form(cast, qijin=own.pk))
    assert record.qijin == own


def test_another_townships_category_is_refused(client, cast):
    theirs = Category.objects.create(
        list_key="qijin", district=cast.district, township=cast.b, code="yy", label="进码头"
    )
    assert "qijin" in page_errors(client, cast, KEY, _form(cast, qijin=theirs.pk))
    with pytest.raises(Exception, match="不适用于本乡镇"):
        make_activity(cast, qijin=theirs)


def test_the_seven_defaults_exist(cast):
    labels = list(Category.objects.for_township("qijin", cast.a).values_list("label", flat=True))
    assert labels == ["进机关", "进乡村", "进社区", "进学校", "进企业", "进单位", "进家庭", "进网络"]


def test_void_keeps_the_record(cast):
    record = make_activity(cast)
    record_void(spec=PublicityActivity.ledger_spec, record=record, user=cast.clerk, reason="重复登记")
    record.refresh_from_db()
    assert record.voided and PublicityActivity.objects.active().count() == 0
