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


def _cells(book, title) -> str:
    return " ".join(str(v) for row in book[title].iter_rows(values_only=True) for v in row if v is not None)


def test_the_template_lists_only_the_importing_townships_categories(client, cast):
    from fazhi.core.models import Category

    def add(district, township, code, label):
        Category.objects.create(
            list_key="qijin", district=district, township=township, code=code, key="other", label=label
        )

    add(cast.other_district, None, "d1-901", "外区类别")
    add(cast.district, cast.b, "t1-902", "进码头")
    add(cast.district, cast.a, "t1-903", "进寺庙")
    add(cast.district, None, "d1-904", "进校园")
    Category.objects.filter(district=cast.district, code="wangluo", list_key="qijin").update(active=False)
    url = reverse("import-template", args=["publicity-activities"])
    book = load_workbook(BytesIO(login(client, cast.clerk).get(url).content))
    for title in ("填写说明", "选项"):
        text = _cells(book, title)
        assert "进学校" in text and "进校园" in text and "进寺庙" in text, title
        assert "外区类别" not in text and "进码头" not in text and "进网络" not in text, title
    # Township B's clerk sees B's own entry, not A's.
    book = load_workbook(BytesIO(login(client, cast.clerk_b).get(url).content))
    text = _cells(book, "填写说明")
    assert "进码头" in text and "进寺庙" not in text and "外区类别" not in text
