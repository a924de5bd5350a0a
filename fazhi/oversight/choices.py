from django.db import models


class RectificationSource(models.TextChoices):
    INSPECTION = "inspection", "巡视"
    PATROL = "patrol", "巡察"
    AUDIT = "audit", "审计"
    SUPERVISION = "supervision", "上级督查"
    JUDICIAL = "judicial", "司法建议"
    PROCURATORIAL = "procuratorial", "检察建议"
    OTHER = "other", "其他检查"


class RectificationStatus(models.TextChoices):
    OPEN = "open", "整改中"
    DONE = "done", "已完成"


class CaseKind(models.TextChoices):
    LITIGATION = "litigation", "行政诉讼"
    REVIEW = "review", "行政复议"


class CaseOutcome(models.TextChoices):
    PENDING = "pending", "未结"
    UPHELD = "upheld", "维持/驳回"
    REVOKED = "revoked", "撤销"
    ILLEGAL = "illegal", "确认违法"
    WITHDRAWN = "withdrawn", "撤诉"
    MEDIATED = "mediated", "调解"
    OTHER = "other", "其他"


class WarningForm(models.TextChoices):
    BASE_VISIT = "base_visit", "参观警示教育基地"
    FILM = "film", "观看警示教育片"
    CASE_STUDY = "case_study", "以案说法"
    MEETING = "meeting", "专题会议"
    OTHER = "other", "其他"


class DisclosureChannel(models.TextChoices):
    WEBSITE = "website", "政府网站"
    WECHAT = "wechat", "微信公众号"
    BOARD = "board", "政务公开栏"


DISCLOSURE_KINDS = [
    ("policy", "政策文件"),
    ("budget", "财政预决算"),
    ("decision", "重大行政决策"),
    ("enforcement", "行政执法"),
    ("personnel", "人事信息"),
    ("livelihood", "民生事项"),
    ("news", "工作动态"),
    ("other", "其他"),
]
