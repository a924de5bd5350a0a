"""`fazhi demo`: accounts for every role, a year of records, no duplicates on a second run."""

from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.core import ledgers
from fazhi.demo.builder import DEMO_PASSWORD
from fazhi.disputes.models import Dispute, Mediation
from fazhi.orgs.models import Organisation, OrgKind, User
from fazhi.orgs.roles import Role


@pytest.mark.django_db
def test_it_builds_the_demo_once_and_prints_one_account_per_role():
    out = StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    for username in ["reviewer", "leader", "clerk", "advisor", "cadre", "sysadmin", "auditor"]:
        assert f"用户名 {username}" in printed
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    roles = set(User.objects.values_list("role_assignments__role", flat=True))
    assert roles >= set(Role.values)
    qingshan = Organisation.objects.get(name="青山镇")
    assert Organisation.objects.filter(parent=qingshan, kind=OrgKind.VILLAGE).count() == 10
    assert Organisation.objects.filter(parent__parent=qingshan, kind=OrgKind.GROUP).count() >= 30
    disputes = Dispute.objects.filter(township=qingshan).count()
    assert disputes >= 40
    assert Mediation.objects.filter(township=qingshan).exists()
    for spec in ledgers.all_ledgers():
        assert spec.model.objects.filter(township=qingshan).exists(), f"演示数据缺少{spec.label}"

    _assert_district_contrasts(qingshan.parent)

    again = StringIO()
    call_command("demo", stdout=again)
    assert "未重复载入" in again.getvalue()
    assert Dispute.objects.filter(township=qingshan).count() == disputes

    # Volume for measurement: copies of the detailed township, with history, numbers and links of their own.
    from fazhi.demo.scale import build_scale
    from fazhi.metrics.registry import Period, compute

    year = Dispute.objects.filter(township=qingshan).order_by("received_on").first().received_on.year + 1
    result = build_scale(townships=1, years=2, scale=1, end_year=year)
    generated = Organisation.objects.get(name="模拟01镇")
    assert result.records == sum(
        spec.model.objects.filter(township=generated).count() for spec in ledgers.all_ledgers()
    )
    for y in (year - 1, year):
        ids = ["disputes.accepted", "disputes.resolved", "mediations.success"]
        assert {k: v.value for k, v in compute(ids, generated, Period.year(y)).items()} == {
            k: v.value for k, v in compute(ids, qingshan, Period.year(year)).items()
        }
    copy = Mediation.objects.filter(township=generated).first()
    assert copy.dispute.township == generated  # links point at the copies, not at the template township
    assert (
        copy.history.exists()
        and Dispute.history.filter(township=generated).count()
        == Dispute.objects.filter(township=generated).count()
    )
    numbers = list(Dispute.objects.filter(township=generated).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) and numbers[0].startswith("模01-纠纷-")
    _assert_copies_count_like_the_template(qingshan, generated, year)


def _assert_copies_count_like_the_template(qingshan, generated, year):
    """The raw-written copies give the district overview's figures the template gives (codes such as a
    ticket's platform kept), and have the clocks a save would have given them."""
    from fazhi.deadlines.models import Clock
    from fazhi.district.overview import METRIC_IDS
    from fazhi.metrics import registry as reg
    from fazhi.metrics.registry import Period, compute

    # Templates are the records dated in the year by their ledger's date: a figure dated otherwise (a
    # case decided this year but filed the year before) may count records that were not copied.
    _, by_ledger = reg._resolve(METRIC_IDS, year)
    otherwise = {s.key for s, ms in by_ledger if any(m.date_field not in (None, s.date_field) for m in ms)}
    ids = [
        m
        for m in METRIC_IDS
        if m != "deadlines.overdue_now"  # today's state, not the year's
        and reg.ledger_of(reg.registry.get(m, year), year) not in otherwise
    ]
    template = {
        k: (v.value, v.numerator, v.denominator) for k, v in compute(ids, qingshan, Period.year(year)).items()
    }
    copied = {
        k: (v.value, v.numerator, v.denominator)
        for k, v in compute(ids, generated, Period.year(year)).items()
    }
    assert copied == template
    assert template["tickets.12345.on_time_rate"][2] > 0
    for spec in ledgers.all_ledgers():
        dated = {f"{spec.date_field}__year": year}
        source = list(spec.model.objects.filter(township=qingshan, **dated).values_list("pk", flat=True))
        copies = list(spec.model.objects.filter(township=generated, **dated).values_list("pk", flat=True))
        if len(copies) != len(source):
            continue  # rows dropped with a link to a record that was not copied
        clocks = [
            Clock.objects.filter(ledger=spec.key, township=t, object_id__in=pks).count()
            for t, pks in ((qingshan, source), (generated, copies))
        ]
        assert clocks[0] == clocks[1], spec.key


def _assert_district_contrasts(district):
    """Six townships with records in every ledger but the lagging one's, and reports in every stage."""
    from django.utils import timezone

    from fazhi.district import status

    townships = Organisation.objects.filter(parent=district, kind=OrgKind.TOWNSHIP)
    assert townships.count() >= 6
    for township in townships.exclude(name="龙潭乡"):
        for spec in ledgers.all_ledgers():
            assert spec.model.objects.filter(township=township).exists(), f"{township}缺少{spec.label}"
    lagging = townships.get(name="龙潭乡")
    assert not ledgers.get("legality-reviews").model.objects.filter(township=lagging).exists()
    states = {r.township.name: r.state for r in status.board(district, timezone.localdate().year - 1)}
    assert states["白云乡"] == states["龙潭乡"] == status.NOT_STARTED
    assert states["青山镇"] == status.DRAFTING and states["清河镇"] == status.RETURNED
    assert states["桃源街道"] == status.ON_TIME and states["石门镇"] in (status.ACCEPTED, status.PUBLISHED)
    # 区本级: the district files records of its own in the district-level ledgers of these apps.
    from fazhi.demo.district import OWN_APPS

    for spec in ledgers.all_ledgers():
        if spec.model._meta.app_label in OWN_APPS:
            assert spec.model.objects.filter(township=district).exists(), f"区本级缺少{spec.label}"
