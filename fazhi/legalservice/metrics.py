"""Figures of 公共法律服务 (domain.md §2.7): 一村一法律顾问 coverage on the 数据截至 date (a Custom metric,
one query) and consultations (件 and 人次, by 咨询 date)."""

from django.db.models import Exists, OuterRef, Q

from fazhi.core import ledgers
from fazhi.metrics import display, phrases
from fazhi.metrics.phrases import PEOPLE_TIMES, Phrase
from fazhi.metrics.registry import Count, Custom, _base, register
from fazhi.orgs.models import Organisation, OrgKind

from .models import AdvisorVillage

CONSULT = "consultations"


def _villages(org, on_date):
    """The villages of an organisation current on a date (a village: itself)."""
    qs = Organisation.objects.current(on_date).filter(kind=OrgKind.VILLAGE)
    if org.kind == OrgKind.VILLAGE:
        return qs.filter(pk=org.pk)
    if org.kind == OrgKind.TOWNSHIP:
        return qs.filter(township=org)
    if org.kind == OrgKind.DISTRICT:
        return qs.filter(district=org)
    return qs.none()


def _advisors_on(on_date, base):
    """Advisors (readable through `base`, not voided) under contract on a date."""
    spec = ledgers.get("legal-advisors")
    return _base(spec, base).filter(contract_start__lte=on_date, contract_end__gte=on_date)


def coverage(org, period, base):
    """(percent, villages covered, villages) on period.as_of, in one query.

    Agrees with selectors.advisor_coverage for a township (tested); a village no longer current that
    day counts in neither number; advisors are read through the caller's scope.
    """
    on = period.as_of
    served = AdvisorVillage.objects.filter(village_id=OuterRef("pk"), advisor__in=_advisors_on(on, base))
    rows = list(_villages(org, on).annotate(covered=Exists(served)).values_list("covered", flat=True))
    covered, total = sum(1 for c in rows if c), len(rows)
    return display.percent_value(covered, total), covered, total


def covered_villages(org, period, base):
    """(villages covered, villages covered, None): the numerator of the coverage, as a count."""
    _, covered, _ = coverage(org, period, base)
    return covered, None, None


def coverage_records(org, period, base):
    on = period.as_of
    return _advisors_on(on, base).filter(villages_served__village__in=_villages(org, on)).distinct()


register(
    Custom(
        id="legalservice.advisor_coverage",
        label="一村一法律顾问覆盖率",
        definition=(
            "数据截至日当天有在合同期内（未作废）的法律顾问服务的村居数 ÷ 当日全部村居数；"
            "记录为当日在合同期内的法律顾问。"
        ),
        unit="%",
        style=display.PERCENT,
        ledger="legal-advisors",
        compute_fn=coverage,
        records_fn=coverage_records,
    ),
    Custom(
        id="legalservice.advisor_villages",
        label="配备法律顾问的村居",
        definition="数据截至日当天有在合同期内（未作废）的法律顾问服务的村居个数（一村一法律顾问覆盖率的分子）。",
        unit="个",
        ledger="legal-advisors",
        compute_fn=covered_villages,
        records_fn=coverage_records,
    ),
    Count(
        id="consultations.count",
        label="提供法律咨询",
        definition="咨询日期在统计期内、未作废的法律咨询登记件数（各种咨询方式合计）。",
        unit="件",
        ledger=CONSULT,
    ),
    Count(
        id="consultations.people",
        label="法律咨询人次",
        definition="咨询日期在统计期内、未作废的法律咨询所登记的咨询人次之和。",
        unit="人次",
        style=display.APPROX,
        ledger=CONSULT,
        sum_field="people",
    ),
    Count(
        id="consultations.referred_to_aid",
        label="引导申请法律援助",
        definition="咨询日期在统计期内、未作废、转法律援助的法律咨询件数。",
        unit="件",
        ledger=CONSULT,
        where=Q(referred_to_aid=True),
    ),
)

# How reports word these figures (fazhi.metrics.phrases): the drafter writes `say`, the check reads both.
phrases.register(
    Phrase("legalservice.advisor_coverage", say="法律顾问覆盖率"),
    Phrase("legalservice.advisor_villages", say="已配备法律顾问的村居", units=("个",)),
    Phrase("legalservice.advisor_coverage", lead=r"覆盖率(?:达到?|为)?$", context=r"法律顾问"),
    Phrase(
        "consultations.count", say="提供法律咨询", lead=r"(?:开展|提供|解答)?法律咨询$", units=("次", "件")
    ),
    Phrase("consultations.people", say="服务群众"),
    Phrase("consultations.people", lead=r"(?:开展|提供|解答)?法律咨询$", units=PEOPLE_TIMES),
    Phrase("consultations.referred_to_aid", say="引导申请法律援助"),
)
