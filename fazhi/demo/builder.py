"""Builds the demo district. Deterministic for a seed; does nothing if the district already exists."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from fazhi.disputes import demo as disputes_demo
from fazhi.orgs.models import Organisation, OrgKind, RoleAssignment, User
from fazhi.orgs.roles import Role
from fazhi.orgs.services import organisation_create

DEMO_PASSWORD = "Fazhi@2026"
DISTRICT_CODE = "990100"

VILLAGES = [
    "青山村",
    "红星村",
    "柏树村",
    "石桥村",
    "桂花村",
    "龙井村",
    "新华社区",
    "双河村",
    "茶园村",
    "松林社区",
]
OTHER_TOWNSHIPS = [
    ("清河镇", "清河", ["清河村", "白鹭村", "河东社区"]),
    ("白云乡", "白云", ["云峰村", "坪上村"]),
]


@dataclass
class DemoResult:
    created: bool
    accounts: list[tuple[str, str, str]]


ACCOUNTS = [
    ("reviewer", "区级督查", Role.DISTRICT_REVIEWER, "district"),
    ("leader", "乡镇领导", Role.TOWNSHIP_LEADER, "township"),
    ("clerk", "乡镇经办人", Role.TOWNSHIP_CLERK, "township"),
    ("advisor", "法律顾问", Role.LEGAL_ADVISOR, "township"),
    ("cadre", "村干部（青山村）", Role.VILLAGE_CADRE, "village"),
    ("sysadmin", "系统管理员", Role.SYSADMIN, "district"),
    ("security", "安全管理员", Role.SECURITY_ADMIN, "district"),
    ("auditor", "审计管理员", Role.AUDITOR, "district"),
    ("clerk_qinghe", "乡镇经办人（清河镇）", Role.TOWNSHIP_CLERK, "other"),
]

FULL_NAMES = {
    "reviewer": "周督查",
    "leader": "李镇长",
    "clerk": "王经办",
    "advisor": "陈律师",
    "cadre": "张支书",
    "sysadmin": "赵管理",
    "security": "吴安全",
    "auditor": "钱审计",
    "clerk_qinghe": "孙经办",
}


def _org(kind, name, short, code, parent, order=0):
    return organisation_create(
        kind=kind, name=name, short_name=short, code=code, parent=parent, sort_order=order
    )


def build_orgs():
    district = _org(OrgKind.DISTRICT, "云岭区", "云岭", DISTRICT_CODE, None)
    township = _org(OrgKind.TOWNSHIP, "青山镇", "青山", DISTRICT_CODE + "101", district, 1)
    for i, name in enumerate(VILLAGES, start=1):
        village = _org(
            OrgKind.VILLAGE,
            name,
            name[:-1] if name.endswith("村") else name,
            f"{township.code}{i:03d}",
            township,
            i,
        )
        for g in range(1, 4 + i % 4):
            _org(OrgKind.GROUP, f"{name}{g}组", f"{g}组", f"{village.code}{g:02d}", village, g)
    others = []
    for t, (name, short, villages) in enumerate(OTHER_TOWNSHIPS, start=2):
        other = _org(OrgKind.TOWNSHIP, name, short, f"{DISTRICT_CODE}{100 + t}", district, t)
        for i, vname in enumerate(villages, start=1):
            _org(OrgKind.VILLAGE, vname, vname[:-1], f"{other.code}{i:03d}", other, i)
        others.append(other)
    return district, township, others


def build_accounts(district, township, others):
    first_village = Organisation.objects.get(parent=township, name=VILLAGES[0])
    places = {"district": district, "township": township, "village": first_village, "other": others[0]}
    accounts = []
    for username, label, role, place in ACCOUNTS:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, full_name=FULL_NAMES[username]
        )
        RoleAssignment.objects.create(user=user, role=role, organisation=places[place])
        accounts.append((username, DEMO_PASSWORD, label))
    return accounts


def demo_modules() -> list:
    """The `demo` module of every installed app that ships one (each has `build(township, clerk, rng,
    start, end)`), in the order of INSTALLED_APPS; the disputes come first, as the demo always made them."""
    found = [
        import_module(f"{app.name}.demo")
        for app in apps.get_app_configs()
        if app.name != "fazhi.demo" and module_has_submodule(app.module, "demo")
    ]
    return sorted(found, key=lambda m: m is not disputes_demo)


def build_ledgers(township, clerk, rng, start: date, end: date) -> None:
    """Each ledger app's demo records for the township."""
    for module in demo_modules():
        module.build(township, clerk, rng, start, end)


@transaction.atomic
def build_demo(*, seed: int = 2026, today: date | None = None) -> DemoResult:
    if Organisation.objects.filter(code=DISTRICT_CODE).exists():
        return DemoResult(created=False, accounts=[(u, DEMO_PASSWORD, label) for u, label, _, _ in ACCOUNTS])
    rng = random.Random(seed)
    today = today or timezone.localdate()
    district, township, others = build_orgs()
    accounts = build_accounts(district, township, others)
    clerk = User.objects.get(username="clerk")
    # Three recent years: two full ones and this year to date.
    build_ledgers(township, clerk, rng, date(today.year - 2, 1, 1), today - timedelta(days=1))
    other_clerk = User.objects.get(username="clerk_qinghe")
    disputes_demo.build(others[0], other_clerk, rng, date(today.year - 1, 6, 1), today - timedelta(days=1))
    from .district import build_district  # the other townships, for the district's desk

    build_district(district, rng, today)
    return DemoResult(created=True, accounts=accounts)
