"""Declarations of the public legal service ledgers (domain.md §2.7)."""

from fazhi.core.categories import register_list
from fazhi.core.ledgers import ChildSpec, LedgerSpec, register
from fazhi.core.policy import CLERK, Policy
from fazhi.orgs.roles import Role

from .choices import CONSULTATION_TOPICS
from .models import AdvisorVillage, Consultation, LegalAdvisor

register_list("consultation_topic", "法律咨询类别", CONSULTATION_TOPICS)

# Advisors and village cadres log the consultations they give or take in (cadres in their own village).
CONSULTATION_WRITERS = CLERK | {Role.LEGAL_ADVISOR, Role.VILLAGE_CADRE}
consultation_policy = Policy(
    create=CONSULTATION_WRITERS, change=CONSULTATION_WRITERS, void=CLERK, reveal=CONSULTATION_WRITERS
)

register(
    LedgerSpec(
        key="legal-advisors",
        natural_key=("licence_number",),
        report_words=r"法律顾问",
        model=LegalAdvisor,
        label="法律顾问",
        short="顾问",
        group="legalservice",
        date_field="contract_start",
        fields=["name", "law_firm", "licence_number", "contract_start", "contract_end", "notes"],
        list_columns=["number", "name", "law_firm", "contract_start", "contract_end", "villages_served"],
        search_fields=["number", "name", "law_firm", "licence_number"],
        children=[
            ChildSpec(model=AdvisorVillage, fk_name="advisor", fields=["village"], label="服务村居", extra=3)
        ],
        uses_village=False,
        uses_group=False,
        description="一村一法律顾问：某日的覆盖率 = 当日在合同期内有法律顾问服务的村居 / 当日全部村居。",
    )
)

register(
    LedgerSpec(
        key="consultations",
        natural_key=("consulted_on", "answer", "village"),
        report_words=r"咨询",
        expected_yearly="法律咨询",
        model=Consultation,
        label="法律咨询",
        short="咨询",
        group="legalservice",
        date_field="consulted_on",
        fields=[
            "consulted_on",
            "advisor",
            "mode",
            "people",
            "topic",
            "answer",
            "referred_to_aid",
            "consultee_name",
            "consultee_phone",
        ],
        list_columns=[
            "number",
            "consulted_on",
            "village",
            "topic",
            "mode",
            "people",
            "advisor",
            "referred_to_aid",
        ],
        search_fields=["number", "answer"],
        filter_fields=["mode", "topic", "referred_to_aid"],
        personal={"consultee_name": "name", "consultee_phone": "phone"},
        policy=consultation_policy,
        uses_group=False,
        description="咨询人次计入咨询日期所在期间；咨询人身份可不填。",
    )
)
