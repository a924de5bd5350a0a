"""The pages: template, upload → preview → confirm with progress, export masked or full; outsiders get 404."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import login
from fazhi.audit.models import AuditEvent
from fazhi.core import ledgers
from fazhi.disputes.tests.samples import dispute
from fazhi.imports import writer
from fazhi.imports.models import ImportJob
from fazhi.imports.reader import read_book
from fazhi.imports.services import import_job_run

from .helpers import count, wipe


def test_it_offers_the_links_on_the_list_page(client, cast):
    body = login(client, cast.clerk).get(reverse("ledger-list", args=["disputes"])).content.decode()
    for text in ("下载模板", "导入", "导出Excel"):
        assert text in body


def test_it_serves_a_template_with_an_explanation_sheet(client, cast):
    r = login(client, cast.leader).get(reverse("import-template", args=["disputes"]))
    book = read_book(r.content, "t.xlsx")
    assert [s.name for s in book.sheets] == ["矛盾纠纷", "当事人", "填写说明", "选项"]
    assert book.sheets[0].rows[0][:4] == ["编号", "乡镇", "村/社区", "村民小组"]


def test_it_previews_then_imports_on_confirmation(client, cast, django_capture_on_commit_callbacks):
    spec = ledgers.get("disputes")
    dispute(cast)
    content = login(client, cast.clerk).get(reverse("export-list", args=["disputes"]) + "?full=1").content
    wipe(spec, cast.a)
    upload = SimpleUploadedFile("台账.xlsx", content)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("import-start", args=["disputes"]), {"township": cast.a.pk, "file": upload})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and job.dry_run and job.status == "done"
    assert count(spec) == 0
    page = client.get(reverse("import-job", args=["disputes", job.pk])).content.decode()
    assert "将新增1条" in page and "确认导入" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import-confirm", args=["disputes", job.pk]))
    assert ImportJob.objects.latest("pk").status == "done"
    assert count(spec) == 2


def test_it_shows_errors_by_row_and_column(client, cast, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("a.xlsx", b"not a workbook")
    with django_capture_on_commit_callbacks(execute=True):
        login(client, cast.clerk).post(
            reverse("import-start", args=["disputes"]), {"township": cast.a.pk, "file": upload}
        )
    job = ImportJob.objects.get()
    page = client.get(
        reverse("import-job", args=["disputes", job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "文件已损坏或不是有效的Excel文件" in page and "确认导入" not in page


def test_it_exports_masked_by_default_and_logs_a_full_export(client, cast):
    dispute(cast)
    login(client, cast.clerk)
    masked = client.get(reverse("export-list", args=["disputes"]))
    from fazhi.imports.reader import FileRefused

    try:
        read_book(masked.content, "m.xlsx")
        raise AssertionError("a masked export must be refused")
    except FileRefused as exc:
        assert str(exc) == "此文件为脱敏导出，不能导入"
    full = client.get(reverse("export-list", args=["disputes"]) + "?full=1")
    read_book(full.content, "f.xlsx")
    assert AuditEvent.objects.filter(action="export_full", user=cast.clerk).count() == 1
    # The leader may not reveal personal data: asking for a full export still gives a masked one.
    login(client, cast.leader)
    again = client.get(reverse("export-list", args=["disputes"]) + "?full=1")
    assert AuditEvent.objects.filter(action="export_full").count() == 1
    assert again.status_code == 200


def test_it_exports_only_the_filtered_scoped_records(client, cast):
    from datetime import date

    dispute(cast, received_on=date(2025, 3, 2))
    dispute(cast, received_on=date(2025, 1, 2))
    login(client, cast.clerk)
    content = client.get(reverse("export-list", args=["disputes"]) + "?date_from=2025-03-01&full=1").content
    assert len(read_book(content, "f.xlsx").sheets[0].rows) == 2  # header + one record


def test_it_answers_404_to_outsiders(client, cast):
    dispute(cast)
    login(client, cast.clerk)
    upload = SimpleUploadedFile("a.xlsx", b"x")
    client.post(reverse("import-start", args=["disputes"]), {"township": cast.a.pk, "file": upload})
    job = ImportJob.objects.get()
    for user in (cast.clerk_b, cast.sysadmin, cast.auditor, cast.leader):
        login(client, user)
        assert client.get(reverse("import-job", args=["disputes", job.pk])).status_code == 404
        assert client.post(reverse("import-confirm", args=["disputes", job.pk])).status_code == 404
        assert client.get(reverse("import-mapping", args=["disputes", job.pk])).status_code == 404
    for user in (cast.sysadmin, cast.auditor):
        login(client, user)
        assert client.get(reverse("export-list", args=["disputes"])).status_code == 404
        assert client.get(reverse("import-template", args=["disputes"])).status_code == 404
    login(client, cast.leader)
    assert client.get(reverse("import-start", args=["disputes"])).status_code == 404
    # B's clerk exports B's records only: none of A's.
    login(client, cast.clerk_b)
    content = client.get(reverse("export-list", args=["disputes"]) + "?full=1").content
    assert len(read_book(content, "f.xlsx").sheets[0].rows) == 1
    assert (
        client.post(
            reverse("import-start", args=["disputes"]),
            {"township": cast.a.pk, "file": SimpleUploadedFile("a.xlsx", b"x")},
        ).status_code
        == 200
    )  # A is not offered: the form refuses it
    assert ImportJob.objects.count() == 1


def test_the_job_page_shows_progress_the_import_has_not_committed_yet(client, cast):
    # The worker reports progress from inside the import's transaction, so the job row cannot carry it.
    job = ImportJob.objects.create(
        township=cast.a, ledger="disputes", user=cast.clerk, filename="a.xlsx", content=b"x", status="running"
    )
    job.set_progress("写入", 30_000, 100_000)
    assert ImportJob.objects.get(pk=job.pk).done == 0
    page = (
        login(client, cast.clerk)
        .get(reverse("import-job", args=["disputes", job.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "30000 / 100000" in page and "（写入）" in page and 'value="30000" max="100000"' in page


def test_the_progress_bar_moves_during_a_real_import(cast, monkeypatch):
    spec = ledgers.get("disputes")
    dispute(cast)
    content = writer.export(spec, spec.model.objects.filter(township=cast.a), masked=False)
    wipe(spec, cast.a)
    job = ImportJob.objects.create(
        township=cast.a, ledger="disputes", user=cast.clerk, filename="a.xlsx", content=content, dry_run=False
    )
    seen = []
    original = ImportJob.set_progress

    def spy(self, stage, done, total):
        original(self, stage, done, total)
        seen.append(ImportJob.objects.get(pk=self.pk).with_progress().stage)

    monkeypatch.setattr(ImportJob, "set_progress", spy)
    assert import_job_run(job_id=job.pk).status == "done"
    assert "校验" in seen and "写入" in seen
    assert count(spec) == 2
