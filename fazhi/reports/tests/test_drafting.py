"""The first draft from the records: figures equal independent counts, display styles, omitted sentences,
wording at 100%, part 三 from the data, 刷新数据 and hand-typed figures."""

import re
from datetime import date

import pytest
from django.db.models import Sum

from fazhi.core.services import record_void
from fazhi.decisions.models import LegalityReview
from fazhi.disputes.choices import DisputeStatus
from fazhi.disputes.models import Dispute
from fazhi.metrics.registry import registry
from fazhi.oversight.models import Hearing, LitigationCase, Rectification, WarningEducation
from fazhi.petitions.models import Petition
from fazhi.publicity.choices import ActivityForm
from fazhi.publicity.models import LawExam, PublicityActivity, StudySession
from fazhi.reports import blueprint, drafting, refreshing

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _independent(cast):
    """Counts written from the raw records, not through the registry."""
    a = cast.a
    acts = PublicityActivity.objects.filter(township=a, voided=False, held_on__year=YEAR)
    exams = LawExam.objects.filter(township=a, voided=False, exam_on__year=YEAR)
    disputes = Dispute.objects.filter(township=a, voided=False, received_on__year=YEAR)
    rects = Rectification.objects.filter(township=a, voided=False, received_on__year=YEAR)
    hearings = Hearing.objects.filter(case__township=a, case__voided=False, case__kind="litigation")

    def total(qs, field):
        return qs.aggregate(n=Sum(field))["n"] or 0

    return {
        "publicity.activities": acts.count(),
        "publicity.activities.xuexiao": acts.filter(qijin__code="xuexiao").count(),
        "publicity.activities.cunshe": acts.filter(qijin__code__in=["xiangcun", "shequ"]).count(),
        "publicity.audience": total(acts, "audience_count"),
        "publicity.books": total(acts, "books"),
        "publicity.materials": total(acts, "materials"),
        "publicity.onsite_consultations": total(acts, "consultations"),
        "study.central_group": StudySession.objects.filter(
            township=a, voided=False, held_on__year=YEAR, kind="central_group"
        ).count(),
        "study.participants": total(
            StudySession.objects.filter(township=a, voided=False, held_on__year=YEAR), "participants"
        ),
        "litigation.cases": LitigationCase.objects.filter(
            township=a, voided=False, received_on__year=YEAR, kind="litigation"
        ).count(),
        "exam.required": total(exams, "required_count"),
        "exam.sat": total(exams, "sat_count"),
        "exam.sit_rate": (total(exams, "sat_count"), total(exams, "required_count")),
        "exam.pass_rate": (total(exams, "passed_count"), total(exams, "sat_count")),
        "reviews.total": LegalityReview.objects.filter(
            township=a, voided=False, submitted_on__year=YEAR
        ).count(),
        "reviews.normative": LegalityReview.objects.filter(
            township=a, voided=False, submitted_on__year=YEAR, review_type="normative"
        ).count(),
        "petitions.received": Petition.objects.filter(
            township=a, voided=False, received_on__year=YEAR
        ).count(),
        "disputes.accepted": disputes.count(),
        "disputes.resolved": disputes.filter(status=DisputeStatus.RESOLVED).count(),
        "disputes.resolution_rate": (
            disputes.filter(status=DisputeStatus.RESOLVED).count(),
            disputes.count(),
        ),
        "warning.sessions": WarningEducation.objects.filter(
            township=a, voided=False, held_on__year=YEAR
        ).count(),
        "warning.participants": total(
            WarningEducation.objects.filter(township=a, voided=False, held_on__year=YEAR), "participants"
        ),
        "rectification.received": rects.count(),
        "rectification.done": rects.filter(done_on__isnull=False).count(),
        "rectification.overdue": rects.filter(due_on__lt=date(YEAR, 12, 31), done_on__isnull=True).count(),
        "litigation.hearings": hearings.count(),
        "litigation.head_appearance_rate": (hearings.filter(head_appeared=True).count(), hearings.count()),
        "legalservice.advisor_coverage": (1, 2),  # 青山村 served, 红星村 not
        "legalservice.advisor_villages": 1,
        "publicity.books_materials": total(acts, "books") + total(acts, "materials"),
        **{f"publicity.forms.{form}": acts.filter(form=form).count() for form in ActivityForm.values},
    }


def test_it_binds_only_metrics_that_exist():
    missing = [mid for mid in blueprint.bound_metric_ids() if mid not in registry]
    assert missing == [], f"模板引用了未登记的统计口径：{missing}"


def test_it_quotes_every_figure_as_counted_from_the_raw_records(cast, data):
    body = drafting.build_body(cast.a, YEAR)
    expected = _independent(cast)
    assert body["figures"], "the draft quotes figures"
    for fid, fig in body["figures"].items():
        assert fig["metric"] in expected, f"{fig['metric']} has no independent count in the test"
        want = expected[fig["metric"]]
        if isinstance(want, tuple):
            assert (fig["numerator"], fig["denominator"]) == want, fig
        else:
            assert int(fig["value"]) == want, fig
        assert "{" + fid + "}" in "".join(p["text"] for s in body["sections"] for p in s["paragraphs"])


def _text(body) -> str:
    blocks = drafting.layout(body, "leaders_second")
    return "\n".join(drafting.plain(b["segments"]) if b["kind"] == "p" else b["text"] for b in blocks)


def test_it_writes_display_styles_and_leaves_out_zero_denominators(cast, data):
    text = _text(drafting.build_body(cast.a, YEAR))
    assert "受众60余人次" in text  # 30 + 33 = 63, approximate
    assert "化解率95%" in text  # 59/62
    assert "参考率99.5%" in text  # 199/200 is not 100%
    assert "受理信访事项1件" in text
    assert "按期答复率" not in text.split("二、")[0]  # 0/0: the sentence is left out, never "0%"
    assert not re.search(r"(?<![\d.])0%", text)
    assert "其中进学校2场" in text and "进村社1场" in text


def test_it_says_all_at_exactly_100_percent(cast, data):
    text = _text(drafting.build_body(cast.a, YEAR))
    assert "参考人员全部通过考试" in text  # 199/199
    assert "行政机关负责人均出庭应诉" in text
    assert "出庭应诉率100%" not in text


def test_it_drops_a_zero_but_keeps_a_kept_zero(cast):
    body = drafting.build_body(cast.a, YEAR)
    text = _text(body)
    assert "人民调解" not in text.split("二、")[0]
    assert "整改事项0件" in text  # kept: worth saying
    assert "\n\n" not in text and "，，" not in text and "；；" not in text


def test_it_drafts_part_three_from_the_data(cast, data):
    body = drafting.build_body(cast.a, YEAR)
    part3 = next(s for s in body["sections"] if s["part"] == "shortcomings")
    text = drafting.plain(drafting.segments(part3["paragraphs"][0]["text"], body["figures"]))
    assert "红星村尚未配备法律顾问" in text
    assert f"{YEAR}年交办的整改事项尚有1件超过整改期限未完成" in text
    assert "执法" in text and "没有工作记录" in text  # no enforcement case this year
    assert text.count("一是") == 1 and "二是" in text


def test_it_orders_the_parts_as_the_township_chose(cast):
    body = drafting.build_body(cast.a, YEAR)
    second = [b["text"] for b in drafting.layout(body, "leaders_second") if b["kind"] == "h1"]
    third = [b["text"] for b in drafting.layout(body, "leaders_third") if b["kind"] == "h1"]
    assert second[1].startswith("二、") and "第一责任人" in second[1] and "不足" in second[2]
    assert "不足" in third[1] and "第一责任人" in third[2] and third[3].startswith("四、")


def test_it_reports_a_missing_metric_clearly(cast, monkeypatch):
    missing_clause = blueprint.C("开展某项工作{n}", n="nonexistent.metric")
    section = blueprint.MEASURES[1]
    para = section.paras[0]
    extended = para.__class__(para.key, para.lead, (*para.points, blueprint.Point("新增", (missing_clause,))))
    monkeypatch.setattr(
        blueprint,
        "MEASURES",
        (blueprint.MEASURES[0], section.__class__(section.key, section.heading, 2, "measures", (extended,))),
    )
    body = drafting.build_body(cast.a, YEAR)
    assert any("nonexistent.metric" in w and "尚未登记" in w for w in body["warnings"])
    assert "开展某项工作" not in _text(body)


def test_it_refreshes_untouched_figures_and_keeps_typed_ones(cast, data):
    body = drafting.build_body(cast.a, YEAR)
    fid = next(k for k, v in body["figures"].items() if v["metric"] == "publicity.activities")
    books = next(k for k, v in body["figures"].items() if v["metric"] == "publicity.books")
    body["figures"][books]["typed"] = "20册"
    for section in body["sections"]:
        for para in section["paragraphs"]:
            if "{" + books + "}" in para["text"]:
                para["edited"] = True
    record_void(
        spec=data.activities[0].ledger_spec, record=data.activities[0], user=cast.clerk, reason="错录"
    )
    new, changes = refreshing.refresh_body(body, cast.a)
    by_metric = {c["metric"]: c for c in changes}
    assert by_metric["publicity.books"]["before"] == "15册" and by_metric["publicity.books"]["after"] == "5册"
    assert "publicity.activities" not in by_metric or by_metric["publicity.activities"]["after"] == "2场"
    assert new["figures"][books]["typed"] == "20册" and new["figures"][books]["text"] == "5册"
    assert drafting.disagreements(new) == {books: "5册"}
    assert "其中法律书籍20册" in _text(new)
    assert fid not in new["figures"] or new["figures"][fid]["text"] == "2场"
