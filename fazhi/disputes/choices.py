from django.db import models


class Level(models.TextChoices):
    TOWNSHIP = "township", "乡"
    VILLAGE = "village", "村"
    GROUP = "group", "组"


class Source(models.TextChoices):
    SCREENING = "screening", "排查发现"
    APPLICATION = "application", "群众申请"
    PETITION = "petition", "信访转入"
    HOTLINE = "hotline", "12345转入"
    OTHER = "other", "其他"


class DisputeStatus(models.TextChoices):
    REGISTERED = "registered", "已受理"
    HANDLING = "handling", "调处中"
    RESOLVED = "resolved", "已化解"
    UNRESOLVED = "unresolved", "未化解"
    TRANSFERRED = "transferred", "已转办"


class TransferTarget(models.TextChoices):
    COURT = "court", "法院"
    PETITION = "petition", "信访部门"
    POLICE = "police", "公安机关"
    AGENCY = "agency", "其他行政机关"
    OTHER = "other", "其他"


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"
    THIRD = "third", "第三人"


class MediationStatus(models.TextChoices):
    ONGOING = "ongoing", "调解中"
    SUCCESS = "success", "调解成功"
    FAILED = "failed", "调解不成"


class AgreementForm(models.TextChoices):
    WRITTEN = "written", "书面协议"
    ORAL = "oral", "口头协议"


class JudicialConfirmation(models.TextChoices):
    NONE = "none", "未申请"
    APPLIED = "applied", "已申请"
    CONFIRMED = "confirmed", "已确认"
    REFUSED = "refused", "不予确认"


class Performance(models.TextChoices):
    PENDING = "pending", "履行中"
    DONE = "done", "已履行"
    PARTIAL = "partial", "部分履行"
    NOT = "not", "未履行"


DISPUTE_TYPES = [
    ("marriage", "婚姻家庭"),
    ("neighbour", "邻里"),
    ("land_contract", "土地承包"),
    ("forest", "山林"),
    ("homestead", "宅基地"),
    ("labour", "劳动争议"),
    ("damages", "损害赔偿"),
    ("contract", "合同"),
    ("expropriation", "征地拆迁"),
    ("traffic", "道路交通"),
    ("medical", "医疗"),
    ("property", "物业"),
    ("other", "其他"),
]
