import re

from django.db import migrations, models

_GENERATED = re.compile(r"^[dt]\d+-\d+$")


def fill_keys(apps, schema_editor):
    """A default entry counts as itself; an entry added before keys existed (generated code) as 其他."""
    Category = apps.get_model("core", "Category")
    for category in Category.objects.all().only("pk", "code"):
        key = "other" if _GENERATED.match(category.code) else category.code
        Category.objects.filter(pk=category.pk).update(key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_lean_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="key",
            field=models.CharField(blank=True, default="", max_length=40, verbose_name="对应默认类别"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
