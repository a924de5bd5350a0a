"""Personal data encrypted at rest: ciphertext in the main and history tables (read with SQL), the SM4
option, key files, rotation, blind-index search and import matching, stored uploads encrypted and purged."""

import base64
import io
import json
import os
import stat
import time
from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from fazhi.core import crypto, ledgers
from fazhi.core.display import history_entries
from fazhi.core.fields import BlindIndexField, EncryptedCharField, index_of
from fazhi.core.rotation import encrypt_existing_rows, reencrypt_model
from fazhi.core.services import record_create
from fazhi.core.storage import random_path, reencrypt_files
from fazhi.disputes.models import DisputeParty
from fazhi.disputes.tests.samples import dispute
from fazhi.imports import jobs, writer
from fazhi.imports.importer import import_workbook
from fazhi.imports.models import ImportJob, JobStatus
from fazhi.imports.tests.helpers import edit, wipe
from fazhi.publicity.models import LegalVolunteer, VolunteerRole
from tests.factories import valid_id

ID = valid_id(seq=61)
PARTY = {"name": "张三丰", "id_number": ID, "phone": "13812345678", "address": "云岭区青山镇青山村3组12号"}
OLD_KEY = "t1:" + "dGVzdC1kYXRhLWtleS0wMDAwMDAwMDAwMDAwMDAwMDA="
NEW_KEY = "t2:" + base64.b64encode(b"n" * 32).decode()


def _stored(name: str) -> bytes:
    """A stored file's bytes as they are in the storage (the folder or bucket the servers share)."""
    with default_storage.open(name, "rb") as f:
        return f.read()


def _raw(table: str, columns: list[str], where: str = "", params=()) -> list[tuple]:
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(table)} {where}", list(params))
        return cur.fetchall()


def _party_tables():
    return [DisputeParty._meta.db_table, DisputeParty.history.model._meta.db_table]


def test_every_personal_field_of_every_ledger_is_encrypted_in_main_and_history_tables():
    checked = 0
    for spec in ledgers.all_ledgers():
        parts = [(spec.model, spec.personal)] + [(c.model, c.personal) for c in spec.children]
        for model, personal in parts:
            for name, kind in personal.items():
                for m in (model, model.history.model):
                    assert isinstance(m._meta.get_field(name), EncryptedCharField), (m, name)
                    if kind != "address":  # names, 身份证号 and phones are found by their blind index
                        assert isinstance(index_of(m, name), BlindIndexField), (m, name)
                checked += 1
    assert checked >= 17


def test_the_columns_hold_ciphertext_and_the_model_plaintext(cast):
    record = dispute(cast, id_number=ID)
    dispute(cast, id_number=ID)  # the same person again: a different ciphertext
    for table in _party_tables():
        rows = _raw(table, ["name", "id_number", "phone", "address", "name_bidx", "id_number_bidx"])
        assert rows
        for row in rows:
            assert all(v.startswith("v1:t1:") for v in row[:4]), row
            assert not any(plain in v for v in row for plain in PARTY.values())
            assert [crypto.decrypt(v) for v in row[:4]] == list(PARTY.values())
            assert row[4] == crypto.blind_index("张三丰", "name") and len(row[4]) == 64
    names = [r[0] for r in _raw(DisputeParty._meta.db_table, ["name"])]
    assert len(set(names)) == len(names) == 2  # a random nonce per value
    party = DisputeParty.objects.filter(dispute=record).get()
    assert (party.name, party.id_number, party.phone, party.address) == tuple(PARTY.values())


def test_an_altered_ciphertext_is_refused_not_misread(cast):
    token = crypto.encrypt("张三丰")
    version, kid, payload = crypto.token_parts(token)
    blob = bytearray(base64.b64decode(payload))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{version}:{kid}:{base64.b64encode(bytes(blob)).decode()}")


def test_the_sm4_option_writes_sm4_and_still_reads_aes(cast, settings):
    aes = crypto.encrypt("李建国")
    settings.FAZHI_CIPHER = "sm4-gcm"
    record = dispute(cast, id_number=ID)
    (name,) = _raw(DisputeParty._meta.db_table, ["name"])[0]
    assert name.startswith("s1:t1:") and crypto.decrypt(name) == "张三丰"
    assert crypto.decrypt(aes) == "李建国"
    assert DisputeParty.objects.get(dispute=record).id_number == ID
    settings.FAZHI_CIPHER = "des"
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")


def test_rotate_key_reencrypts_main_and_history_rows_and_stored_uploads(cast, settings):
    record = dispute(cast, id_number=ID)
    job = ImportJob.objects.create(
        township=cast.a, user=cast.clerk, ledger="disputes", filename="a.xlsx", content=b"PK\x03\x04 workbook"
    )
    settings.FAZHI_DATA_KEY = f"{NEW_KEY},{OLD_KEY}"
    out = io.StringIO()
    call_command("rotate-key", "--batch", "1", stdout=out)
    assert "当前密钥 t2" in out.getvalue()
    for table in _party_tables():
        for row in _raw(table, ["name", "id_number", "phone", "address"]):
            assert all(v.startswith("v1:t2:") for v in row), row
    first = job.upload.name
    job.refresh_from_db()
    assert _stored(job.upload.name).startswith(b"v1:t2:")
    assert not default_storage.exists(first)  # written anew under the new key, the old file deleted
    assert reencrypt_files(ImportJob) == 0
    settings.FAZHI_DATA_KEY = NEW_KEY  # the old key gone: everything still reads
    party = DisputeParty.objects.get(dispute=record)
    assert (party.name, party.id_number) == ("张三丰", ID)
    assert bytes(ImportJob.objects.get(pk=job.pk).content) == b"PK\x03\x04 workbook"
    assert reencrypt_model(DisputeParty) == 0  # nothing left to do


def test_rotate_key_with_a_key_file_adds_a_key_and_keeps_the_file_private(cast, settings, tmp_path):
    path = tmp_path / "keys" / "data-keys.json"
    settings.FAZHI_DATA_KEY, settings.FAZHI_INDEX_KEY = "", ""
    settings.FAZHI_KEY_FILE, settings.FAZHI_KEY_AUTOCREATE = str(path), True
    record = dispute(cast, id_number=ID)  # the file is created on first use (development)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _raw(DisputeParty._meta.db_table, ["name"])[0][0].startswith("v1:k1:")
    call_command("rotate-key", "--new-key", stdout=io.StringIO())
    data = json.loads(path.read_text())
    assert data["current"] == "k2" and set(data["keys"]) == {"k1", "k2"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _raw(DisputeParty._meta.db_table, ["name"])[0][0].startswith("v1:k2:")
    assert DisputeParty.objects.get(dispute=record).name == "张三丰"
    os.chmod(path, 0o644)
    crypto.keyring.cache_clear()
    with pytest.raises(ImproperlyConfigured, match="600"):
        crypto.encrypt("x")


def test_production_settings_never_create_a_key(settings, tmp_path):
    settings.FAZHI_DATA_KEY, settings.FAZHI_INDEX_KEY = "", ""
    settings.FAZHI_KEY_FILE, settings.FAZHI_KEY_AUTOCREATE = str(tmp_path / "k.json"), False
    with pytest.raises(ImproperlyConfigured, match="FAZHI_DATA_KEY"):
        crypto.encrypt("x")
    assert not (tmp_path / "k.json").exists()


def test_the_list_finds_a_person_by_whole_name_id_number_or_phone_only(cast, client):
    record = dispute(cast, id_number=ID)
    other = dispute(cast, id_number=valid_id(seq=62), phone="13900001111")
    url = reverse("ledger-list", args=["disputes"])
    client.force_login(cast.clerk)

    def found(q):
        page = client.get(url, {"q": q}).content.decode()
        return {r.number for r in (record, other) if r.number in page}

    assert found(ID) == {record.number}
    assert found(ID.lower()[:-1] + ID[-1].lower()) == {record.number}  # normalised like the form does
    assert found("+86 138-1234-5678") == {record.number}
    assert found("张三丰") == {record.number, other.number}
    assert found("张三") == found(ID[:10]) == found("1381234") == set()  # no part of a value
    assert found("排水沟") == {record.number, other.number}  # other fields: a part still matches
    api = client.get("/api/v1/disputes/", {"q": "13900001111"}).json()
    assert [r["number"] for r in api["results"]] == [other.number]


def test_the_blind_index_depends_on_its_own_key(settings):
    before = crypto.blind_index("张三丰", "name")
    assert crypto.blind_index(" 张三丰 ", "name") == before
    settings.FAZHI_INDEX_KEY = base64.b64encode(b"i" * 32).decode()
    assert crypto.blind_index("张三丰", "name") not in ("", before)


def test_the_migration_step_encrypts_rows_written_in_plaintext(cast):
    dispute(cast, id_number=ID)
    for table in _party_tables():  # as the rows were before encryption
        with connection.cursor() as cur:
            cur.execute(
                f"UPDATE {table} SET name = %s, id_number = %s, phone = %s, address = %s, name_bidx = ''",
                list(PARTY.values()),
            )
    from django.apps import apps

    class Editor:
        pass

    Editor.connection = connection
    encrypt_existing_rows("disputes")(apps, Editor)
    for table in _party_tables():
        for row in _raw(table, ["name", "id_number", "phone", "address", "name_bidx"]):
            assert all(v.startswith("v1:") for v in row[:4]) and row[4] == crypto.blind_index(
                "张三丰", "name"
            )


def test_the_fast_import_writes_ciphertext_and_indexes(cast):
    spec = ledgers.get("disputes")
    record = dispute(cast, id_number=ID)
    content = writer.export(spec, spec.model.objects.filter(pk=record.pk), masked=False)
    wipe(spec, cast.a)
    result = import_workbook(
        spec=spec, township=cast.a, user=cast.clerk, content=content, filename="a.xlsx", fast=True
    )
    assert result.as_dict()["errors"] == []
    for table in _party_tables():
        rows = _raw(table, ["name", "id_number", "name_bidx", "id_number_bidx"])
        assert rows
        for row in rows:
            assert row[0].startswith("v1:") and crypto.decrypt(row[1]) == ID
            assert row[2:] == (crypto.blind_index("张三丰", "name"), crypto.blind_index(ID, "id_number"))


def test_import_matches_a_person_by_blind_index(cast):
    spec = ledgers.get("legal-volunteers")
    data = {"township": cast.a, "village": cast.a1, "name": "王秀兰", "role": VolunteerRole.choices[0][0]}
    volunteer = record_create(spec=spec, user=cast.clerk, data=data | {"trained_on": date(2025, 1, 2)})
    content = writer.export(spec, spec.model.objects.filter(pk=volunteer.pk), masked=False)
    content = edit(content, lambda wb: _drop_number(wb, volunteer.number))
    result = import_workbook(
        spec=spec, township=cast.a, user=cast.clerk, content=content, filename="a.xlsx", fast=True
    )
    assert result.as_dict()["errors"] == [] and result.as_dict()["created"] == 0
    assert LegalVolunteer.objects.count() == 1


def _drop_number(wb, number):
    """The file without the platform's 编号: only the natural key (village, name) can match it."""
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == number:
                    cell.value = None


def test_stored_uploads_are_encrypted_and_purged_after_thirty_days(cast, settings):
    assert settings.FAZHI_IMPORT_KEEP_DAYS == 30

    def job(days):
        return ImportJob.objects.create(
            township=cast.a,
            user=cast.clerk,
            ledger="disputes",
            filename="a.xlsx",
            content=b"PK\x03\x04 secret",
            status=JobStatus.DONE,
            finished_at=timezone.now() - timedelta(days=days),
        )

    old, recent = job(31), job(29)
    # In the default storage (shared by the servers), under a random name, encrypted.
    assert recent.upload.name.startswith("imports/") and "a.xlsx" not in recent.upload.name
    raw = _stored(recent.upload.name)
    assert raw.startswith(b"v1:t1:") and b"secret" not in raw and b"PK" not in raw
    old_name = old.upload.name
    assert default_storage.exists(old_name)
    assert jobs.import_jobs_purge() == 1
    old.refresh_from_db()
    assert not default_storage.exists(old_name)  # the file itself is deleted
    assert old.upload.name == "" and old.content == b"" and old.purged_at
    assert ImportJob.objects.get(pk=recent.pk).content == b"PK\x03\x04 secret"
    assert jobs.import_jobs_purge() == 0


def test_an_uploaded_file_no_job_names_is_deleted_once_as_old_as_a_purged_one(cast):
    """Storage is not transactional: an upload whose transaction rolled back leaves its file behind."""
    storage = ImportJob.upload.field.storage
    stray = storage.save(random_path("imports"), ContentFile(b"PK\x03\x04 stray"))
    young = storage.save(random_path("imports"), ContentFile(b"PK\x03\x04 young"))
    named = ImportJob.objects.create(
        township=cast.a, user=cast.clerk, ledger="disputes", filename="a.xlsx", content=b"PK\x03\x04 job"
    )
    month_ago = time.time() - 31 * 24 * 3600
    for name in (stray, named.upload.name):
        os.utime(storage.path(name), (month_ago, month_ago))
    assert stray in jobs.stray_uploads(timezone.now() - timedelta(days=30))
    jobs.import_jobs_purge()
    assert not storage.exists(stray)
    assert storage.exists(young)  # its job may not be committed yet
    assert storage.exists(named.upload.name)  # a queued job's file, however old
    storage.delete(young)


def test_an_edit_keeps_the_index_in_step_and_out_of_the_history_page(cast):
    record = dispute(cast, id_number=ID)
    party = DisputeParty.objects.get(dispute=record)
    party.name = "李四"
    party.save()
    for table in _party_tables():
        indexes = {r[0] for r in _raw(table, ["name_bidx"])}
        assert crypto.blind_index("李四", "name") in indexes
    (latest,) = [e for e in history_entries(record, ledgers.get("disputes")) if e["kind"] == "修改"]
    assert latest["changes"] == [("姓名/名称", "（个人信息已修改）", "")]
