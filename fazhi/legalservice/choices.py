from django.db import models


class ConsultationMode(models.TextChoices):
    ONSITE = "onsite", "现场"
    PHONE = "phone", "电话"
    WECHAT = "wechat", "微信"
    ONLINE = "online", "线上"


CONSULTATION_TOPICS = [
    ("marriage", "婚姻家庭"),
    ("land", "土地"),
    ("labour", "劳动"),
    ("contract", "合同"),
    ("neighbour", "邻里"),
    ("inheritance", "继承"),
    ("other", "其他"),
]
