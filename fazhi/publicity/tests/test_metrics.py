"""普法 figures equal counts written here from the raw records of demo-like data."""

from fazhi.metrics.tests.data import build, figures, in_year
from fazhi.publicity.choices import QIJIN
from fazhi.publicity.models import (
    LawExam,
    LegalVolunteer,
    ModelVillage,
    PublicityActivity,
    PublicityFund,
    StudySession,
)


def _active(model, township, date_field):
    return [
        r for r in model.objects.filter(township=township) if not r.voided and in_year(getattr(r, date_field))
    ]


def test_it_counts_publicity_figures_from_the_records(cast):
    build(cast, "publicity")
    acts = _active(PublicityActivity, cast.a, "held_on")
    study = _active(StudySession, cast.a, "held_on")
    exams = _active(LawExam, cast.a, "exam_on")
    expected = {
        "publicity.activities": len(acts),
        "publicity.books": sum(a.books for a in acts),
        "publicity.materials": sum(a.materials for a in acts),
        "publicity.books_materials": sum(a.books + a.materials for a in acts),
        "publicity.households": sum(a.households for a in acts),
        "publicity.onsite_consultations": sum(a.consultations for a in acts),
        "publicity.audience": sum(a.audience_count for a in acts),
        "publicity.activities.cunshe": sum(1 for a in acts if a.qijin.label in ("进乡村", "进社区")),
        "study.sessions": len(study),
        "study.central_group": sum(1 for s in study if s.get_kind_display() == "党委理论学习中心组学法"),
        "study.training": sum(1 for s in study if s.get_kind_display() == "法律知识培训"),
        "study.participants": sum(s.participants for s in study),
        # 人: the enrolment stated on the 法宣在线 record, never the 人次 of sessions.
        "study.online_enrolled": sum(s.enrolled for s in study if s.get_kind_display() == "法宣在线"),
        "exam.sit_rate": (sum(e.sat_count for e in exams), sum(e.required_count for e in exams)),
        "exam.pass_rate": (sum(e.passed_count for e in exams), sum(e.sat_count for e in exams)),
        "publicity.volunteers_trained": len(_active(LegalVolunteer, cast.a, "trained_on")),
        "publicity.funds": sum(f.amount for f in _active(PublicityFund, cast.a, "allocated_on")),
        "publicity.model_villages": len(_active(ModelVillage, cast.a, "awarded_on")),
    }
    for code, label in QIJIN:
        expected[f"publicity.activities.{code}"] = sum(1 for a in acts if a.qijin.label == label)
    got = figures(cast.a, ("publicity.", "study.", "exam."))
    assert {k: got[k] for k in expected} == expected
    assert expected["publicity.activities"] > 0 and expected["study.central_group"] > 0
    assert expected["study.online_enrolled"] < expected["study.participants"]
