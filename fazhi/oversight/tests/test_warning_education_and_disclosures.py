"""警示教育 and 政务公开: plain registers; their rules are the counts and dates."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.models import Category

from .samples import make_disclosure, make_warning_education


def test_it_requires_participants(cast):
    with pytest.raises(ValidationError) as exc:
        make_warning_education(cast, participants=0)
    assert exc.value.message_dict["participants"] == ["参加人次至少为1"]


def test_it_refuses_warning_education_in_the_future(cast):
    with pytest.raises(ValidationError) as exc:
        make_warning_education(cast, held_on=date(2999, 1, 1))
    assert exc.value.message_dict["held_on"] == ["日期不能晚于今天"]


def test_it_refuses_a_disclosure_in_the_future(cast):
    with pytest.raises(ValidationError) as exc:
        make_disclosure(cast, published_on=date(2999, 1, 1))
    assert exc.value.message_dict["published_on"] == ["日期不能晚于今天"]


def test_it_offers_the_district_list_of_disclosure_kinds(cast):
    labels = list(Category.objects.for_township("disclosure_kind", cast.a).values_list("label", flat=True))
    assert labels[:3] == ["政策文件", "财政预决算", "重大行政决策"]
    assert make_disclosure(cast).kind.label == "财政预决算"
