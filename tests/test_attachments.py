"""Attachments: checksum stored, type and size limits with Chinese messages, scoped download."""

import hashlib

from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from fazhi.core.models import Attachment
from tests.helpers import upload


def _upload(client, record, file, kind="photo"):
    url = reverse("attachment-upload", kwargs={"ledger": "disputes", "pk": record.pk})
    return client.post(url, {"file": file, "kind": kind, "note": "现场"}, follow=True)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]


def test_it_stores_an_upload_with_its_checksum(cast, records, client):
    client.force_login(cast.clerk)
    content = b"%PDF-1.4 scanned agreement"
    response = _upload(client, records.a1, upload("调解协议.pdf", content, "application/pdf"), kind="scan")
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert (attachment.size, attachment.original_name, attachment.uploaded_by) == (
        len(content),
        "调解协议.pdf",
        cast.clerk,
    )
    url = reverse(
        "attachment-download",
        kwargs={"ledger": "disputes", "pk": records.a1.pk, "attachment_id": attachment.pk},
    )
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    client.force_login(cast.leader)
    assert client.get(url).status_code == 200
    for outsider in (cast.clerk_b, cast.outsider_reviewer, cast.sysadmin, cast.auditor):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(cast.cadre)
    other = reverse(
        "attachment-download",
        kwargs={"ledger": "disputes", "pk": records.a2.pk, "attachment_id": attachment.pk},
    )
    assert client.get(other).status_code == 404  # the attachment does not belong to that record


def test_it_refuses_a_forbidden_file_type(cast, records, client):
    client.force_login(cast.clerk)
    response = _upload(client, records.a1, upload("脚本.exe", b"MZ....", "application/octet-stream"))
    assert any("不支持的文件类型“.exe”" in m for m in _messages(response))
    assert not Attachment.objects.exists()


@override_settings(FAZHI_ATTACHMENT_MAX_BYTES=1024 * 1024)
def test_it_refuses_a_file_that_is_too_large(cast, records, client):
    client.force_login(cast.clerk)
    response = _upload(client, records.a1, upload("录像.mp4", b"0" * (1024 * 1024 + 1), "video/mp4"))
    assert any("文件过大：单个附件不能超过1MB" in m for m in _messages(response))
    assert not Attachment.objects.exists()


def test_it_refuses_uploads_by_readers(cast, records, client):
    client.force_login(cast.leader)
    assert _upload(client, records.a1, upload()).status_code == 403
    assert not Attachment.objects.exists()
