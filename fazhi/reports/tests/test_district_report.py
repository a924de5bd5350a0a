"""The district's own annual report: figures over every township plus the district's own records, its
wording, settings (part order, organs), outputs with the district's header, approval freezing the
figures, and who may open it (the district's 区级督查 only)."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count as CountAgg
from django.db.models import Sum
from django.urls import reverse
from docx import Document

from conftest import login
from fazhi.disputes.choices import DisputeStatus
from fazhi.metrics.registry import Count, Custom, Period, Ratio, Total, compute, registry
from fazhi.reports import drafting, outputs, services
from fazhi.reports.models import PartOrder, Report, ReportSettings
from tests import factories as f

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_records(cast, data):
    """Records filed by the district itself (township = the district) and more in township B."""
    own = [
        f.DisputeFactory(
            township=cast.district,
            dispute_type=f.dispute_type(cast.a),
            received_on=date(YEAR, 6, 1),
            status=DisputeStatus.RESOLVED,
            closed_on=date(YEAR, 6, 20),
        ),
        f.DisputeFactory(
            township=cast.district, dispute_type=f.dispute_type(cast.a), received_on=date(YEAR, 7, 1)
        ),
    ]
    f.DisputeFactory(township=cast.b, village=cast.b1, received_on=date(YEAR, 8, 1))
    # Another district's records never count.
    far = f.township(cast.other_district, "远山镇", "远山")
    f.DisputeFactory(township=far, received_on=date(YEAR, 8, 1))
    return own


def _start(cast):
    return services.report_start(township=cast.district, year=YEAR, user=cast.reviewer)


def _own_part(metric, district, period):
    """The district's own records' share of a countable metric, counted here without the registry."""
    qs = metric.spec.model.objects.filter(township_id=district.pk, voided=False).filter(
        metric.condition(period)
    )
    if metric.sum_field:
        return qs.aggregate(n=Sum(metric.sum_field))["n"] or 0
    if metric.counts != "pk":
        return qs.aggregate(n=CountAgg(metric.counts, distinct=True))["n"] or 0
    return qs.count()


def _expected(metric_id, cast, period):
    """A figure as the sum over the district's townships plus the district's own records."""
    metric = registry.get(metric_id, YEAR)
    if isinstance(metric, Ratio):
        return _expected(metric.numerator, cast, period), _expected(metric.denominator, cast, period)
    if isinstance(metric, Total):
        return sum(_expected(p, cast, period) for p in metric.parts)
    values = [compute([metric_id], t, period)[metric_id] for t in (cast.a, cast.b)]
    if isinstance(metric, Custom):
        # e.g. villages covered by an advisor: villages belong to townships
        if values[0].denominator is not None:
            return sum(v.numerator or 0 for v in values), sum(v.denominator or 0 for v in values)
        return sum(v.value or 0 for v in values)
    per_township = sum(v.value or 0 for v in values)
    assert isinstance(metric, Count)
    return per_township + _own_part(metric, cast.district, period)


def test_its_figures_are_the_townships_plus_the_district_records(cast, data, district_records):
    report = _start(cast)
    body = services.latest_version(report).body
    period = Period.year(YEAR)
    assert body["figures"], "the district draft binds figures"
    checked = set()
    for fig in body["figures"].values():
        expected = _expected(fig["metric"], cast, period)
        if isinstance(expected, tuple):
            assert (fig["numerator"], fig["denominator"]) == expected, fig
        else:
            assert fig["value"] == expected, fig
        checked.add(fig["metric"])
    # 62 in A + 1 in B (fixture) + 1 in B here + 2 of the district's own: 66 accepted, 60 resolved.
    accepted = next(x for x in body["figures"].values() if x["metric"] == "disputes.accepted")
    assert accepted["value"] == 66
    assert {"disputes.accepted", "disputes.resolution_rate"} <= checked


def test_it_speaks_as_a_district_of_its_townships(cast, data):
    report = _start(cast)
    text = outputs.to_text(
        outputs.document_for(report, services.latest_version(report), services.settings_for(cast.district))
    )
    assert "全区2个镇" in text and "各镇" in text and "我区" in text
    assert "我镇" not in text and "全镇" not in text and "乡党委" not in text
    assert "认真落实市委、市政府" in text


def test_it_orders_the_parts_by_the_district_setting(cast, data):
    report = _start(cast)
    body = services.latest_version(report).body
    settings = services.settings_for(cast.district)
    assert settings.part_order == PartOrder.LEADERS_FIRST
    heads = [b["text"] for b in drafting.layout(body, settings.part_order) if b["kind"] == "h1"]
    assert heads[0].startswith("一、") and "第一责任人" in heads[0]
    assert "主要举措" in heads[1] and "不足" in heads[2] and "主要安排" in heads[3]
    services.report_settings_update(
        township=cast.district, user=cast.reviewer, data={"part_order": PartOrder.LEADERS_THIRD}
    )
    order = ReportSettings.objects.get(township=cast.district).part_order
    heads = [b["text"] for b in drafting.layout(body, order) if b["kind"] == "h1"]
    assert "主要举措" in heads[0] and "不足" in heads[1] and "第一责任人" in heads[2]


def test_its_outputs_carry_the_district_header(cast, data):
    report = _start(cast)
    version = services.version_approve(
        version=services.latest_version(report),
        user=cast.reviewer,
        dated_on=date(YEAR + 1, 2, 10),
        signer="王明",
    )
    document = outputs.document_for(report, version, services.settings_for(cast.district))
    assert document.organs == ["中共云岭区委", "云岭区人民政府"]
    text = outputs.to_text(document)
    assert "市委、市政府：" in text and "抄送：市委依法治市办" in text
    assert "云岭区委〔2026〕1号" in text and "签发人：王明" in text and "2026年2月10日" in text
    assert "关于2025年度法治政府建设情况的报告" in text
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(outputs.to_docx(document))).paragraphs)
    assert "中共云岭区委" in docx_text and "市委、市政府：" in docx_text and "市委依法治市办" in docx_text
    assert "中共云岭区委" in outputs.to_markdown(document) and "中共云岭区委" in outputs.to_html(document)


def test_approval_freezes_the_figures(cast, data, district_records):
    report = _start(cast)
    version = services.version_approve(version=services.latest_version(report), user=cast.reviewer)
    slot = next(k for k, x in version.body["figures"].items() if x["metric"] == "disputes.accepted")
    frozen = version.frozen[slot]
    assert frozen["value"] == 66
    ids = set(frozen["records"]["disputes.accepted"]["ids"])
    assert {d.pk for d in district_records} <= ids and len(ids) == 66
    f.DisputeFactory(township=cast.b, village=cast.b1, received_on=date(YEAR, 9, 1))
    version.refresh_from_db()
    assert version.frozen[slot]["value"] == 66 and version.body["figures"][slot]["value"] == 66
    with pytest.raises(ValidationError):
        services.version_approve(version=version, user=cast.reviewer)  # already approved
    fresh, changes = services.draft_refresh(report=report, user=cast.reviewer)
    values = [x["value"] for x in fresh.body["figures"].values() if x["metric"] == "disputes.accepted"]
    assert values == [67] and any(c["metric"] == "disputes.accepted" for c in changes)


def test_it_is_never_submitted_on_the_platform(cast, data):
    report = _start(cast)
    services.version_approve(version=services.latest_version(report), user=cast.reviewer)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, user=cast.reviewer)


def test_only_the_districts_reviewer_drafts_and_approves_it(cast, data):
    for user in (cast.clerk, cast.leader, cast.outsider_reviewer, cast.sysadmin, cast.cadre):
        with pytest.raises(PermissionDenied):
            services.report_start(township=cast.district, year=YEAR, user=user)
    report = _start(cast)
    for user in (cast.leader, cast.outsider_reviewer):
        with pytest.raises(PermissionDenied):
            services.version_approve(version=services.latest_version(report), user=user)
    with pytest.raises(PermissionDenied):
        services.report_start(township=cast.other_district, year=YEAR, user=cast.reviewer)
    # The reviewer still only reads a township's report, never drafts it.
    with pytest.raises(PermissionDenied):
        services.report_start(township=cast.a, year=YEAR, user=cast.reviewer)


def _urls(cast):
    d = cast.district.pk
    return [
        reverse("report-draft", args=[d, YEAR]),
        reverse("report-view", args=[d, YEAR]),
        reverse("report-download", args=[d, YEAR, "docx"]),
        reverse("report-download", args=[d, YEAR, "txt"]),
        reverse("report-settings", args=[d]),
    ]


def test_the_pages_open_for_the_districts_reviewer_only(client, cast, data):
    login(client, cast.reviewer)
    assert client.get(reverse("report-draft", args=[cast.district.pk, YEAR])).status_code == 200
    response = client.post(reverse("report-start", args=[cast.district.pk]), {"year": YEAR})
    assert response.status_code == 302
    report = Report.objects.get(township=cast.district)
    page = client.get(reverse("report-draft", args=[cast.district.pk, YEAR])).content.decode()
    assert "云岭区关于2025年度" in page and "不在本平台报送" in page and "submit-step" not in page
    assert "approve-step" in page and "return-clerk" not in page  # no clerk to return it to
    for url in _urls(cast):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("reportcheck-draft", args=[report.pk])).status_code == 200
    for user in (cast.clerk, cast.leader, cast.advisor, cast.cadre, cast.outsider_reviewer, cast.auditor):
        client.logout()
        login(client, user)
        for url in _urls(cast):
            assert client.get(url).status_code in (403, 404), (user, url)
        assert client.post(reverse("report-start", args=[cast.district.pk]), {"year": YEAR}).status_code in (
            403,
            404,
        )
        assert client.get(reverse("reportcheck-draft", args=[report.pk])).status_code in (403, 404)
    client.logout()
    login(client, cast.reviewer)
    index = client.get(reverse("report-index")).content.decode()
    assert "区级年度报告" in index and reverse("report-draft", args=[cast.district.pk, YEAR]) in index
    # Townships' report lists never show it.
    client.logout()
    login(client, cast.clerk)
    assert "云岭区关于" not in client.get(reverse("report-index")).content.decode()


def test_the_district_desk_links_to_it(client, cast, data):
    login(client, cast.reviewer)
    home = client.get("/").content.decode()
    assert "区级年度报告" in home and reverse("report-draft", args=[cast.district.pk, YEAR]) in home
    board = client.get(reverse("district-status") + f"?year={YEAR}").content.decode()
    assert "区级年度报告（未开始）" in board
    _start(cast)
    board = client.get(reverse("district-status") + f"?year={YEAR}").content.decode()
    assert "区级年度报告（起草中（第1版））" in board


def test_the_reviewer_approves_it_on_the_page(client, cast, data):
    login(client, cast.reviewer)
    client.post(reverse("report-start", args=[cast.district.pk]), {"year": YEAR})
    response = client.post(
        reverse("report-approve", args=[cast.district.pk, YEAR]),
        {
            "version": 1,
            "confirmed": "1",
            "confirm": "1",
            "dated_on": f"{YEAR + 1}-02-12",
            "signer": "李华",
        },
    )
    assert response.status_code == 302
    version = services.latest_version(Report.objects.get(township=cast.district))
    assert version.approved and version.signer == "李华" and version.dated_on == date(YEAR + 1, 2, 12)
    assert version.frozen and set(version.frozen) == set(version.body["figures"])


@pytest.mark.parametrize(
    ("names", "word"),
    [
        (["青山镇", "清河镇"], "镇"),
        (["青山镇", "东城街道"], "镇（街道）"),
        (["白云乡", "青山镇", "东城街道"], "乡镇（街道）"),
        (["白云乡", "青山镇"], "乡镇"),
        (["东城街道", "西城街道"], "街道"),
    ],
)
def test_it_names_the_townships_as_they_are(names, word):
    from fazhi.orgs.models import Organisation
    from fazhi.reports.wording import townships_word

    assert townships_word([Organisation(name=n) for n in names]) == word


def test_refreshing_an_unchanged_draft_changes_nothing(cast, data, district_records):
    report = _start(cast)
    before = services.latest_version(report).body
    after, changes = services.draft_refresh(report=report, user=cast.reviewer)
    assert changes == []
    text = [p["text"] for s in after.body["sections"] for p in s["paragraphs"]]
    assert len(text) == sum(len(s["paragraphs"]) for s in before["sections"])
    assert drafting.stale_figures(after.body, cast.district) == []
