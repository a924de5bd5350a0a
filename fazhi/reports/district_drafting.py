"""The district's own report (domain.md §7): 《关于XXXX年度法治政府建设情况的报告》 of a district to
市委、市政府, drafted on the township model (`drafting`) from the records of every township of the
district together with the district's own records — the metric registry computes a district organisation
that way (`registry.org_condition`). The body has the same JSON shape, so versions, 刷新数据, approval,
freezing and outputs are the township's; only the wording and part 三 differ: the district says 我区/全区,
names its townships 各镇（街道）, and part 三 names the townships behind a shortcoming."""

from dataclasses import replace
from datetime import date

from fazhi.core import ledgers
from fazhi.metrics.registry import Period, uncountable
from fazhi.orgs.models import Organisation

from . import blueprint as bp
from . import drafting, wording

INTRO = (
    "{year}年，{township}委、区政府坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
    "认真落实市委、市政府关于法治政府建设的各项部署，统筹推进全区{count}个{towns}法治政府建设，"
    "坚持依法决策、依法行政、依法化解矛盾纠纷，法治政府建设各项工作取得新进展。现将有关情况报告如下："
)
LEADERS_TOWNS = (
    "坚持把法治建设纳入对各{towns}的年度目标考核，督促各{towns}党政主要负责人履行推进法治建设第一责任人职责，"
    "组织各{towns}向区委、区政府报告年度法治政府建设情况。"
)
PLANS_TOWNS = "加强对各{towns}法治建设的督促指导，推动各项工作均衡发展"


def district_townships(district: Organisation, year: int) -> list[Organisation]:
    """The townships of the district current at the end of the year, in the district's order."""
    return list(
        Organisation.objects.townships()
        .filter(parent=district)
        .current(date(year, 12, 31))
        .order_by("sort_order", "code")
    )


def build_district_body(district: Organisation, year: int, computed=None) -> dict:
    """The platform's first draft of the district's own report for a year."""
    values, missing = computed or drafting.compute_values(district, year)
    builder = drafting._Builder(values, missing, uncountable(values, district, year))
    townships = district_townships(district, year)
    fmt = {
        "year": year,
        "next_year": year + 1,
        "township": district.name,
        "count": len(townships),
        **wording.district_words(district, townships),
    }
    sections = [
        {
            "key": "intro",
            "part": "intro",
            "level": 0,
            "heading": "",
            "paragraphs": [{"key": "intro", "text": INTRO.format(**fmt), "edited": False}],
        }
    ]
    for section in bp.MEASURES:
        sections.append(drafting._section(section, builder, fmt))
    for section in bp.LEADERS:
        leaders = drafting._section(section, builder, fmt)
        if section.level == 1:
            leaders["paragraphs"].append(
                {"key": "leaders.towns", "text": LEADERS_TOWNS.format(**fmt), "edited": False}
            )
        sections.append(leaders)
    sections.append(shortcomings_section(district, townships, year, builder, fmt))
    for section in bp.PLANS:
        sections.append(drafting._section(_with_towns_point(section), builder, fmt))
    sections = [s for s in sections if s["level"] != 2 or s["paragraphs"]]
    warnings = [
        f"统计口径“{mid}”尚未登记，引用它的语句未生成。" for mid in sorted(missing)
    ] + builder.warnings
    return {
        "year": year,
        "township_id": district.pk,
        "district": True,
        "sections": sections,
        "figures": builder.figures,
        "warnings": warnings,
    }


def _with_towns_point(section: bp.Section) -> bp.Section:
    """The plans with one more point: the district's guidance of its townships."""
    if section.level != 1 or not section.paras:
        return section
    first, *rest = section.paras
    first = replace(first, points=(*first.points, bp.Point(PLANS_TOWNS)))
    return replace(section, paras=(first, *rest))


def shortcomings_section(district, townships, year: int, builder, fmt: dict) -> dict:
    """Part 三 from the district's problems (`problems.data_problems` of the district: the list the
    check expects part 三 to mention), the townships whose ledgers were silent all year, low on-time
    rates over the district, then a general point."""
    uneven = silent_townships(townships, Period.year(year))
    named = "；".join(f"{town.name}全年{'、'.join(labels)}方面没有工作记录" for town, labels in uneven)
    return drafting.shortcomings(
        district,
        year,
        builder,
        fmt,
        advisors="一村一法律顾问制度落实还不到位，全区尚有{names}未配备法律顾问",
        silent=f"各{fmt['towns']}工作开展还不平衡，{named}" if uneven else None,
    )


def silent_townships(townships: list[Organisation], period: Period) -> list[tuple[Organisation, list[str]]]:
    """Townships with expected ledgers that hold no active record dated in the period, with those
    ledgers' labels (one query per ledger for the whole district)."""
    ids = [t.pk for t in townships]
    silent: dict[int, list[str]] = {}
    for key, label in ledgers.expected_yearly():
        spec = ledgers.get(key)
        if spec is None:
            continue
        active = set(
            spec.model.objects.filter(
                township_id__in=ids,
                voided=False,
                **{f"{spec.date_field}__gte": period.start, f"{spec.date_field}__lte": period.end},
            )
            .values_list("township_id", flat=True)
            .distinct()
        )
        for pk in ids:
            if pk not in active:
                silent.setdefault(pk, []).append(label)
    return [(t, silent[t.pk]) for t in townships if t.pk in silent]
