from django.db import models


class Channel(models.TextChoices):
    VISIT = "visit", "来访"
    LETTER = "letter", "来信"
    ONLINE = "online", "网上信访"
    PHONE = "phone", "电话"
    LEADER = "leader", "领导接访"
    ASSIGNED = "assigned", "上级交办"


class PetitionStatus(models.TextChoices):
    REGISTERED = "registered", "登记"
    ACCEPTED = "accepted", "已受理"
    REJECTED = "rejected", "不予受理"
    HANDLING = "handling", "办理中"
    EXTENDED = "extended", "已延期"
    REPLIED = "replied", "已答复"
    REVIEWING = "reviewing", "复查中"
    RECHECKING = "rechecking", "复核中"
    CLOSED = "closed", "办结"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class ReceptionKind(models.TextChoices):
    RECEPTION = "reception", "接访"
    VISIT = "visit", "下访"
    APPOINTMENT = "appointment", "约访"
    CASE = "case", "包案"


COLLECTIVE_THRESHOLD = 5  # 5人以上为集体访

PETITION_CATEGORIES = [
    ("land", "土地征收与承包"),
    ("demolition", "房屋拆迁与宅基地"),
    ("labour", "劳动保障与欠薪"),
    ("social_security", "社会保障与救助"),
    ("environment", "生态环境"),
    ("construction", "城乡建设与住房"),
    ("agriculture", "农业农村"),
    ("law_enforcement", "执法监督"),
    ("village_affairs", "村务管理"),
    ("neighbourhood", "邻里与家庭纠纷"),
    ("other", "其他"),
]
