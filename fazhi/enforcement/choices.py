from django.db import models


class CaseKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    INSPECTION = "inspection", "行政检查"
    COERCION = "coercion", "行政强制"
    LICENSING = "licensing", "行政许可"
    OTHER = "other", "其他"


class PartyType(models.TextChoices):
    PERSON = "person", "个人"
    ORGANISATION = "organisation", "单位"


class CaseStatus(models.TextChoices):
    FILED = "filed", "已立案"
    INVESTIGATED = "investigated", "调查终结"
    DECIDED = "decided", "已决定"
    PUBLISHED = "published", "已公示"
    CLOSED = "closed", "已结案"


class OfficerRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"


# District-level lists (domain.md §2.3): the kinds of enforcement action, and which of them must be
# recorded on audio-video (an entry of the second list names an entry of the first by its code).
ACTION_KINDS = [
    ("seizure", "查封扣押"),
    ("demolition", "强制拆除"),
    ("safety_inspection", "现场检查（涉及安全生产）"),
    ("inspection", "一般现场检查"),
    ("inquiry", "询问调查"),
    ("other", "其他"),
]
AV_REQUIRED_ACTIONS = [
    ("seizure", "查封扣押"),
    ("demolition", "强制拆除"),
    ("safety_inspection", "现场检查（涉及安全生产）"),
]
