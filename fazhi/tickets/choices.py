from django.db import models


class Platform(models.TextChoices):
    HOTLINE = "12345", "12345热线"
    SUPERVISION = "supervision", "互联网+督查"
    OTHER = "other", "其他平台"


class TicketStatus(models.TextChoices):
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "办结"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


TICKET_CATEGORIES = [
    ("construction", "城乡建设"),
    ("transport", "交通出行"),
    ("environment", "生态环境"),
    ("labour", "劳动保障"),
    ("market", "市场监管"),
    ("agriculture", "农业农村"),
    ("education_health", "教育卫生"),
    ("civil_affairs", "民政救助"),
    ("utilities", "水电气讯"),
    ("public_security", "治安管理"),
    ("other", "其他"),
]

DEFAULT_WORKDAYS = 5  # 平台未载明办理时限时
