"""One valid record per 普法 ledger, made through the services as the clerk of township A."""

from datetime import date
from decimal import Decimal

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.publicity.choices import ActivityForm, StudyKind, TitleLevel, VolunteerRole
from fazhi.publicity.models import (
    LawExam,
    LegalVolunteer,
    ModelVillage,
    PublicityActivity,
    PublicityFund,
    StudyPlan,
    StudySession,
)


def qijin(township, code="xuexiao"):
    return Category.objects.get(list_key="qijin", district_id=township.district_id, township=None, code=code)


def make_activity(cast, **extra):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "held_on": date(2025, 4, 15),
        "title": "民法典进校园",
        "qijin": qijin(cast.a),
        "form": ActivityForm.LECTURE,
        "audience_unit": "青山镇中心小学",
        "audience_count": 320,
        "books": 50,
        "materials": 300,
        "households": 0,
        "consultations": 6,
        "organiser": "镇司法所",
        **extra,
    }
    return record_create(spec=PublicityActivity.ledger_spec, user=cast.clerk, data=data)


def make_plan(cast, items=(("3", "宪法"), ("6", "民法典")), **extra):
    data = {
        "township": cast.a,
        "year": 2025,
        "title": "2025年度学法计划",
        "issued_on": date(2025, 1, 10),
        **extra,
    }
    children = {"studyplanitem": [{"month": int(m), "topic": t} for m, t in items]}
    return record_create(spec=StudyPlan.ledger_spec, user=cast.clerk, data=data, children=children)


def make_session(cast, attendees=(), **extra):
    data = {
        "township": cast.a,
        "held_on": date(2025, 3, 20),
        "kind": StudyKind.CENTRAL_GROUP,
        "topic": "学习《中华人民共和国宪法》",
        "participants": 15,
        **extra,
    }
    children = {"studyattendee": [{"name": n, "post": p} for n, p in attendees]}
    return record_create(spec=StudySession.ledger_spec, user=cast.clerk, data=data, children=children)


def make_exam(cast, **extra):
    data = {
        "township": cast.a,
        "name": "2025年度法治理论知识考试",
        "exam_on": date(2025, 10, 18),
        "required_count": 62,
        "sat_count": 60,
        "passed_count": 59,
        **extra,
    }
    return record_create(spec=LawExam.ledger_spec, user=cast.clerk, data=data)


def make_volunteer(cast, **extra):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "name": "张明华",
        "role": VolunteerRole.LEGAL_LITERATE,
        "trained_on": date(2025, 5, 8),
        "phone": "13812345678",
        **extra,
    }
    return record_create(spec=LegalVolunteer.ledger_spec, user=cast.clerk, data=data)


def make_fund(cast, **extra):
    data = {
        "township": cast.a,
        "year": 2025,
        "allocated_on": date(2025, 2, 20),
        "amount": Decimal("5.00"),
        "purpose": "普法宣传资料印制及法治文化阵地维护",
        **extra,
    }
    return record_create(spec=PublicityFund.ledger_spec, user=cast.clerk, data=data)


def make_model_village(cast, **extra):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "level": TitleLevel.DISTRICT,
        "awarded_on": date(2021, 12, 1),
        "document": "云岭区司法局〔2021〕12号",
        **extra,
    }
    return record_create(spec=ModelVillage.ledger_spec, user=cast.clerk, data=data)


SAMPLES = {
    "publicity-activities": make_activity,
    "study-sessions": make_session,
    "law-exams": make_exam,
    "study-plans": make_plan,
    "legal-volunteers": make_volunteer,
    "publicity-funds": make_fund,
    "model-villages": make_model_village,
}
