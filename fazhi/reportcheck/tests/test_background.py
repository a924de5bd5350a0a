"""Uploaded reports are checked in the background worker, never in the web request; the batch page
shows progress until every report is checked."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase

from conftest import login
from fazhi.reportcheck.loader import report_from_string
from fazhi.reportcheck.models import CheckStatus, ReportFile
from fazhi.reportcheck.services import MAX_FILES, check_report
from fazhi.reportcheck.tests.reports import qingshan_2024


def _files(n, text="x"):
    return [SimpleUploadedFile(f"报告{i}.txt", text.encode()) for i in range(n)]


def test_the_upload_returns_before_the_check_and_the_worker_fills_the_result(cast, client):
    login(client, cast.reviewer)
    # Without running the on-commit work the rows wait for the worker, and the request is done.
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post(
            "/report-check/", {"files": [SimpleUploadedFile("青山镇.txt", qingshan_2024().encode())]}
        )
    assert response.status_code == 302
    row = ReportFile.objects.get()
    assert (row.status, row.result) == (CheckStatus.QUEUED, {})
    page = client.get(response["Location"]).content.decode()
    assert "正在后台检查，已完成 0 / 1 份" in page and 'hx-trigger="every 2s"' in page
    detail = client.get(f"/report-check/{row.pk}/").content.decode()
    assert "正在后台检查" in detail and "归档为乡镇年度报告" not in detail
    assert len(callbacks) == 1
    callbacks[0]()  # the worker's turn (the test settings run tasks at once)
    row.refresh_from_db()
    assert row.status == CheckStatus.DONE and row.year == 2024 and row.township == cast.a
    detail = client.get(f"/report-check/{row.pk}/").content.decode()
    # One section per registered rule, in the registry's order.
    titles = ['<h2 class="h5">比率</h2>', '<h2 class="h5">序号</h2>', '<h2 class="h5">约数</h2>']
    assert all(t in detail for t in titles), detail[detail.find("<h2") :][:1500]
    assert [detail.index(t) for t in titles] == sorted(detail.index(t) for t in titles)
    assert "归档为乡镇年度报告" in detail and "保存公开情况" in detail
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "正在后台检查" not in partial and "hx-trigger" not in partial and "青山镇" in partial


def test_more_files_than_allowed_get_a_chinese_message_not_a_bad_request(cast):
    # With the CSRF check on, as in production, where the middleware reads the form first.
    client = Client(enforce_csrf_checks=True)
    login(client, cast.reviewer)
    client.get("/report-check/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/report-check/", {"files": _files(MAX_FILES + 1), "csrfmiddlewaretoken": token}, follow=True
    )
    assert response.status_code == 200
    assert f"一次最多上传{MAX_FILES}个文件，请分批上传" in response.content.decode()
    assert ReportFile.objects.count() == 0


def test_binary_and_empty_uploads_are_refused_in_chinese(cast, client):
    login(client, cast.reviewer)
    files = [
        SimpleUploadedFile("图片.txt", bytes(range(256)) * 8),
        SimpleUploadedFile("空白.md", "\u3000\n  \n".encode()),
        SimpleUploadedFile("坏.docx", b"PK\x03\x04broken"),
    ]
    page = client.post("/report-check/", {"files": files}).content.decode()
    assert "图片.txt：不是文本文件" in page and "空白.md：文件为空" in page
    assert "坏.docx：无法读取 Word 文档，文件已损坏或不是 .docx 格式" in page
    assert "zip" not in page.lower().replace(".docx", "")
    assert ReportFile.objects.count() == 0


def test_pasting_more_than_a_report_is_refused(cast, client):
    login(client, cast.reviewer)
    page = client.post("/report-check/paste/", {"text": "法" * 100_001}, follow=True).content.decode()
    assert "粘贴的文字超过10万字，请上传文件检查" in page


def test_check_report_is_a_plain_service_for_other_pages(cast):
    result = check_report(report=report_from_string(qingshan_2024()), township=cast.a, user=cast.reviewer)
    assert result["year"] == 2024 and result["missing_parts"] == []
    assert "figures" in result and "rates" in result
    assert check_report(report=qingshan_2024(), township=cast.a, user=cast.reviewer) == result


def test_a_report_whose_file_is_gone_fails_alone_with_a_message(cast, client):
    login(client, cast.reviewer)
    files = [
        SimpleUploadedFile("甲.txt", qingshan_2024().encode()),
        SimpleUploadedFile("乙.txt", qingshan_2024().replace("青山镇", "清河镇").encode()),
    ]
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post("/report-check/", {"files": files})
    gone = ReportFile.objects.get(filename="甲.txt")
    gone.file.delete(save=False)
    callbacks[0]()
    rows = {r.filename: r for r in ReportFile.objects.all()}
    assert (rows["甲.txt"].status, rows["甲.txt"].error) == (
        CheckStatus.FAILED,
        "无法读取已上传的文件，请重新上传",
    )
    assert rows["乙.txt"].status == CheckStatus.DONE
    page = client.get(response["Location"]).content.decode()
    assert "甲.txt：无法读取已上传的文件，请重新上传" in page and "正在后台检查" not in page
