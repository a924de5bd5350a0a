"""One valid record per ledger of this app, in township A (village A1 where the ledger has villages)."""

from datetime import date

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.legalservice.choices import ConsultationMode
from fazhi.legalservice.models import Consultation, LegalAdvisor


def make_advisor(cast, **overrides):
    data = {
        "township": cast.a,
        "name": "周文斌",
        "law_firm": "云岭明正律师事务所",
        "licence_number": "15001201810123456",
        "contract_start": date(2025, 1, 1),
        "contract_end": date(2025, 12, 31),
        **overrides,
    }
    return record_create(
        spec=LegalAdvisor.ledger_spec,
        user=cast.clerk,
        data=data,
        children={"advisorvillage": [{"village": cast.a1}]},
    )


def topic(cast, code="land"):
    return Category.objects.get(
        list_key="consultation_topic", district=cast.district, township=None, code=code
    )


def make_consultation(cast, **overrides):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "consulted_on": date(2025, 6, 3),
        "mode": ConsultationMode.ONSITE,
        "people": 2,
        "topic": topic(cast),
        "answer": "告知土地承包经营权流转应签订书面合同并报村委会备案。",
        "consultee_name": "王秀兰",
        "consultee_phone": "13800138000",
        **overrides,
    }
    return record_create(spec=Consultation.ledger_spec, user=data.pop("user", cast.clerk), data=data)


SAMPLES = {"legal-advisors": make_advisor, "consultations": make_consultation}
