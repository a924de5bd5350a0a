"""The rest of the demo district, so that the district's desk shows contrasts: six townships with
records in every ledger, one lagging (late start, ledgers left empty), one excellent, and last year's
reports in every stage — 白云乡 and 龙潭乡 have not started theirs."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from fazhi.orgs.models import Organisation, OrgKind, RoleAssignment, User
from fazhi.orgs.roles import Role
from fazhi.orgs.services import organisation_create

from .builder import DEMO_PASSWORD, DISTRICT_CODE, demo_modules

# (name, short, villages); 清河镇 and 白云乡 exist already (builder.OTHER_TOWNSHIPS).
NEW_TOWNSHIPS = [
    ("石门镇", "石门", ["石门村", "金竹村", "水口村", "石门社区"]),
    ("桃源街道", "桃源", ["桃源社区", "杏林社区", "东关社区"]),
    ("龙潭乡", "龙潭", ["龙潭村", "岩脚村", "高坪村"]),
]
LAGGING = "龙潭乡"
# A lagging township keeps only some ledgers: the overview marks the others empty all year.
LAGGING_APPS = ("disputes", "petitions", "tickets", "legalservice")
# Apps whose demo builders also make the district's own records (区本级): all their ledgers are
# district-level ones.
OWN_APPS = ("petitions", "decisions", "oversight")


def _people(township, index: int) -> tuple[User, User]:
    """A clerk and a leader for the township (demo password; not listed among the demo accounts)."""
    made = []
    for role, prefix, title in (
        (Role.TOWNSHIP_CLERK, "clerk", "经办"),
        (Role.TOWNSHIP_LEADER, "leader", "镇长"),
    ):
        user = User.objects.create_user(
            username=f"{prefix}_{index}", password=DEMO_PASSWORD, full_name=f"{township.short_name}{title}"
        )
        RoleAssignment.objects.create(user=user, role=role, organisation=township)
        made.append(user)
    return made[0], made[1]


def _add_townships(district) -> list[Organisation]:
    existing = Organisation.objects.filter(kind=OrgKind.TOWNSHIP, parent=district).count()
    made = []
    for t, (name, short, villages) in enumerate(NEW_TOWNSHIPS, start=existing + 1):
        township = organisation_create(
            kind=OrgKind.TOWNSHIP,
            name=name,
            short_name=short,
            code=f"{DISTRICT_CODE}{100 + t}",
            parent=district,
        )
        township.sort_order = t
        township.save(update_fields=["sort_order"])
        for i, vname in enumerate(villages, start=1):
            organisation_create(
                kind=OrgKind.VILLAGE,
                name=vname,
                short_name=vname[:-2] if vname.endswith("社区") else vname[:-1],
                code=f"{township.code}{i:03d}",
                parent=township,
                sort_order=i,
            )
        made.append(township)
    return made


def build_district(district, rng, today: date) -> None:
    """Records for every township but 青山镇 (built already), then last year's reports."""
    _add_townships(district)
    townships = list(
        Organisation.objects.filter(kind=OrgKind.TOWNSHIP, parent=district)
        .exclude(name="青山镇")
        .order_by("code")
    )
    end = today - timedelta(days=1)
    people = {}
    for i, township in enumerate(townships, start=1):
        clerk, leader = _people(township, i)
        people[township.name] = (clerk, leader)
        lagging = township.name == LAGGING
        # Last year and this year (the overview's and the 看板's years; fewer keep `make run` quick);
        # the lagging township began keeping ledgers only last summer.
        start = date(today.year - 1, 7, 1) if lagging else date(today.year - 1, 1, 1)
        for module in demo_modules():
            app = module.__name__.split(".")[1]
            if (lagging and app not in LAGGING_APPS) or (app == "disputes" and township.name == "清河镇"):
                continue  # 清河镇's disputes come from the main builder
            module.build(township, clerk, rng, start, end)
    # 区本级: the records the district files itself, in the apps whose ledgers are all district-level.
    reviewer = User.objects.filter(
        role_assignments__role=Role.DISTRICT_REVIEWER, role_assignments__organisation=district
    ).first()
    for module in demo_modules():
        if module.__name__.split(".")[1] in OWN_APPS:
            module.build(district, reviewer, rng, date(today.year - 1, 1, 1), end)
    _reports(district, people, today)
    from fazhi.district.indicators import load_default

    load_default()


def _reports(district, people, today: date) -> None:
    """Last year's reports: accepted and published, submitted on time, returned, drafting."""
    from fazhi.reports import services
    from fazhi.reports.models import Submission

    year = today.year - 1
    reviewer = User.objects.filter(role_assignments__role=Role.DISTRICT_REVIEWER).first()
    on_time = timezone.make_aware(datetime.combine(date(year + 1, 2, 20), time(10)))

    def submitted(name):
        township = Organisation.objects.get(name=name, parent=district)
        clerk, leader = people[name]
        report = services.report_start(township=township, year=year, user=clerk)
        services.version_approve(version=services.latest_version(report), user=leader)
        submission = services.report_submit(report=report, user=leader)
        if today > date(year + 1, 3, 1):  # the demo is built after the deadline: date it before
            Submission.objects.filter(pk=submission.pk).update(submitted_at=on_time)
            submission.refresh_from_db()
        return report, submission, leader

    report, submission, leader = submitted("石门镇")
    services.submission_accept(submission=submission, user=reviewer)
    if today > date(year + 1, 3, 10):
        services.report_publish(
            report=report,
            user=leader,
            published_on=date(year + 1, 3, 10),
            address="http://www.yunling.gov.cn/",
        )
    submitted("桃源街道")
    qingshan = Organisation.objects.get(name="青山镇", parent=district)
    services.report_start(township=qingshan, year=year, user=User.objects.get(username="clerk"))
    _, submission, _ = submitted("清河镇")
    services.submission_return(
        submission=submission, user=reviewer, comments="第三部分未写明整改超期事项的原因，请补充后重新报送。"
    )
