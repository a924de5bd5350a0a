"""Seed the clock rules from DEFAULT_RULES (the defaults of domain.md §2–3)."""

from django.db import migrations


def seed(apps, schema_editor):
    from fazhi.deadlines.rules import DEFAULT_RULES

    ClockRule = apps.get_model("deadlines", "ClockRule")
    for rule in DEFAULT_RULES.values():
        ClockRule.objects.get_or_create(
            key=rule.key,
            defaults={
                "label": rule.label,
                "length": rule.length,
                "unit": rule.unit,
                "roll_forward": rule.roll_forward,
                "start_event": rule.start_event,
                "max_extension": rule.max_extension,
                "legal_source": rule.legal_source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
