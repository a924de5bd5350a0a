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
