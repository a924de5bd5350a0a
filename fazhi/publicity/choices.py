from django.db import models


class ActivityForm(models.TextChoices):
    LECTURE = "lecture", "讲座"
    STALL = "stall", "宣传摊位"
    QUIZ = "quiz", "有奖竞答"
    HOME_VISIT = "home_visit", "送法上门"
    ARTS = "arts", "法治文艺"
    ONLINE = "online", "线上宣传"
    OTHER = "other", "其他"


class StudyKind(models.TextChoices):
    CENTRAL_GROUP = "central_group", "党委理论学习中心组学法"
    PRE_MEETING = "pre_meeting", "会前学法"
    STAFF_MEETING = "staff_meeting", "干部职工会议学法"
    TRAINING = "training", "法律知识培训"
    ONLINE = "online", "法宣在线"
    LECTURE = "lecture", "法治讲座"


class VolunteerRole(models.TextChoices):
    LEGAL_LITERATE = "legal_literate", "法律明白人"
    POLITICS_LAW = "politics_law", "政法委员"
    PROPAGANDIST = "propagandist", "义务法治宣传员"


class TitleLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCE_CITY = "province_city", "省/市"
    DISTRICT = "district", "区"


class ReviewStatus(models.TextChoices):
    VALID = "valid", "有效"
    UNDER_REVIEW = "under_review", "复核中"
    REVOKED = "revoked", "已撤销"


MONTHS = [(m, f"{m}月") for m in range(1, 13)]

# 法律七进: the district's configurable list of target categories (domain.md §2.1).
QIJIN = [
    ("jiguan", "进机关"),
    ("xiangcun", "进乡村"),
    ("shequ", "进社区"),
    ("xuexiao", "进学校"),
    ("qiye", "进企业"),
    ("danwei", "进单位"),
    ("jiating", "进家庭"),
    ("wangluo", "进网络"),
]
