"""The report check pages: uploads in batches, summary and .xlsx, filing, copies, and who sees what.

The reviewer of 云岭区 sees every report file of its district; the leader and clerk of 青山镇 (A)
only A's; the clerk of 清河镇 (B) nothing of A; the reviewer of 远山区, 系统管理员, 审计员 and the
village cadre get 404 everywhere."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from openpyxl import load_workbook

from conftest import login
from fazhi.disputes.choices import DisputeStatus
from fazhi.reportcheck.models import CheckJob, ReportFile
from fazhi.reportcheck.tests.reports import qingshan_2024
from tests import factories as f

FIXTURES = Path(__file__).parent / "fixtures"
# A paragraph long enough to be compared, put into reports otherwise written independently.
SHARED = "健全镇、村、组三级调解网络，全面推行矛盾纠纷“大排查、大调解、大化解”工作机制，坚持每月排查、每周研判，做到小事不出村、大事不出镇、矛盾不上交。"


def fixture(name: str, *, township: str | None = None, shared: str | None = None) -> str:
    """A fixture report, optionally renamed to another township and with a paragraph after part 一's heading."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    if shared:
        at = next(i for i, line in enumerate(lines) if line.startswith("一、"))
        lines.insert(at + 1, "　　" + shared)
    text = "\n".join(lines) + "\n"
    if township:
        text = text.replace(township[0], township[1])
    return text


def upload(client, *files):
    """Upload and let the worker's check run (the test settings run tasks at once, after commit)."""
    data = {"files": [SimpleUploadedFile(name, text.encode("utf-8")) for name, text in files]}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/report-check/", data)


def file_as(client, pk, data, **kwargs):
    """File a report; its new check runs in the worker after commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/report-check/{pk}/file/", data, **kwargs)


@pytest.fixture
def batch(cast, client):
    login(client, cast.reviewer)
    response = upload(
        client,
        ("青山镇2024.txt", fixture("qingshan_2024_clean.txt", shared=SHARED)),
        (
            "清河镇2024.txt",
            fixture(
                "liuxi_2024_slips.txt", township=("柳溪", "清河"), shared=SHARED.replace("每周", "每半月")
            ),
        ),
        ("白石镇2024.md", fixture("baishi_2024_leaders_second.md")),
    )
    assert response.status_code == 302
    return response["Location"]


def test_it_checks_several_uploads_at_once_with_one_row_per_township(cast, client, batch):
    rows = {f.filename: f for f in ReportFile.objects.all()}
    assert set(rows) == {"青山镇2024.txt", "清河镇2024.txt", "白石镇2024.md"}
    # Townships are read from the issuing organs; 白石镇 is not on the platform.
    assert rows["青山镇2024.txt"].township == cast.a
    assert rows["清河镇2024.txt"].township == cast.b
    assert (rows["白石镇2024.md"].township, rows["白石镇2024.md"].township_name) == (None, "白石镇")
    assert all(
        len(r.checksum) == 64 and r.year == 2024 and r.file.name.startswith("reportcheck/")
        for r in rows.values()
    )
    # The two reports sharing a paragraph point at each other.
    copied = rows["清河镇2024.txt"].result["copied"]
    assert [(c["line"], c["source"]) for c in copied] == [(11, "同批上传的青山镇报告（青山镇2024.txt）")]
    assert copied[0]["similarity"] >= 0.9
    assert [c["source"] for c in rows["青山镇2024.txt"].result["copied"]] == [
        "同批上传的清河镇报告（清河镇2024.txt）"
    ]
    assert rows["白石镇2024.md"].result["copied"] == []
    page = client.get(batch).content.decode()
    assert page.count("<tr>") == 4  # header and three rows
    assert "逾期14天" in page and "白石镇" in page


def test_it_exports_the_summary_to_xlsx(cast, client, batch):
    response = client.get(batch + "xlsx/")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:5] == ("乡镇", "文件", "报告年度", "报告日期", "按时报送")
    body = {r[0]: r for r in rows[2:]}
    assert set(body) == {"青山镇", "清河镇", "白石镇"}
    assert body["清河镇"][4] == "逾期14天"
    assert rows[1][5:10] == (
        "按时公开",
        "缺少部分",
        "比率计算错误",
        "序号问题",
        "约数问题",
    )  # rules' own columns
    assert body["清河镇"][5] == "未知"  # not a web copy: no publication line
    assert body["清河镇"][6] == "存在的不足和原因"
    assert (body["清河镇"][7], body["清河镇"][8]) == (2, 4)  # the fixture's slips (test_checks.py)
    assert body["清河镇"][11] == 1 and body["青山镇"][11] == 1 and body["白石镇"][11] == 0


def test_it_files_an_upload_for_a_township_not_on_the_platform(cast, client, batch):
    row = ReportFile.objects.get(filename="白石镇2024.md")
    response = file_as(client, row.pk, {"township_name": "白石镇", "year": "2024"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.township_name, row.year, row.filed) == ("白石镇", 2024, True)
    page = client.get("/report-check/?year=2024").content.decode()
    assert "白石镇2024.md" in page
    ws = load_workbook(io.BytesIO(client.get("/report-check/filed.xlsx?year=2024").content)).active
    assert [r[0] for r in ws.iter_rows(min_row=3, values_only=True)] == ["白石镇"]


def test_filing_refuses_bad_input_and_changes_nothing(cast, client, batch):
    row = ReportFile.objects.get(filename="白石镇2024.md")
    for data, message in (
        ({"township_name": " ", "year": "2024"}, "请填写乡镇名称"),
        ({"township_name": "白石镇", "year": "1850"}, "报告年度不正确"),
        ({"township_name": "白石镇", "year": "abc"}, "报告年度不正确"),
    ):
        response = file_as(client, row.pk, data, follow=True)
        assert message in response.content.decode()
    row.refresh_from_db()
    assert not row.filed


def test_a_filed_report_is_compared_with_other_filed_reports(cast, client):
    """Copies from another township's filed report of the year, or the township's own of the year before."""
    login(client, cast.reviewer)
    upload(
        client,
        ("青山镇2023.txt", fixture("shiqiao_2023_web_copy.txt", township=("石桥", "青山"), shared=SHARED)),
    )
    last_year = ReportFile.objects.get()
    file_as(client, last_year.pk, {"township_name": "青山镇", "year": "2023"})
    upload(client, ("青山镇2024.txt", fixture("qingshan_2024_clean.txt", shared=SHARED)))
    this_year = ReportFile.objects.get(filename="青山镇2024.txt")
    assert [c["source"] for c in this_year.result["copied"]] == ["青山镇2023年报告（青山镇2023.txt）"]
    # Another township's report of 2023 is not a source for a 2024 report.
    file_as(client, last_year.pk, {"township_name": "清河镇", "year": "2023"})
    file_as(client, this_year.pk, {"township_name": "青山镇", "year": "2024"})
    this_year.refresh_from_db()
    assert this_year.result["copied"] == []


def test_the_upload_refuses_unreadable_files_and_keeps_none(cast, client):
    login(client, cast.reviewer)
    response = upload(client, ("好.txt", qingshan_2024()), ("旧.doc", "x"), ("空.txt", ""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "旧.doc：只能检查 .docx、.txt 或 .md 文件" in page and "空.txt：文件为空" in page
    assert ReportFile.objects.count() == 0
    assert "请选择要检查的报告文件" in client.post("/report-check/", {}).content.decode()


def test_a_township_checks_its_own_report_against_its_records(cast, client):
    for i in range(5):
        f.DisputeFactory(
            township=cast.a,
            village=cast.a1,
            received_on=date(2024, 3, 1),
            status=DisputeStatus.RESOLVED if i < 3 else DisputeStatus.REGISTERED,
            closed_on=date(2024, 4, 1) if i < 3 else None,
        )
    login(client, cast.clerk)
    response = upload(client, ("我镇报告.txt", qingshan_2024()))
    row = ReportFile.objects.get()
    assert (row.township, row.district) == (cast.a, cast.district)
    page = client.get(f"/report-check/{row.pk}/").content.decode()
    assert "成功化解矛盾纠纷：报告写4件，台账为3，不相符" in page
    assert "归档为乡镇年度报告" not in page  # filing is the district's
    assert file_as(client, row.pk, {"township_name": "青山镇", "year": "2024"}).status_code == 302
    row.refresh_from_db()
    assert not row.filed
    with TestCase.captureOnCommitCallbacks(execute=True):
        queued = client.post("/report-check/paste/", {"text": qingshan_2024()})
    pasted = client.get(queued["Location"]).content.decode()
    assert "成功化解矛盾纠纷：报告写4件，台账为3，不相符" in pasted
    assert ReportFile.objects.count() == 1  # pasted text is not kept as a report
    assert CheckJob.objects.get().text == ""  # and emptied once checked
    assert response.status_code == 302


def test_who_sees_which_report_files(cast, client, batch):
    a_file = ReportFile.objects.get(filename="青山镇2024.txt")
    batch_id = a_file.batch
    for user in (cast.leader, cast.clerk):
        login(client, user)
        assert client.get(f"/report-check/{a_file.pk}/").status_code == 200
        assert client.get(f"/report-check/{a_file.pk}/download/").status_code == 200
        # The batch shows only the township's own row.
        assert client.get(f"/report-check/batch/{batch_id}/").content.decode().count("<tr>") == 2
    login(client, cast.clerk_b)
    assert client.get(f"/report-check/{a_file.pk}/").status_code == 404
    assert client.get(f"/report-check/{a_file.pk}/download/").status_code == 404
    login(client, cast.outsider_reviewer)
    assert "青山镇" not in client.get("/report-check/?year=2024").content.decode()
    assert ReportFile.objects.filter(uploaded_by=cast.outsider_reviewer).count() == 0
    for user in (cast.outsider_reviewer, cast.sysadmin, cast.auditor, cast.cadre, cast.advisor):
        login(client, user)
        for url in (
            f"/report-check/{a_file.pk}/",
            f"/report-check/{a_file.pk}/download/",
            f"/report-check/batch/{batch_id}/",
            f"/report-check/batch/{batch_id}/xlsx/",
        ):
            assert client.get(url).status_code == 404, (user, url)
        if user != cast.outsider_reviewer:  # 系统管理员, 审计员 and other roles have no report check at all
            assert client.get("/report-check/").status_code == 404
            assert client.get("/report-check/filed.xlsx?year=2024").status_code == 404
        assert (
            client.post(
                f"/report-check/{a_file.pk}/file/", {"township_name": "x", "year": "2024"}
            ).status_code
            == 404
        )
    login(client, cast.outsider_reviewer)
    assert client.get(f"/report-check/batch/{batch_id}/").status_code == 404


def test_the_navigation_shows_the_check_to_those_who_may_use_it(cast, client):
    login(client, cast.reviewer)
    assert "报告检查" in client.get("/").content.decode()
    login(client, cast.sysadmin)
    assert "报告检查" not in client.get("/").content.decode()


def test_an_upload_never_changes_the_document(cast, client):
    login(client, cast.reviewer)
    data = qingshan_2024().encode("gb18030")
    client.post("/report-check/", {"files": [SimpleUploadedFile("青山镇.txt", data)]})
    row = ReportFile.objects.get()
    assert client.get(f"/report-check/{row.pk}/download/").getvalue() == data
