"""One valid record per ledger of this app, in township A (these ledgers are kept at township level)."""

from datetime import date

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.oversight.choices import (
    CaseKind,
    DisclosureChannel,
    RectificationSource,
    WarningForm,
)
from fazhi.oversight.models import Disclosure, LitigationCase, Rectification, WarningEducation


def make_rectification(cast, **overrides):
    data = {
        "township": cast.a,
        "source": RectificationSource.PATROL,
        "received_on": date(2025, 4, 10),
        "content": "区委巡察反馈：村级小微权力清单未公开，合同管理不规范。",
        "due_on": date(2025, 7, 10),
        "measures": "制定整改方案，逐村核查合同并补充公开。",
        **overrides,
    }
    return record_create(spec=Rectification.ledger_spec, user=cast.clerk, data=data)


def make_litigation_case(cast, hearings=None, **overrides):
    data = {
        "township": cast.a,
        "case_number": "（2025）渝0101行初45号",
        "received_on": date(2025, 3, 5),
        "kind": CaseKind.LITIGATION,
        "body": "云岭区人民法院",
        "cause": "不服限期拆除违法建筑决定",
        **overrides,
    }
    if hearings is None:
        hearings = [
            {
                "held_on": date(2025, 5, 20),
                "agency_appeared": True,
                "head_appeared": True,
                "head_name": "陈志强",
            }
        ]
    return record_create(
        spec=LitigationCase.ledger_spec, user=cast.clerk, data=data, children={"hearing": hearings}
    )


def make_warning_education(cast, **overrides):
    data = {
        "township": cast.a,
        "held_on": date(2025, 5, 8),
        "form": WarningForm.FILM,
        "topic": "观看警示教育片《蝇贪之害》",
        "participants": 46,
        **overrides,
    }
    return record_create(spec=WarningEducation.ledger_spec, user=cast.clerk, data=data)


def disclosure_kind(cast, code="budget"):
    return Category.objects.get(list_key="disclosure_kind", district=cast.district, township=None, code=code)


def make_disclosure(cast, **overrides):
    data = {
        "township": cast.a,
        "published_on": date(2025, 2, 20),
        "channel": DisclosureChannel.WEBSITE,
        "title": "青山镇2025年部门预算公开",
        "kind": disclosure_kind(cast),
        **overrides,
    }
    return record_create(spec=Disclosure.ledger_spec, user=cast.clerk, data=data)


SAMPLES = {
    "rectifications": make_rectification,
    "litigation-cases": make_litigation_case,
    "warning-education": make_warning_education,
    "disclosures": make_disclosure,
}
