"""整改事项: received with a due date, completed by the 完成整改 step; open past the due date is overdue."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.core.services import record_void
from fazhi.oversight.choices import RectificationStatus
from fazhi.oversight.models import Rectification

from .samples import make_rectification


def _complete(cast, item, done_on, user=None):
    return Rectification.ledger_spec.step("complete")(
        record=item, user=user or cast.clerk, data={"done_on": done_on}, expected_version=item.version
    )


def test_it_refuses_a_due_date_before_receipt(cast):
    with pytest.raises(ValidationError) as exc:
        make_rectification(cast, due_on=date(2025, 4, 1))
    assert exc.value.message_dict["due_on"] == ["整改期限不能早于交办日期"]


def test_it_completes_on_time(cast):
    item = _complete(cast, make_rectification(cast), date(2025, 7, 10))
    assert item.status == RectificationStatus.DONE
    assert item.on_time is True


def test_it_completes_late(cast):
    item = _complete(cast, make_rectification(cast), date(2025, 7, 11))
    assert item.on_time is False


def test_it_requires_the_done_date(cast):
    item = make_rectification(cast)
    with pytest.raises(ValidationError) as exc:
        Rectification.ledger_spec.step("complete")(
            record=item, user=cast.clerk, data={}, expected_version=item.version
        )
    assert exc.value.message_dict["done_on"] == ["请填写完成日期"]


def test_it_refuses_a_done_date_before_receipt(cast):
    with pytest.raises(ValidationError) as exc:
        _complete(cast, make_rectification(cast), date(2025, 4, 1))
    assert exc.value.message_dict["done_on"] == ["完成日期不能早于交办日期"]


def test_it_refuses_completing_twice(cast):
    item = _complete(cast, make_rectification(cast), date(2025, 7, 1))
    with pytest.raises(ValidationError) as exc:
        _complete(cast, item, date(2025, 7, 2))
    assert exc.value.messages == ["当前状态为“已完成”，不能执行“完成整改”"]


def test_it_completes_through_the_page(client, cast):
    item = make_rectification(cast)
    login(client, cast.clerk)
    response = client.post(
        f"/ledger/rectifications/{item.pk}/do/complete/",
        {"version": item.version, "done_on": "2025-06-30", "measures": "已补充公开。"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.on_time, item.measures) == (RectificationStatus.DONE, True, "已补充公开。")


def test_it_completes_through_the_api(client, cast):
    item = make_rectification(cast)
    login(client, cast.clerk)
    response = client.post(
        f"/api/v1/rectifications/{item.pk}/actions/complete/",
        data={"version": item.version, "done_on": "2025-08-01"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    assert response.json()["on_time"] is False


def test_it_refuses_completion_by_a_reader(client, cast):
    item = make_rectification(cast)
    login(client, cast.leader)
    response = client.post(
        f"/api/v1/rectifications/{item.pk}/actions/complete/",
        data={"version": item.version, "done_on": "2025-06-30"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_it_lists_open_items_past_due_as_overdue(cast):
    late = make_rectification(cast, due_on=date(2025, 5, 1))
    make_rectification(cast, due_on=date(2025, 9, 1))
    done = _complete(cast, make_rectification(cast, due_on=date(2025, 5, 1)), date(2025, 6, 1))
    voided = make_rectification(cast, due_on=date(2025, 5, 1))
    record_void(spec=voided.ledger_spec, record=voided, user=cast.clerk, reason="重复登记")
    assert list(Rectification.objects.overdue(date(2025, 6, 1))) == [late]
    assert list(Rectification.objects.overdue(date(2025, 5, 1))) == []
    assert late.is_overdue(date(2025, 6, 1)) and not done.is_overdue(date(2025, 6, 1))
