"""One valid record per ledger of this app, in township A, village A1."""

import itertools
from datetime import date

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.enforcement.choices import CaseKind, PartyType
from fazhi.enforcement.models import EnforcementCase, Officer

_seq = itertools.count(1)


def make_officer(cast, **overrides):
    n = next(_seq)
    data = {
        "township": cast.a,
        "village": cast.a1,
        "name": f"执法员{n}",
        "cert_number": f"云岭{n:08d}",
        "issuing_body": "云岭区人民政府",
        "issued_on": date(2023, 1, 10),
        "valid_until": date(2028, 1, 9),
        "unit": "青山镇综合行政执法办公室",
        **overrides,
    }
    return record_create(spec=Officer.ledger_spec, user=data.pop("user", cast.clerk), data=data)


def action_kind(cast, code="inspection"):
    return Category.objects.get(
        list_key="enforcement_action", district=cast.district, township=None, code=code
    )


def make_case(cast, officers=None, **overrides):
    if officers is None:
        officers = [make_officer(cast), make_officer(cast)]
    data = {
        "township": cast.a,
        "village": cast.a1,
        "case_number": f"青山综执罚〔2025〕{next(_seq)}号",
        "kind": CaseKind.PENALTY,
        "action_kind": action_kind(cast),
        "party_type": PartyType.PERSON,
        "party_name": "李建国",
        "party_id_number": "500101198005170014",
        "party_phone": "13800138000",
        "party_address": "青山村3组12号",
        "cause": "未经批准占用耕地建设养殖棚",
        "filed_on": date(2025, 6, 3),
        **overrides,
    }
    return record_create(
        spec=EnforcementCase.ledger_spec,
        user=cast.clerk,
        data=data,
        children={"caseofficer": [{"officer": o, "role": "assist"} for o in officers]},
    )


SAMPLES = {"enforcement-officers": make_officer, "enforcement-cases": make_case}
