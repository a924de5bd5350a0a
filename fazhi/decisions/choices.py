from django.db import models


class ReviewType(models.TextChoices):
    NORMATIVE = "normative", "规范性文件"
    CONTRACT = "contract", "政府合同"
    MAJOR_DECISION = "major_decision", "重大行政决策"
    MAJOR_ENFORCEMENT = "major_enforcement", "重大行政执法决定"
    OTHER = "other", "其他重大事项"


class Conclusion(models.TextChoices):
    AGREE = "agree", "同意"
    AGREE_AMENDED = "agree_amended", "修改后同意"
    DISAGREE = "disagree", "不同意"


PASSING_CONCLUSIONS = (Conclusion.AGREE, Conclusion.AGREE_AMENDED)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "待审查"
    REVIEWING = "reviewing", "审查中"
    OPINED = "opined", "已出具意见"
    ISSUED = "issued", "已印发"
    SIGNED = "signed", "已签订"
    DECIDED = "decided", "已决定"


class DecisionStatus(models.TextChoices):
    DRAFTING = "drafting", "拟定中"
    DECIDED = "decided", "已决定"


class DecisionStep(models.TextChoices):
    PUBLIC = "public", "公众参与"
    EXPERT = "expert", "专家论证"
    RISK = "risk", "风险评估"
    LEGALITY = "legality", "合法性审查"
    COLLECTIVE = "collective", "集体讨论决定"


class RiskDomain(models.TextChoices):
    STABILITY = "stability", "社会稳定"
    SAFETY = "safety", "公共安全"
    ECOLOGY = "ecology", "生态环境"
    FINANCE = "finance", "财政金融"
    OTHER = "other", "其他"


class RiskLevel(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class RiskStatus(models.TextChoices):
    ASSESSING = "assessing", "评估中"
    CONTROLLED = "controlled", "可控"
    RESOLVED = "resolved", "已化解"
    REPORTED = "reported", "已上报"
