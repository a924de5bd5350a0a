"""Stored import files move from the job row (an encrypted column) to Django's default storage, still
encrypted (fazhi/core/storage.py), so that every app server and the worker read the same file; the
column is dropped once its contents are written out."""

from django.core.files.base import ContentFile
from django.db import migrations, models

import fazhi.core.fields
import fazhi.core.storage
import fazhi.imports.models


def to_storage(apps, schema_editor):
    """Each job's stored workbook (decrypted by the column's field) written encrypted to the storage."""
    ImportJob = apps.get_model("imports", "ImportJob")
    db = schema_editor.connection.alias
    storage = ImportJob._meta.get_field("upload").storage
    pks = list(ImportJob.objects.using(db).exclude(content=b"").values_list("pk", flat=True))
    for pk in pks:
        content = bytes(ImportJob.objects.using(db).values_list("content", flat=True).get(pk=pk))
        if not content:
            continue
        name = storage.save(fazhi.imports.models.upload_path(None, "upload.bin"), ContentFile(content))
        ImportJob.objects.using(db).filter(pk=pk).update(upload=name, content=b"")


def to_column(apps, schema_editor):
    ImportJob = apps.get_model("imports", "ImportJob")
    db = schema_editor.connection.alias
    storage = ImportJob._meta.get_field("upload").storage
    for pk, name in list(ImportJob.objects.using(db).exclude(upload="").values_list("pk", "upload")):
        try:
            with storage.open(name) as f:
                content = f.read()
        except FileNotFoundError:
            content = b""
        ImportJob.objects.using(db).filter(pk=pk).update(content=content, upload="")
        storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_encrypt_stored_uploads"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="upload",
            field=models.FileField(
                blank=True,
                max_length=255,
                storage=fazhi.core.storage.encrypted_storage,
                upload_to=fazhi.imports.models.upload_path,
                verbose_name="上传文件",
            ),
        ),
        migrations.RunPython(to_storage, to_column),
        # A default first, so that backwards the column comes back filled with b"" before the files return.
        migrations.AlterField(
            model_name="importjob",
            name="content",
            field=fazhi.core.fields.EncryptedBinaryField(default=b"", verbose_name="文件内容"),
        ),
        migrations.RemoveField(model_name="importjob", name="content"),
    ]
