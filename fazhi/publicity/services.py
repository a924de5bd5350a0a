"""Rules and workflow steps of the 普法 ledgers; each step checks it is allowed and writes history."""

from django.core.exceptions import ValidationError

from .models import ModelVillage, StudyPlan, StudyPlanItem, StudySession


def plan_refresh(plan: StudyPlan) -> StudyPlan:
    """Mark the plan's items done when an active session ticks them, and summarise the plan.

    Derived data: saved without a history row and without a new version, so that it never
    conflicts with a clerk editing the plan.
    """
    ticked = set(
        StudySession.objects.filter(plan_item__plan=plan, voided=False).values_list("plan_item_id", flat=True)
    )
    items = list(StudyPlanItem.objects.filter(plan=plan).order_by("month", "pk"))
    for item in items:
        done = item.pk in ticked
        if item.done != done:
            item.done = done
            item.skip_history_when_saving = True
            item.save(update_fields=["done"])
            del item.skip_history_when_saving
    left = [f"{i.month}月 {i.topic}" for i in items if not i.done]
    summary = f"已学{len(items) - len(left)}项/共{len(items)}项"
    if left:
        summary += "；未学：" + "、".join(left)
    summary = summary[:500]
    if plan.progress != summary:
        plan.progress = summary
        plan.skip_history_when_saving = True
        plan.save(update_fields=["progress"])
        del plan.skip_history_when_saving
    return plan


def refresh_plans(plan_ids) -> None:
    for plan in StudyPlan.objects.filter(pk__in=[p for p in plan_ids if p]):
        plan_refresh(plan)


def sessions_after_write(records, user, before=()) -> None:
    """The after_write hook of 学法活动: the plans whose items the sessions tick, or ticked before."""
    items = sorted({r.plan_item_id for r in [*records, *before] if r.plan_item_id})
    plans: set[int] = set()
    for i in range(0, len(items), 1000):  # under SQLite's limit of query parameters
        chunk = items[i : i + 1000]
        plans.update(StudyPlanItem.objects.filter(pk__in=chunk).values_list("plan_id", flat=True))
    refresh_plans(plans)


def plans_after_write(records, user, before=()) -> None:
    """The after_write hook of 学法计划: items added, edited or removed change the marks and summary."""
    for plan in records:
        plan_refresh(plan)


def review_checks(village: ModelVillage, data: dict) -> None:
    if village.reviewed_on and village.reviewed_on < village.awarded_on:
        raise ValidationError({"reviewed_on": "复核日期不能早于命名日期"})
