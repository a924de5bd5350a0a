import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.core.models import LedgerRecord
from fazhi.core.validators import not_in_future as date_not_in_future
from fazhi.deadlines.engine import get_calendar, get_rule
from fazhi.deadlines.rules import compute_due

from .choices import Platform, Satisfaction, TicketStatus

REPLY_RULE = "ticket_reply"


def not_in_future(value):
    if value and value > timezone.now():
        raise ValidationError("时间不能晚于当前时间")


def end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def default_due(received_at: dt.datetime) -> dt.datetime:
    """End of the rule's last day (default the 5th working day after receipt), when the platform gives
    no time limit."""
    due = compute_due(get_rule(REPLY_RULE), timezone.localtime(received_at).date(), get_calendar()).due
    return end_of_day(due)


class Ticket(LedgerRecord):
    """A ticket assigned by a higher platform (12345热线, 互联网+督查) and its reply."""

    platform = models.CharField("来源平台", max_length=16, choices=Platform.choices, default=Platform.HOTLINE)
    ticket_number = models.CharField("工单编号", max_length=64)
    received_at = models.DateTimeField("接收时间", validators=[not_in_future])
    due_at = models.DateTimeField(
        "办理时限", null=True, blank=True, help_text="按平台载明的时限填写；不填则为接收后5个工作日"
    )
    category = models.ForeignKey(
        "core.Category",
        verbose_name="工单类别",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_key": "ticket_category"},
    )
    content = models.TextField("诉求内容")
    handling_office = models.CharField("承办单位", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=TicketStatus.choices, default=TicketStatus.HANDLING, editable=False
    )
    reply_text = models.TextField("答复内容", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True, validators=[not_in_future])
    on_time = models.BooleanField("按时答复", null=True, editable=False)
    redo_count = models.PositiveIntegerField("退回重办次数", default=0, editable=False)
    return_reason = models.TextField("退回原因", blank=True)
    satisfaction = models.CharField("满意度", max_length=16, choices=Satisfaction.choices, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, validators=[date_not_in_future])

    class Meta:
        verbose_name = "工单"
        verbose_name_plural = "工单"
        indexes = [
            models.Index(fields=["township", "received_at"]),
            models.Index(fields=["township", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "ticket_number"],
                name="unique_ticket_number_per_platform",
                violation_error_message="该平台已有相同工单编号",
            )
        ]

    def clean(self):
        if self.ticket_number:
            self.ticket_number = self.ticket_number.strip()
        if self.received_at and not self.due_at:
            self.due_at = default_due(self.received_at)
        if self.received_at and self.due_at and self.due_at < self.received_at:
            raise ValidationError({"due_at": "办理时限不能早于接收时间"})
        if self.received_at and self.replied_at and self.replied_at < self.received_at:
            raise ValidationError({"replied_at": "答复时间不能早于接收时间"})
        if self.replied_at and self.closed_on and self.closed_on < timezone.localtime(self.replied_at).date():
            raise ValidationError({"closed_on": "办结日期不能早于答复时间"})
