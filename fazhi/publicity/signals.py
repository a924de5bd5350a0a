"""Keep each study plan's done/not-done marks in step with the sessions that tick its items off.

Sessions are written by the shared services (create, edit, void), so the plan listens to their saves
rather than each service having to remember it.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import StudyPlan, StudyPlanItem, StudySession
from .services import plan_refresh, refresh_plans


def _plan_of(item_id):
    if not item_id:
        return None
    return StudyPlanItem.objects.filter(pk=item_id).values_list("plan_id", flat=True).first()


@receiver(pre_save, sender=StudySession)
def _remember_old_item(sender, instance, **kwargs):
    old = None
    if instance.pk:
        old = StudySession.objects.filter(pk=instance.pk).values_list("plan_item_id", flat=True).first()
    instance._old_plan_id = _plan_of(old)


@receiver(post_save, sender=StudySession)
def _session_saved(sender, instance, **kwargs):
    refresh_plans({getattr(instance, "_old_plan_id", None), _plan_of(instance.plan_item_id)})


@receiver(post_save, sender=StudyPlanItem)
def _item_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) == {"done"}:
        return  # written by plan_refresh itself
    plan_refresh(instance.plan)  # the caller's own plan object, so what it returns is current


@receiver(post_delete, sender=StudyPlanItem)
def _item_deleted(sender, instance, **kwargs):
    plan_refresh(instance.plan)


@receiver(post_save, sender=StudyPlan)
def _plan_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) == {"progress"}:
        return
    plan_refresh(instance)
