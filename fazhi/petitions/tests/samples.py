"""Valid petition records for tests: one per ledger, in township A village A1, made by the clerk."""

from datetime import date

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.core.validators import make_id_number
from fazhi.petitions.models import LeaderReception, Petition


def category(cast, code="land"):
    return Category.objects.get(list_key="petition_category", district=cast.district, code=code)


def make_reception(cast, *, user=None, **overrides):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "held_on": date(2025, 3, 5),
        "leader": "王建国",
        "kind": "reception",
        "place": "青山镇信访接待室",
        "people_count": 3,
        "matters": "反映村道硬化后排水不畅。",
        **overrides,
    }
    return record_create(spec=LeaderReception.ledger_spec, user=user or cast.clerk, data=data)


def make_petition(cast, *, user=None, petitioners=None, **overrides):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "received_on": date(2025, 3, 3),
        "channel": "visit",
        "people_count": 1,
        "category": category(cast),
        "content": "反映土地承包经营权流转费用未按期支付。",
        "handling_office": "青山镇农业农村办",
        **overrides,
    }
    rows = petitioners or [
        {
            "name": "李春花",
            "id_number": make_id_number("500101", date(1968, 4, 12), 21),
            "phone": "13800138000",
            "address": "青山村3组",
        }
    ]
    return record_create(
        spec=Petition.ledger_spec, user=user or cast.clerk, data=data, children={"petitioner": rows}
    )


SAMPLES = {"petitions": make_petition, "leader-receptions": make_reception}
