"""A new district from nothing to a signed report, through the pages: the system administrator creates a
district, a 乡 and its villages; the 乡's clerk downloads each ledger's import template, fills in a few rows
and imports it; the leader approves the annual report with a 成文日期; every download (DOCX, HTML, MD,
TXT) carries the header and the 乡's own wording, and the 草稿 mark only until approval.

The rows come from the ledgers' sample records (made in another township and exported unmasked), copied
into the template the app serves, column by column, with the places renamed."""

import io
from datetime import date
from io import BytesIO

import pytest
from django.db.models import ProtectedError
from docx import Document
from openpyxl import load_workbook

from fazhi.core import ledgers
from fazhi.core.models import Category
from fazhi.imports import writer
from fazhi.imports.tests.helpers import wipe
from fazhi.orgs.models import Organisation
from fazhi.orgs.roles import Role
from fazhi.reports.models import Report
from tests import factories as f
from tests.helpers import collect_samples

from .journey import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2025
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The sample records' places and what they are in the new 乡.
RENAME = {"青山镇": "白沙乡", "青山村": "白沙村", "红星村": "石门村", "青山村1组": None}


def _new_org(j, kind: str, name: str, short: str, code: str, parent: str | None = None) -> None:
    j.visit("/admin/orgs/new/", f"org-new-{code}")
    page = j.page
    page.select_option("#id_kind", label=kind)
    page.fill("#id_name", name)
    page.fill("#id_short_name", short)
    page.fill("#id_code", code)
    if parent:
        page.select_option("#id_parent", label=parent)
    page.click("main button:has-text('保存')")
    page.wait_for_selector("text=组织已保存")


def _exports(cast) -> dict[str, bytes]:
    """Each ledger's sample records, exported unmasked from 青山镇, which is then emptied again (their
    certificate and ticket numbers are unique across townships)."""
    samples = collect_samples()
    out = {}
    keys = [spec.key for spec in ledgers.all_ledgers() if spec.key in samples]
    for key in keys:
        samples[key](cast)
    # Exported once all are made: a sample's own references (人民调解's 矛盾纠纷) go with their ledger.
    for key in keys:
        spec = ledgers.get(key)
        out[key] = writer.export(spec, spec.model.objects.filter(township=cast.a), masked=False)
    specs = list(ledgers.all_ledgers())
    for _ in range(len(specs)):  # records referring to others go first
        left = []
        for spec in specs:
            try:
                wipe(spec, cast.a)
            except ProtectedError:
                left.append(spec)
        specs = left
    assert not specs, [s.key for s in specs]
    return out


def _renumbered(spec, export: bytes, township) -> dict[str, str]:
    """The sample 编号 → the 编号 the 乡 gave the imported records (both in the export's order), so that a
    later ledger's rows refer to the 乡's own records (人民调解 → 矛盾纠纷)."""
    main = load_workbook(BytesIO(export)).worksheets[0]
    column = [c.value for c in main[1]].index("编号")
    old = [row[column] for row in main.iter_rows(min_row=2, values_only=True)]
    new = spec.model.objects.filter(township=township).order_by(spec.date_field, "pk")
    return dict(zip(old, new.values_list("number", flat=True), strict=False))


def _fill(template: bytes, export: bytes, numbers: dict[str, str]) -> bytes:
    """The served template with the export's rows, column by column under the template's headers."""
    book = load_workbook(BytesIO(template))
    source = load_workbook(BytesIO(export))
    # The sample's 编号 belong to 青山镇: the rows are keyed 1, 2, … instead (the child sheets alike),
    # and the 乡 numbers its records itself.
    main = source.worksheets[0]
    column = [c.value for c in main[1]].index("编号")
    keys = {row[column]: str(i) for i, row in enumerate(main.iter_rows(min_row=2, values_only=True), 1)}

    def place(v):
        if not isinstance(v, str):
            return v
        return keys.get(v, numbers.get(v, RENAME.get(v, v)))

    for ws in book.worksheets:
        if ws.title not in source.sheetnames or ws.sheet_state != "visible" or ws.title == "填写说明":
            continue
        headers = [c.value for c in ws[1]]
        rows = source[ws.title].iter_rows(values_only=True)
        found = list(next(rows))
        seen = set()
        for n, row in enumerate(rows, 1):
            values = [place(v) for v in (dict(zip(found, row, strict=False)).get(h) for h in headers)]
            same = tuple(v for h, v in zip(headers, values, strict=True) if h != "编号")
            if ws is book.worksheets[0] and same in seen:
                # Two samples alike: the 乡's file must not hold the same record twice.
                longest = max(
                    (i for i, v in enumerate(values) if isinstance(v, str)), key=lambda i: len(values[i])
                )
                values[longest] += f"（其{n}）"
            seen.add(same)
            ws.append(values)
    buf = BytesIO()
    book.save(buf)
    return buf.getvalue()


def _downloads(j, township: Organisation, version: int) -> dict[str, str]:
    out = {}
    for fmt in ("docx", "html", "md", "txt"):
        response = j.context.request.get(f"{j.base}/reports/{township.pk}/{YEAR}/download/{fmt}/?v={version}")
        assert response.ok, (fmt, response.status)
        if fmt == "docx":
            out[fmt] = "\n".join(p.text for p in Document(io.BytesIO(response.body())).paragraphs)
        else:
            out[fmt] = response.text()
    return out


def _check_outputs(outputs: dict[str, str], draft: bool) -> None:
    for fmt, text in outputs.items():
        for line in (
            "中共白沙乡委员会",
            "白沙乡人民政府",
            "白沙委〔2026〕1号",
            f"关于{YEAR}年度法治政府建设情况的报告",
        ):
            assert line in text, (fmt, line)
        assert "我乡" in text and "全乡" in text, fmt
        assert "我镇" not in text and "全镇" not in text, fmt
        assert ("草稿（未审批）" in text) is draft, fmt
        if not draft:
            assert "2026年2月20日" in text, fmt


def test_a_new_district_imports_its_ledgers_and_approves_its_report(cast, live_server, browser, artifacts):
    j = Journey(browser, live_server, artifacts, "new-district-admin")
    j.login("sysadmin")
    _new_org(j, "区", "东岭区", "东岭", "500199")
    _new_org(j, "乡镇/街道", "白沙乡", "白沙", "500199101", parent="东岭区")
    _new_org(j, "村/社区", "白沙村", "白沙", "500199101001", parent="白沙乡")
    _new_org(j, "村/社区", "石门村", "石门", "500199101002", parent="白沙乡")
    j.visit("/admin/orgs/", "orgs")
    assert "石门村" in j.page.content()
    j.close()

    township = Organisation.objects.get(code="500199101")
    # An entry of the other district, which the new 乡's template must not list.
    Category.objects.create(
        list_key="qijin", district=cast.district, code="d9-1", key="other", label="进码头"
    )
    f.user_with_role("bs_clerk", Role.TOWNSHIP_CLERK, township)
    f.user_with_role("bs_leader", Role.TOWNSHIP_LEADER, township)
    exports = _exports(cast)

    j = Journey(browser, live_server, artifacts, "new-district-clerk")
    j.login("bs_clerk")
    failed = {}
    numbers: dict[str, str] = {}
    for key, export in exports.items():
        spec = ledgers.get(key)
        response = j.context.request.get(f"{j.base}/imports/{key}/template/")
        assert response.ok, key
        template = response.body()
        if key == "publicity-activities":  # the 乡's own lists: its district's defaults, nothing else
            explained = " ".join(
                str(v)
                for row in load_workbook(BytesIO(template))["填写说明"].iter_rows(values_only=True)
                for v in row
                if v
            )
            assert "进学校" in explained and "进码头" not in explained
        if key == "publicity-activities":
            j.visit(f"/imports/{key}/", f"import-{key}")
        else:  # one page scanned is enough: the others are the same page
            j.page.goto(f"{j.base}/imports/{key}/")
        j.page.set_input_files(
            "#id_file",
            files=[
                {"name": f"{spec.label}.xlsx", "mimeType": XLSX, "buffer": _fill(template, export, numbers)}
            ],
        )
        j.page.click("main form button[type=submit]")
        j.page.wait_for_selector("#import-job .alert")
        if not j.page.is_visible("text=确认导入"):
            failed[key] = j.page.locator("#import-job").inner_text()
            continue
        with j.page.expect_navigation():
            j.page.click("text=确认导入")
        j.page.wait_for_selector("#import-job .alert")
        if not j.page.is_visible("#import-job .alert-success"):
            failed[key] = j.page.locator("#import-job").inner_text()
            continue
        assert spec.model.objects.filter(township=township).exists(), key
        numbers.update(_renumbered(spec, export, township))
    j.check("last-import")
    j.close()
    assert not failed, failed

    j = Journey(browser, live_server, artifacts, "new-district-leader")
    j.login("bs_leader")
    page = j.page
    j.visit("/reports/", "reports")
    page.fill(f"#year-{township.pk}", str(YEAR))
    page.click("text=打开/生成初稿")
    page.wait_for_selector("[data-testid=draft-form]")
    j.check("draft")
    _check_outputs(_downloads(j, township, 1), draft=True)
    page.click("[data-testid=approve-step] summary")
    page.fill("#approve-dated-on", "2026-02-20")
    page.fill("#approve-signer", "赵德华")
    page.check("#approve-confirm")
    page.click("[data-testid=approve]")
    # The check runs in the worker; its findings and the confirmation follow (the page polls).
    page.wait_for_selector("[data-testid=approve-confirmed]")
    j.check("approve-confirm")
    page.click("[data-testid=approve-confirmed]")
    page.wait_for_selector("text=第1版已审批")
    j.check("approved")
    version = Report.objects.get(township=township, year=YEAR).versions.get(number=1)
    assert version.approved and version.dated_on == date(2026, 2, 20)
    _check_outputs(_downloads(j, township, 1), draft=False)
    j.close()
