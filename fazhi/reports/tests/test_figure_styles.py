"""Each figure's display style is chosen in the editor with Chinese names: 确数 or 约数 for a count, a rate
stays a percent; no English style codes show on the page."""

import pytest

from conftest import login
from fazhi.reports import services

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _slot(version, metric):
    return next(fid for fid, fig in version.body["figures"].items() if fig["metric"] == metric)


def test_the_editor_names_the_styles_in_chinese(cast, client, data):
    services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    login(client, cast.clerk)
    page = client.get(f"/reports/{cast.a.pk}/{YEAR}/").content.decode()
    assert "约数（如“60余”）" in page and "确数" in page and "百分比" in page
    assert "exact·" not in page and "approx·" not in page


def test_a_count_can_be_stated_as_an_approximation_and_back(cast, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    v1 = services.latest_version(report)
    slot = _slot(v1, "publicity.audience")  # 63 人次, drafted as 60余人次
    assert v1.body["figures"][slot]["text"] == "60余人次"
    v2 = services.draft_save(
        report=report, user=cast.clerk, base_number=1, headings={}, texts={}, typed={}, styles={slot: "exact"}
    )
    assert v2.body["figures"][slot]["text"] == "63人次" and v2.body["figures"][slot]["style"] == "exact"
    para = next(p for s in v2.body["sections"] for p in s["paragraphs"] if "{" + slot + "}" in p["text"])
    assert para["edited"]  # 刷新数据 keeps the chosen style
    rate = _slot(v2, "disputes.resolution_rate")
    with pytest.raises(Exception, match="不能使用这种显示方式"):
        services.draft_save(
            report=report,
            user=cast.clerk,
            base_number=2,
            headings={},
            texts={},
            typed={},
            styles={rate: "approx"},
        )


def _para_text(version, slot) -> str:
    from fazhi.reports import drafting

    para = next(p for s in version.body["sections"] for p in s["paragraphs"] if "{" + slot + "}" in p["text"])
    return drafting.plain(drafting.segments(para["text"], version.body["figures"]))


def _save(report, base, styles):
    from fazhi.orgs.models import User

    clerk = User.objects.get(username="clerk")
    return services.draft_save(
        report=report, user=clerk, base_number=base, headings={}, texts={}, typed={}, styles=styles
    )


def test_the_township_setting_decides_which_units_default_to_approximations(cast, data):
    services.report_settings_update(township=cast.a, user=cast.clerk, data={"approx_units": "份、户"})
    version = services.latest_version(services.report_start(township=cast.a, year=YEAR, user=cast.clerk))
    figures = version.body["figures"]
    audience = figures[_slot(version, "publicity.audience")]  # 63 人次: 人次 not in the setting
    assert audience["style"] == "exact" and audience["text"] == "63人次"
    materials = figures[_slot(version, "publicity.books_materials")]  # 135 份
    assert materials["style"] == "approx" and materials["text"] == "130余份"


def test_without_the_setting_each_metric_keeps_its_default(cast, data):
    version = services.latest_version(services.report_start(township=cast.a, year=YEAR, user=cast.clerk))
    assert version.body["figures"][_slot(version, "publicity.audience")]["text"] == "60余人次"
    assert version.body["figures"][_slot(version, "study.participants")]["style"] == "approx"


def test_a_full_rate_is_said_in_words_or_as_a_percent_at_the_editors_choice(cast, client, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    v1 = services.latest_version(report)
    rate = _slot(v1, "litigation.head_appearance_rate")  # one hearing, the head present: 100%
    assert v1.body["figures"][rate]["style"] == "full"
    assert "行政机关负责人均出庭应诉" in _para_text(v1, rate)
    login(client, cast.clerk)
    page = client.get(f"/reports/{cast.a.pk}/{YEAR}/").content.decode()
    assert f'name="style-{rate}"' in page and "全部·均（不写100%）" in page and ">full<" not in page
    v2 = _save(report, 1, {rate: "percent"})
    assert "行政机关负责人出庭应诉率100%" in _para_text(v2, rate)
    assert "均出庭应诉" not in _para_text(v2, rate)
    _assert_the_check_agrees(report, v2, cast.a)
    v3 = _save(report, 2, {rate: "full"})
    assert "行政机关负责人均出庭应诉" in _para_text(v3, rate)
    _assert_the_check_agrees(report, v3, cast.a)


def test_advisor_coverage_can_name_the_villages_at_100_percent(cast, client, data):
    from datetime import date

    from fazhi.core.services import record_create
    from fazhi.legalservice.models import LegalAdvisor

    # A second advisor serves 红星村: both villages covered.
    record_create(
        spec=LegalAdvisor.ledger_spec,
        user=cast.clerk,
        data={
            "township": cast.a,
            "name": "林晓",
            "law_firm": "云岭明正律师事务所",
            "licence_number": "15001201810654321",
            "contract_start": date(2025, 1, 1),
            "contract_end": date(2025, 12, 31),
        },
        children={"advisorvillage": [{"village": cast.a2}]},
    )
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    v1 = services.latest_version(report)
    rate = _slot(v1, "legalservice.advisor_coverage")
    assert "实现村（社区）法律顾问全覆盖" in _para_text(v1, rate)
    login(client, cast.clerk)
    assert "覆盖率100%（写明个数）" in client.get(f"/reports/{cast.a.pk}/{YEAR}/").content.decode()
    v2 = _save(report, 1, {rate: "coverage"})
    assert "2个村（社区）均配置法律顾问，覆盖率100%" in _para_text(v2, rate)
    _assert_the_check_agrees(report, v2, cast.a)
    # A rate below 100% offers only the percent.
    with pytest.raises(Exception, match="不能使用这种显示方式"):
        _save(report, 2, {_slot(v2, "disputes.resolution_rate"): "full"})


def _assert_the_check_agrees(report, version, township):
    """The sentence a style writes is one fazhi's own check reads as agreeing with the records."""
    from fazhi.reportcheck import drafts
    from fazhi.reportcheck.analysis import analyse
    from fazhi.reportcheck.loader import report_from_string

    text = drafts.version_text(report, version)
    result = analyse(report_from_string(text), township=township, year=YEAR).to_json()
    assert [x for x in result["figures"] if not x["ok"]] == [], text
    assert [r for r in result["rates"] if r["ok"] is False] == [], text
