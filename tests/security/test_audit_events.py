"""What the audit log holds about exports and downloads: the filters and the row count of an export, the
downloaded attachment, each with the client's address; never the searched term itself."""

from django.urls import reverse

from conftest import login
from fazhi.audit.models import AuditEvent
from fazhi.core.models import Attachment
from tests.helpers import upload


def test_it_logs_an_export_with_its_filters_and_row_count(cast, records, client):
    login(client, cast.clerk)
    url = reverse("export-list", args=["disputes"])
    client.get(url, {"village": cast.a1.pk}, REMOTE_ADDR="192.0.2.10")
    event = AuditEvent.objects.filter(action="export", user=cast.clerk).latest("pk")
    assert "，1条" in event.detail and f"village={cast.a1.pk}" in event.detail
    assert event.ip_address == "192.0.2.10"
    client.get(url, {"q": "张三"})
    event = AuditEvent.objects.filter(action="export", user=cast.clerk).latest("pk")
    assert "张三" not in event.detail and "q=（2字）" in event.detail


def test_it_logs_an_attachment_download_with_the_address(cast, records, client):
    login(client, cast.clerk)
    client.post(
        reverse("attachment-upload", kwargs={"ledger": "disputes", "pk": records.a1.pk}),
        {"file": upload("协议.pdf", b"%PDF-1.4 x", "application/pdf"), "kind": "scan", "note": ""},
    )
    attachment = Attachment.objects.get()
    url = reverse(
        "attachment-download",
        kwargs={"ledger": "disputes", "pk": records.a1.pk, "attachment_id": attachment.pk},
    )
    assert client.get(url, REMOTE_ADDR="192.0.2.11").status_code == 200
    event = AuditEvent.objects.filter(detail__startswith="下载附件").get()
    assert (event.username, event.ip_address, event.object_id) == ("clerk", "192.0.2.11", str(records.a1.pk))
    assert "协议.pdf" in event.detail
