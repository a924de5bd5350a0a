"""Any write to the overrides or rules drops the cached calendar of this process at once."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import engine
from .models import CalendarOverride, ClockRule


@receiver([post_save, post_delete], sender=CalendarOverride)
@receiver([post_save, post_delete], sender=ClockRule)
def _invalidate(sender, **kwargs):
    engine.invalidate()
