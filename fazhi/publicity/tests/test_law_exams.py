from .routes import api_create, api_errors, assert_scoped, page_create, page_errors
from .samples import make_exam

KEY = "law-exams"


def _form(cast, **extra):
    return {
        "township": cast.a.pk,
        "name": "2025年度法治理论知识考试",
        "exam_on": "2025-10-18",
        "organiser": "区委依法治区办",
        "required_count": "62",
        "sat_count": "60",
        "passed_count": "59",
        **extra,
    }


def test_it_creates_through_the_page(client, cast):
    exam = page_create(client, cast, KEY, _form(cast))
    assert (exam.required_count, exam.sat_count, exam.passed_count) == (62, 60, 59)
    assert exam.number == "青山-考试-2025-0001"


def test_it_creates_through_the_api(client, cast):
    body = api_create(
        client, cast, KEY, {**_form(cast), "required_count": 62, "sat_count": 62, "passed_count": 62}
    )
    assert body["passed_count"] == 62


def test_it_is_scoped(client, cast):
    assert_scoped(client, cast, KEY, make_exam(cast))


def test_no_more_sat_than_required(client, cast):
    assert page_errors(client, cast, KEY, _form(cast, sat_count="63"))["sat_count"] == [
        "参考人数不能多于应考人数"
    ]
    errors = api_errors(
        client, cast, KEY, {**_form(cast), "required_count": 10, "sat_count": 11, "passed_count": 1}
    )
    assert errors["sat_count"] == ["参考人数不能多于应考人数"]


def test_no_more_passed_than_sat(client, cast):
    errors = page_errors(client, cast, KEY, _form(cast, passed_count="61"))
    assert errors["passed_count"] == ["通过人数不能多于参考人数"]
    errors = api_errors(
        client, cast, KEY, {**_form(cast), "required_count": 10, "sat_count": 8, "passed_count": 9}
    )
    assert errors["passed_count"] == ["通过人数不能多于参考人数"]


def test_counts_are_never_negative(client, cast):
    assert page_errors(client, cast, KEY, _form(cast, passed_count="-1"))["passed_count"] == [
        "确保该值大于或等于0。"
    ]
