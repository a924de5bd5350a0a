from django.db import models


class Leader(models.TextChoices):
    SECRETARY = "secretary", "党委书记"
    MAYOR = "mayor", "乡镇长"
    OTHER = "other", "其他"


class DutyKind(models.TextChoices):
    MEETING = "meeting", "专题会议研究部署"
    REPORT = "report", "听取工作汇报"
    ACCOUNT = "account", "述法"
    LECTURE = "lecture", "法治党课/宣讲"
    FUNDING = "funding", "经费保障"
    SUPERVISION = "supervision", "督办"
