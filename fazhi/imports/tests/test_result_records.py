"""The result of an import names the records it created and updated by 编号, with links (page and API)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import login
from fazhi.core import ledgers
from fazhi.disputes.tests.samples import dispute
from fazhi.imports.models import ImportJob
from tests.factories import valid_id

from .helpers import edit, wipe
from .test_refusals import GOOD, _book


def _upload_and_confirm(client, cast, content, capture, on_conflict="update") -> ImportJob:
    upload = SimpleUploadedFile("台账.xlsx", content)
    with capture(execute=True):
        client.post(reverse("import-start", args=["disputes"]), {"township": cast.a.pk, "file": upload})
    dry = ImportJob.objects.latest("pk")
    with capture(execute=True):
        client.post(reverse("import-confirm", args=["disputes", dry.pk]), {"on_conflict": on_conflict})
    job = ImportJob.objects.latest("pk")
    assert job.status == "done" and not job.dry_run, job.result
    return job


def test_the_job_page_and_the_api_list_the_created_records(client, cast, django_capture_on_commit_callbacks):
    spec = ledgers.get("disputes")
    wipe(spec, cast.a)
    rows = [GOOD, ["2", *GOOD[1:6], "第二起"]]
    parties = [[str(i), "申请人", "张三", valid_id(seq=i), "13812345678"] for i in (1, 2)]
    login(client, cast.clerk)
    job = _upload_and_confirm(client, cast, _book(rows, parties), django_capture_on_commit_callbacks)
    created = list(spec.model.objects.filter(township=cast.a).order_by("pk"))
    assert len(created) == 2
    page = client.get(reverse("import-job", args=["disputes", job.pk])).content.decode()
    assert "新增的记录" in page
    for rec in created:
        assert f'<a href="/ledger/disputes/{rec.pk}/">{rec.number}</a>' in page
    data = client.get(f"/api/v1/imports/disputes/jobs/{job.pk}/").json()
    assert data["created"] == 2 and data["status"] == "done"
    assert [(r["number"], r["url"]) for r in data["created_records"]] == [
        (rec.number, f"/ledger/disputes/{rec.pk}/") for rec in created
    ]
    assert client.get(data["created_records"][0]["api_url"]).json()["number"] == created[0].number


def test_the_result_lists_the_updated_records(client, cast, django_capture_on_commit_callbacks):
    record = dispute(cast)
    login(client, cast.clerk)
    exported = client.get(reverse("export-list", args=["disputes"]) + "?full=1").content

    def change_summary(wb):
        ws = wb.worksheets[0]
        header = [c.value for c in next(ws.iter_rows(max_row=1))]
        column = header.index("纠纷概要") + 1
        for row in ws.iter_rows(min_row=2):
            if row[0].value == record.number:
                row[column - 1].value = "双方在调解员主持下重新协商"

    job = _upload_and_confirm(
        client, cast, edit(exported, change_summary), django_capture_on_commit_callbacks
    )
    record.refresh_from_db()
    assert record.summary == "双方在调解员主持下重新协商"
    page = client.get(reverse("import-job", args=["disputes", job.pk])).content.decode()
    assert "更新的记录" in page
    assert f'<a href="/ledger/disputes/{record.pk}/">{record.number}</a>' in page
    data = client.get(f"/api/v1/imports/disputes/jobs/{job.pk}/").json()
    assert [r["number"] for r in data["updated_records"]] == [record.number]


def test_nobody_else_reads_the_job_through_the_api(client, cast, django_capture_on_commit_callbacks):
    login(client, cast.clerk)
    job = _upload_and_confirm(client, cast, _book([GOOD]), django_capture_on_commit_callbacks)
    login(client, cast.leader)
    assert client.get(f"/api/v1/imports/disputes/jobs/{job.pk}/").status_code == 404
    login(client, cast.cadre)
    assert client.get(f"/api/v1/imports/disputes/jobs/{job.pk}/").status_code == 404
