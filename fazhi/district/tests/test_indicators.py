"""Indicator self-assessment: editions loaded as data (refused whole when wrong), evidence figures
equal to the registry's for the district, self-scores within the indicator's full score, gaps, export."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from conftest import login
from fazhi.district import indicators
from fazhi.district.models import IndicatorSystem, SelfAssessment
from fazhi.metrics.registry import Period, compute
from tests import factories as f

EDITION = {
    "name": "测试指标体系",
    "edition": "测试版",
    "indicators": [
        {
            "area": "化解",
            "code": "1",
            "name": "化解率高",
            "max_score": 5,
            "metrics": ["disputes.resolution_rate"],
        },
        {"area": "化解", "code": "2", "name": "受理及时", "max_score": 3, "metrics": ["disputes.accepted"]},
    ],
}


@pytest.fixture
def system(cast):
    f.DisputeFactory(township=cast.a, village=cast.a1, received_on=date(2025, 3, 1))
    f.DisputeFactory(township=cast.b, village=cast.b1, received_on=date(2025, 4, 1))
    return indicators.indicator_system_load(data=EDITION, user=cast.sysadmin)


def test_the_default_edition_loads_and_names_only_registered_metrics(db):
    system = indicators.load_default()
    assert system.indicators.count() >= 10
    assert indicators.load_default() == system  # loading twice keeps one edition


@pytest.mark.parametrize(
    "change, message",
    [
        ({"metrics": ["no.such.metric"]}, "没有统计口径"),
        ({"code": "2"}, "重复"),
        ({"max_score": "很多"}, "分值应为数字"),
        ({"name": ""}, "都要填写"),
    ],
)
def test_a_wrong_edition_is_refused_whole(db, change, message):
    data = json.loads(json.dumps(EDITION))
    data["edition"] = "另一版"
    data["indicators"][0].update(change)
    with pytest.raises(ValidationError) as exc:
        indicators.indicator_system_load(data=data)
    assert message in "".join(exc.value.messages)
    assert not IndicatorSystem.objects.filter(edition="另一版").exists()


def test_evidence_equals_the_registry_and_gaps_are_listed(cast, system):
    one, two = system.indicators.all()
    indicators.self_assessment_save(
        district=cast.district, indicator=one, year=2025, user=cast.reviewer, score="4", notes="", evidence=""
    )
    with pytest.raises(ValidationError):
        indicators.self_assessment_save(
            district=cast.district,
            indicator=two,
            year=2025,
            user=cast.reviewer,
            score="9",
            notes="",
            evidence="",
        )
    rows = indicators.assessment_rows(system, cast.district, 2025)
    expected = compute(["disputes.accepted"], cast.district, Period.year(2025))["disputes.accepted"]
    assert rows[1].evidence[0].value == expected.value == 2
    assert [r.gap for r in rows] == ["扣1.0分", "未自评"]


def test_the_reviewer_scores_and_exports_and_others_cannot(client, cast, system):
    one = system.indicators.first()
    login(client, cast.reviewer)
    page = client.get("/district/indicators/?year=2025")
    assert page.status_code == 200 and "化解率高" in page.content.decode()
    client.post(
        "/district/indicators/", {"indicator": one.pk, "year": 2025, "score": "5", "notes": "全部化解"}
    )
    assert SelfAssessment.objects.get(indicator=one, year=2025).notes == "全部化解"
    ws = load_workbook(BytesIO(client.get("/district/indicators/?year=2025&format=xlsx").content)).active
    assert [c.value for c in ws[3]][:5] == ["化解", "1", "化解率高", 5.0, 5.0]
    for user in (cast.leader, cast.clerk, cast.sysadmin):
        login(client, user)
        assert client.get("/district/indicators/").status_code == 404
    login(client, cast.outsider_reviewer)
    client.post("/district/indicators/", {"indicator": one.pk, "year": 2025, "score": "1"})
    assert SelfAssessment.objects.get(indicator=one, year=2025, district=cast.district).score == 5


def test_the_sysadmin_loads_an_edition_from_a_file(client, cast):
    login(client, cast.sysadmin)
    data = json.dumps(EDITION, ensure_ascii=False).encode()
    client.post("/district/indicators/load/", {"file": SimpleUploadedFile("e.json", data)})
    assert IndicatorSystem.objects.get(edition="测试版").indicators.count() == 2
    response = client.post(
        "/district/indicators/load/", {"file": SimpleUploadedFile("e.json", b"{")}, follow=True
    )
    assert "不是有效的JSON" in response.content.decode()
    login(client, cast.reviewer)
    assert client.get("/district/indicators/load/").status_code == 403


def test_an_indicator_is_edited_with_history_and_the_edition_still_loads(cast, system):
    one, two = system.indicators.all()
    indicators.self_assessment_save(
        district=cast.district, indicator=one, year=2025, user=cast.reviewer, score="4", notes="", evidence=""
    )
    changed = indicators.indicator_update(
        indicator=one,
        user=cast.sysadmin,
        data={
            "area": "化解",
            "name": "矛盾纠纷化解率高",
            "scoring": "达到90%得满分",
            "max_score": "6",
            "metric_ids": ["disputes.resolution_rate", "disputes.accepted"],
        },
        reason="依据评估细则调整",
    )
    assert changed == ["指标", "评分说明", "分值", "佐证统计口径"]
    one.refresh_from_db()
    assert (one.name, one.max_score, one.metric_ids) == (
        "矛盾纠纷化解率高",
        6,
        ["disputes.resolution_rate", "disputes.accepted"],
    )
    # The evidence follows the edited links; the score given before stays valid under the new full score.
    rows = indicators.assessment_rows(system, cast.district, 2025)
    assert [v.metric.id for v in rows[0].evidence] == ["disputes.resolution_rate", "disputes.accepted"]
    assert rows[0].gap == "扣2.0分"
    history = indicators.indicator_history(one)
    assert [h.reason for h in history] == ["依据评估细则调整", "载入"]
    assert ("指标", "化解率高", "矛盾纠纷化解率高") in history[0].fields
    assert ("分值", "5.0", "6.0") in history[0].fields
    assert history[0].who == str(cast.sysadmin)
    # Saving the same values again writes nothing.
    same = {f: getattr(one, f) for f in indicators.EDITABLE}
    assert indicators.indicator_update(indicator=one, user=cast.sysadmin, data=same) == []
    assert one.history.count() == 2
    # Another edition still loads beside the edited one, and the default edition too.
    other = json.loads(json.dumps(EDITION))
    other["edition"] = "第二版"
    assert indicators.indicator_system_load(data=other).indicators.get(code="1").name == "化解率高"
    assert indicators.load_default().indicators.count() >= 10


@pytest.mark.parametrize(
    "change, message",
    [
        ({"max_score": "3"}, "已有自评分4.0分（2025年）高于新的分值3分"),
        ({"metric_ids": ["no.such.metric"]}, "没有统计口径“no.such.metric”"),
        ({"name": " "}, "都要填写"),
        ({"max_score": "很多"}, "分值应为数字"),
    ],
)
def test_a_wrong_edit_changes_nothing(cast, system, change, message):
    one = system.indicators.first()
    indicators.self_assessment_save(
        district=cast.district, indicator=one, year=2025, user=cast.reviewer, score="4", notes="", evidence=""
    )
    data = {f: getattr(one, f) for f in indicators.EDITABLE} | change
    with pytest.raises(ValidationError) as exc:
        indicators.indicator_update(indicator=one, user=cast.sysadmin, data=data)
    assert message in "".join(exc.value.messages)
    one.refresh_from_db()
    assert (one.name, one.max_score, one.metric_ids) == ("化解率高", 5, ["disputes.resolution_rate"])
    assert one.history.count() == 1


def test_only_the_sysadmin_edits_an_indicator_through_the_page(client, cast, system):
    one = system.indicators.first()
    form = {
        "area": "化解",
        "name": "化解率高",
        "scoring": "",
        "max_score": "5.5",
        "metric_text": "disputes.resolution_rate\ndisputes.accepted",
        "reason": "补充佐证",
    }
    for user in (cast.reviewer, cast.leader, cast.clerk):
        login(client, user)
        assert client.post(f"/district/indicators/{one.pk}/edit/", form).status_code == 403
    one.refresh_from_db()
    assert one.max_score == 5
    login(client, cast.sysadmin)
    listing = client.get(f"/district/indicators/load/?system={system.pk}").content.decode()
    assert f"/district/indicators/{one.pk}/edit/" in listing
    page = client.post(f"/district/indicators/{one.pk}/edit/", form, follow=True).content.decode()
    assert "已修改1：分值、佐证统计口径" in page and "补充佐证" in page and "5.0 → 5.5" in page
    one.refresh_from_db()
    assert one.metric_ids == ["disputes.resolution_rate", "disputes.accepted"]
    bad = client.post(f"/district/indicators/{one.pk}/edit/", form | {"metric_text": "nope"}, follow=True)
    assert "没有统计口径“nope”" in bad.content.decode()
    one.refresh_from_db()
    assert one.metric_ids == ["disputes.resolution_rate", "disputes.accepted"]
