"""The import template: drop-down lists for choice columns from the district's categories, 填写说明
marking what the import requires, a note of its own for each place column; the job page's wording."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from conftest import login
from fazhi.core import ledgers
from fazhi.imports import writer
from fazhi.imports.models import ImportJob
from tests.factories import dispute_type


def _book(cast):
    dispute_type(cast.a)
    return load_workbook(BytesIO(writer.template(ledgers.get("disputes"), cast.district)))


def test_it_offers_drop_downs_for_choice_columns(cast):
    book = _book(cast)
    ws = book["矛盾纠纷"]
    headers = [c.value for c in ws[1]]
    options = book["选项"]
    assert options.sheet_state == "hidden"
    lists = {}
    for col in options.iter_cols(values_only=True):
        lists[col[0]] = [v for v in col[1:] if v]
    assert "群众申请" in lists["来源"] and "纠纷类型" in lists and lists["纠纷类型"]
    validated = {}
    for rule in ws.data_validations.dataValidation:
        for rng in rule.sqref.ranges:
            validated[headers[rng.min_col - 1]] = rule.formula1
    assert "来源" in validated and "纠纷类型" in validated and "概况" not in " ".join(validated)
    party = book["当事人"]
    assert party.data_validations.dataValidation, "身份 drop-down on the child sheet"


def test_it_explains_status_and_places_truly(cast):
    rows = list(_book(cast)["填写说明"].iter_rows(values_only=True))
    by_column = {(r[0], r[1]): r for r in rows if r and len(r) > 2}
    status = by_column[("矛盾纠纷", "状态")]
    assert status[2] == "必填"
    township, village = by_column[("矛盾纠纷", "乡镇")], by_column[("矛盾纠纷", "村/社区")]
    assert township[5] and township[5] != village[5]


def test_it_serves_the_template_with_the_users_district_lists(client, cast):
    dispute_type(cast.a)
    content = login(client, cast.clerk).get(reverse("import-template", args=["disputes"])).content
    assert "选项" in load_workbook(BytesIO(content)).sheetnames


def test_it_words_the_job_page_plainly(client, cast):
    job = ImportJob.objects.create(
        ledger="disputes",
        township=cast.a,
        user=cast.clerk,
        content=b"",
        dry_run=True,
        status="done",
        stage="校验",
        result={"summary": "共1行"},
    )
    page = login(client, cast.clerk).get(reverse("import-job", args=["disputes", job.pk])).content.decode()
    assert "（校验）" not in page and "校验：<strong>" in page
    waiting = ImportJob.objects.create(
        ledger="disputes", township=cast.a, user=cast.clerk, content=b"", dry_run=True
    )
    page = (
        login(client, cast.clerk).get(reverse("import-job", args=["disputes", waiting.pk])).content.decode()
    )
    assert "0 / 0" not in page and "0/0" not in page
