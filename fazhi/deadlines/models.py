"""Calendar overrides, clock rules kept as data, and the clocks running on ledger records."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords


class OverrideKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"  # calendar.HOLIDAY
    WORKDAY = "workday", "调休上班"  # calendar.WORKDAY


class Unit(models.TextChoices):
    NATURAL = "natural", "自然日"  # rules.NATURAL
    WORKDAY = "workday", "工作日"  # rules.WORKDAY


class CalendarOverride(models.Model):
    """One day whose working status the administrator sets (a holiday or a 调休 working day)."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=OverrideKind.choices)
    name = models.CharField("节日名称", max_length=40, blank=True, help_text="如：春节、国庆节")
    note = models.CharField("备注", max_length=200, blank=True, help_text="如：国务院办公厅通知文号")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class ClockRule(models.Model):
    """A legal time limit kept as data: length, unit, roll to a working day, legal source."""

    key = models.CharField("代码", max_length=40, unique=True, editable=False)
    label = models.CharField("名称", max_length=60)
    length = models.PositiveIntegerField("期限", null=True, blank=True, help_text="空表示期限由记录载明")
    unit = models.CharField("单位", max_length=16, choices=Unit.choices)
    roll_forward = models.BooleanField(
        "届满日遇节假日顺延", default=True, help_text="期限最后一日不是工作日时，顺延至其后第一个工作日"
    )
    start_event = models.CharField("起算事件", max_length=60, blank=True)
    max_extension = models.PositiveIntegerField("最长延长", null=True, blank=True, help_text="空表示不限")
    legal_source = models.TextField("依据")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "时限规则"
        verbose_name_plural = "时限规则"
        ordering = ["pk"]

    def __str__(self):
        return self.label


class ClockQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)


class Clock(models.Model):
    """One legal clock of one record: rule, start, pauses, extension, due date and outcome."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    ledger = models.CharField("台账", max_length=40)
    purpose = models.CharField("时限", max_length=40)
    label = models.CharField("名称", max_length=60)
    rule_key = models.CharField("规则", max_length=40)
    # Copied from the record so that lists and scoping need no join to every ledger table.
    township = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    number = models.CharField("编号", max_length=48)
    title = models.CharField("事项", max_length=200, blank=True)
    # A window is the other side's (e.g. the petitioner's 复查 request): listed while it runs, never overdue.
    window = models.BooleanField("对方期限", default=False)
    start_on = models.DateField("起算日")
    given_due = models.DateField("载明期限", null=True, blank=True)
    extension_days = models.PositiveIntegerField("延长", default=0)
    extension_approver = models.CharField("批准人", max_length=64, blank=True)
    extension_reason = models.TextField("延长理由", blank=True)
    extended_on = models.DateField("批准日期", null=True, blank=True)
    extension_on_record = models.BooleanField(default=False)  # the ledger's own 延期 step sets it
    due_on = models.DateField("截止日期", null=True, blank=True)  # None while paused
    uncertain = models.BooleanField("日期待核实", default=False)
    explanation = models.TextField("计算说明", blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    on_time = models.BooleanField("按期", null=True)
    is_open = models.BooleanField("进行中", default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ClockQuerySet.as_manager()

    class Meta:
        verbose_name = "时限"
        verbose_name_plural = "时限"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "purpose"], name="unique_clock")
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["township", "is_open", "due_on"]),
            models.Index(fields=["is_open", "due_on"]),
            # Overdue-now counts (区级总览, 到期提醒) read open obligations only: a few rows per township
            # among years of closed clocks. A bare boolean test cannot seek an index on SQLite, so the
            # condition lives in the index instead of its columns.
            models.Index(
                fields=["township", "due_on"],
                condition=models.Q(is_open=True, window=False),
                name="clock_open_duty_township_due",
            ),
            # The navigation's overdue and due-soon counts (every page): open clocks by due date.
            models.Index(fields=["due_on"], condition=models.Q(is_open=True), name="clock_open_due"),
        ]

    def __str__(self):
        return f"{self.number} {self.label}"

    @property
    def explanation_lines(self) -> list[str]:
        return [line for line in self.explanation.splitlines() if line]


class ClockPause(models.Model):
    """Days that do not count toward a clock (e.g. a hearing during 复核); open while `to_on` is empty."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    from_on = models.DateField("暂停日期")
    to_on = models.DateField("恢复前最后暂停日", null=True, blank=True)
    reason = models.CharField("暂停理由", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "暂停计算"
        verbose_name_plural = "暂停计算"
        ordering = ["from_on", "pk"]
