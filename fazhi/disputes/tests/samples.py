"""Sample records of the dispute ledgers for the generic route tests (tests/test_scoping_routes.py).

Each function takes the shared cast and returns a record of township A, village A1, made through the
services as the clerk of A would make it.
"""

from datetime import date

from fazhi.core import ledgers
from fazhi.core.services import record_create
from fazhi.disputes.choices import Level, PartyRole, Source
from tests.factories import dispute_type, valid_id


def screening(cast):
    return record_create(
        spec=ledgers.get("screenings"),
        user=cast.clerk,
        data={
            "township": cast.a,
            "village": cast.a1,
            "screened_on": date(2025, 3, 1),
            "level": Level.VILLAGE,
            "organiser": "李四",
            "participants": 6,
        },
    )


def dispute(cast, *, id_number=None, phone="13812345678", village=None, received_on=date(2025, 3, 2)):
    return record_create(
        spec=ledgers.get("disputes"),
        user=cast.clerk,
        data={
            "township": cast.a,
            "village": village or cast.a1,
            "received_on": received_on,
            "source": Source.APPLICATION,
            "level": Level.VILLAGE,
            "dispute_type": dispute_type(cast.a),
            "summary": "两户因排水沟堵塞发生争吵",
        },
        children={
            "disputeparty": [
                {
                    "role": PartyRole.APPLICANT,
                    "name": "张三丰",
                    "id_number": id_number or valid_id(seq=11),
                    "phone": phone,
                    "address": "云岭区青山镇青山村3组12号",
                }
            ]
        },
    )


def mediation(cast):
    return record_create(
        spec=ledgers.get("mediations"),
        user=cast.clerk,
        data={
            "township": cast.a,
            "village": cast.a1,
            "dispute": dispute(cast),
            "started_on": date(2025, 3, 5),
            "mediators": "王调解",
        },
        children={
            "mediationsession": [{"held_on": date(2025, 3, 6), "place": "村委会", "notes": "首次调解"}]
        },
    )


SAMPLES = {"screenings": screening, "disputes": dispute, "mediations": mediation}
