"""The restore drill: back up, restore into an empty database, and find every table's row count and
checksum equal, the audit chain intact and the attachments back; on SQLite and on PostgreSQL."""

import io
import os
import stat
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.backup.services import (
    backup_create,
    backup_restore,
    connect,
    restore_check,
    table_fingerprints,
)
from fazhi.core import crypto
from fazhi.disputes.models import DisputeParty

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASES entry for a new, empty database beside the test one; dropped afterwards."""
    settings_dict = {**connection.settings_dict}
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        settings_dict["NAME"] = f"restore_{uuid.uuid4().hex[:12]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    yield settings_dict
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')


def test_it_restores_an_identical_database_with_its_files(cast, records, tmp_path, empty_database):
    for i in range(3):
        audit_record(user=cast.clerk, action=AuditAction.UPDATE, obj=records.a1, detail=f"第{i}次")
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "证据.pdf").write_bytes(b"%PDF-1.4 fazhi")

    archive = backup_create(output_dir=tmp_path / "backups", media_root=media)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600

    restored_media = tmp_path / "restored-media"
    manifest = backup_restore(archive=archive, db=empty_database, media_root=restored_media)
    restored = connect(empty_database)
    assert manifest["tables"] == table_fingerprints(connection)
    assert manifest["tables"]["audit_auditevent"]["rows"] >= 3
    assert restore_check(manifest=manifest, connection=restored) == []
    # Encrypted personal fields come back as ciphertext that the configured key decrypts.
    party = DisputeParty.objects.get(dispute=records.a1)
    with restored.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM disputes_disputeparty WHERE id = %s", [party.pk])
        name, phone = cursor.fetchone()
    assert crypto.token_parts(name) and party.name not in name
    assert (crypto.decrypt(name), crypto.decrypt(phone)) == (party.name, party.phone)
    restored.close()
    assert (restored_media / "attachments" / "证据.pdf").read_bytes() == b"%PDF-1.4 fazhi"


def test_it_notices_a_restore_that_differs(cast, records, tmp_path, empty_database):
    archive = backup_create(output_dir=tmp_path / "backups", media_root=tmp_path / "none")
    manifest = backup_restore(archive=archive, db=empty_database, media_root=tmp_path / "m")
    restored = connect(empty_database)
    with restored.cursor() as cursor:
        cursor.execute("DELETE FROM disputes_dispute WHERE id = %s", [records.b.pk])
    problems = restore_check(manifest=manifest, connection=restored)
    restored.close()
    assert any("disputes_dispute" in p for p in problems)


def test_it_runs_as_commands(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "b"), stdout=out)
    assert "备份完成" in out.getvalue()
    assert len(list((tmp_path / "b").glob("fazhi-backup-*.tar.gz"))) == 1


def test_it_keeps_the_sqlite_file_and_uploads_private(cast, tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    if connection.vendor == "sqlite":
        connection.close()
        connection.ensure_connection()
        assert stat.S_IMODE(os.stat(connection.settings_dict["NAME"]).st_mode) == 0o600
    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("attachments/2026/证据.txt", ContentFile(b"x"))
    assert stat.S_IMODE((tmp_path / "media" / name).stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "media" / "attachments" / "2026").stat().st_mode) == 0o700
