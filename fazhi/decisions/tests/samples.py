"""One valid record per ledger of this app, in township A, village A1."""

from datetime import date

from fazhi.core.services import record_create
from fazhi.decisions.choices import DecisionStep, ReviewType, RiskDomain, RiskLevel
from fazhi.decisions.models import LegalityReview, MajorDecision, RiskAssessment


def make_review(cast, **overrides):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "title": "青山镇农村人居环境整治村规民约（修订稿）",
        "review_type": ReviewType.NORMATIVE,
        "submitting_office": "党政综合办公室",
        "submitted_on": date(2025, 9, 26),
        **overrides,
    }
    return record_create(spec=LegalityReview.ledger_spec, user=data.pop("user", cast.clerk), data=data)


def all_steps(done=True):
    rows = []
    for step in DecisionStep:
        rows.append(
            {
                "step": step.value,
                "required": True,
                "started_on": date(2025, 3, 1) if step == DecisionStep.PUBLIC else None,
                "done_on": date(2025, 4, 10) if done else None,
                "evidence": f"{step.label}材料" if done else "",
            }
        )
    return rows


def make_decision(cast, steps=None, **overrides):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "title": "青山镇集镇生活垃圾收运体系建设方案",
        "proposed_on": date(2025, 2, 20),
        "sponsor_office": "生态环境和城乡建设办公室",
        **overrides,
    }
    return record_create(
        spec=MajorDecision.ledger_spec,
        user=cast.clerk,
        data=data,
        children={"majordecisionstep": all_steps() if steps is None else steps},
    )


def make_risk(cast, **overrides):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "matter": "青山村土地流转项目社会稳定风险评估",
        "domain": RiskDomain.STABILITY,
        "level": RiskLevel.MEDIUM,
        "assessed_on": date(2025, 5, 12),
        "assessor": "青山镇综治中心",
        "measures": "逐户走访解释政策，流转费用按季度公示。",
        **overrides,
    }
    return record_create(spec=RiskAssessment.ledger_spec, user=cast.clerk, data=data)


SAMPLES = {"legality-reviews": make_review, "major-decisions": make_decision, "risk-assessments": make_risk}
