"""The migration that moves stored import files out of the job row (an encrypted column) into the default
storage: run on the database as it was before it, each job's workbook ends up in the storage, encrypted,
and reads back the same; the column is gone. Backwards, the files return to the column."""

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.imports.models import ImportJob

BEFORE = [("imports", "0003_encrypt_stored_uploads")]
AFTER = [("imports", "0004_import_files_in_storage")]
pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _columns() -> set[str]:
    with connection.cursor() as cur:
        return {c.name for c in connection.introspection.get_table_description(cur, ImportJob._meta.db_table)}


def test_stored_workbooks_move_to_the_storage_encrypted(cast):
    old_apps = _migrate(BEFORE)
    try:
        OldJob = old_apps.get_model("imports", "ImportJob")
        common = {
            "township_id": cast.a.pk,
            "user_id": cast.clerk.pk,
            "ledger": "disputes",
            "filename": "张三.xlsx",
        }
        kept = OldJob.objects.create(content=b"PK\x03\x04 kept workbook", **common)
        purged = OldJob.objects.create(content=b"", **common)
        with connection.cursor() as cur:
            cur.execute(f"SELECT content FROM {ImportJob._meta.db_table} WHERE id = %s", [kept.pk])
            assert bytes(cur.fetchone()[0]).startswith(b"v1:t1:")  # the column was encrypted already
    finally:
        _migrate(AFTER)
    assert "content" not in _columns()
    job = ImportJob.objects.get(pk=kept.pk)
    assert job.upload.name.startswith("imports/") and "张三" not in job.upload.name
    with default_storage.open(job.upload.name, "rb") as f:
        stored = f.read()
    assert stored.startswith(b"v1:t1:") and b"kept workbook" not in stored
    assert job.content == b"PK\x03\x04 kept workbook"
    assert ImportJob.objects.get(pk=purged.pk).upload.name == ""

    # And back: the workbook returns to the column, the file is deleted.
    name = job.upload.name
    old_apps = _migrate(BEFORE)
    try:
        OldJob = old_apps.get_model("imports", "ImportJob")
        assert bytes(OldJob.objects.get(pk=kept.pk).content) == b"PK\x03\x04 kept workbook"
        assert not default_storage.exists(name)
    finally:
        _migrate(AFTER)
    assert ImportJob.objects.get(pk=kept.pk).content == b"PK\x03\x04 kept workbook"
