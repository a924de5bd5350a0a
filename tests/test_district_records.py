"""The district's own records (区本级): its 区级督查 file and handle them in the ledgers declared
district_level, on the pages, the API and imports, and still write none of a township's records; a
township never sees them, nor another district."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from conftest import login
from fazhi.core import ledgers
from fazhi.core.services import record_create, record_update, record_void
from fazhi.imports.columns import record_sheet
from fazhi.imports.importer import import_workbook
from fazhi.oversight.choices import WarningForm
from fazhi.oversight.models import WarningEducation
from fazhi.oversight.tests.samples import make_warning_education
from fazhi.publicity.models import PublicityActivity
from tests.helpers import api_client

pytestmark = pytest.mark.django_db

SPEC = ledgers.get("warning-education")
VILLAGE_BOUND = ("screenings", "disputes", "mediations", "legal-advisors", "consultations", "model-villages")


def _own(cast, **overrides):
    data = {
        "township": cast.district,
        "held_on": date(2025, 6, 3),
        "form": WarningForm.MEETING,
        "topic": "区本级警示教育大会",
        "participants": 120,
        **overrides,
    }
    return record_create(spec=SPEC, user=cast.reviewer, data=data)


def _form(cast, org, topic="区本级以案说法"):
    return {
        "township": org.pk,
        "held_on": "2025-07-01",
        "form": WarningForm.CASE_STUDY,
        "topic": topic,
        "participants": "30",
    }


def test_every_ledger_says_whether_it_is_kept_at_district_level():
    flagged = {s.key for s in ledgers.all_ledgers() if s.district_level}
    assert {
        "publicity-activities",
        "study-sessions",
        "legality-reviews",
        "enforcement-cases",
        "petitions",
    } <= (flagged)
    assert {"warning-education", "litigation-cases"} <= flagged
    # Village-bound ledgers stay township-only.
    assert not flagged & set(VILLAGE_BOUND)


def test_the_reviewer_files_and_handles_the_districts_own_records(cast):
    record = _own(cast)
    assert record.township_id == cast.district.pk
    assert record.number.startswith("云岭-警示-2025-")
    record = record_update(
        spec=SPEC, record=record, user=cast.reviewer, data={"participants": 130}, expected_version=1
    )
    assert record.participants == 130
    record_void(
        spec=SPEC, record=record, user=cast.reviewer, reason="重复登记", expected_version=record.version
    )
    assert WarningEducation.objects.get(pk=record.pk).voided


def test_the_reviewer_writes_no_townships_records(cast):
    theirs = make_warning_education(cast)
    with pytest.raises(PermissionDenied):
        _own(cast, township=cast.a)
    with pytest.raises(PermissionDenied):
        record_update(
            spec=SPEC, record=theirs, user=cast.reviewer, data={"participants": 1}, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        record_void(spec=SPEC, record=theirs, user=cast.reviewer, reason="越权", expected_version=1)
    assert WarningEducation.objects.get(pk=theirs.pk).participants == 46


def test_village_bound_ledgers_take_no_district_records(cast):
    spec = ledgers.get("disputes")
    with pytest.raises(PermissionDenied):
        record_create(
            spec=spec,
            user=cast.reviewer,
            data={"township": cast.district, "received_on": date(2025, 3, 1), "summary": "区本级"},
        )


def test_who_sees_the_districts_own_records(cast):
    own = _own(cast)
    theirs = make_warning_education(cast)
    visible = lambda user: set(WarningEducation.objects.restrict(user).values_list("pk", flat=True))  # noqa: E731
    assert visible(cast.reviewer) == {own.pk, theirs.pk}
    # Townships never see the district's own records, nor another district's reviewer.
    for user in (cast.clerk, cast.leader, cast.clerk_b, cast.cadre, cast.advisor, cast.outsider_reviewer):
        assert own.pk not in visible(user)
    assert visible(cast.outsider_reviewer) == set()
    # The administrators see no business records at all.
    for user in (cast.sysadmin, cast.security, cast.auditor):
        assert visible(user) == set()
    # Nobody of a township may change it.
    with pytest.raises(PermissionDenied):
        record_update(spec=SPEC, record=own, user=cast.clerk, data={"participants": 1}, expected_version=1)
    with pytest.raises(PermissionDenied):
        record_update(
            spec=SPEC, record=own, user=cast.outsider_reviewer, data={"participants": 1}, expected_version=1
        )


def test_the_pages_offer_the_district_itself_and_never_a_township(client, cast):
    login(client, cast.reviewer)
    page = client.get("/ledger/warning-education/new/")
    assert page.status_code == 200
    choices = {o.pk for o in page.context["form"].fields["township"].queryset}
    assert choices == {cast.district.pk}
    assert "云岭区（区本级）" in page.content.decode()
    assert page.context["form"].fields["township"].label == "所属单位"  # not 乡镇: the district itself
    response = client.post("/ledger/warning-education/new/", _form(cast, cast.district))
    assert response.status_code == 302
    record = WarningEducation.objects.get(topic="区本级以案说法")
    assert record.township_id == cast.district.pk
    # A township chosen by hand is refused and nothing is written.
    refused = client.post("/ledger/warning-education/new/", _form(cast, cast.a, "写到乡镇"))
    assert refused.status_code == 200 and "township" in refused.context["form"].errors
    assert not WarningEducation.objects.filter(topic="写到乡镇").exists()
    # The district's list shows it; a township's clerk gets 404 on it.
    assert record.number in client.get("/ledger/warning-education/").content.decode()
    assert client.get(f"/ledger/warning-education/{record.pk}/edit/").status_code == 200
    login(client, cast.clerk)
    assert client.get(f"/ledger/warning-education/{record.pk}/").status_code == 404
    # A village-bound ledger has no 新建 for the reviewer.
    login(client, cast.reviewer)
    assert client.get("/ledger/disputes/new/").status_code in (403, 404)


def test_a_township_record_stays_read_only_for_the_reviewer_on_the_pages(client, cast):
    theirs = make_warning_education(cast)
    login(client, cast.reviewer)
    assert client.get(f"/ledger/warning-education/{theirs.pk}/").status_code == 200
    assert client.get(f"/ledger/warning-education/{theirs.pk}/edit/").status_code in (403, 404)
    response = client.post(
        f"/ledger/warning-education/{theirs.pk}/void/", {"reason": "越权", "version": theirs.version}
    )
    assert response.status_code in (403, 404)
    assert not WarningEducation.objects.get(pk=theirs.pk).voided


def test_the_api_writes_the_districts_own_records_only(cast):
    api = api_client(cast.reviewer)
    body = {"held_on": "2025-08-01", "form": "meeting", "topic": "接口登记", "participants": 12}
    created = api.post(
        "/api/v1/warning-education/", {**body, "township": cast.district.pk}, "application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["township"] == cast.district.pk
    refused = api.post(
        "/api/v1/warning-education/", {**body, "township": cast.a.pk, "topic": "越权"}, "application/json"
    )
    assert refused.status_code in (403, 422)
    assert not WarningEducation.objects.filter(topic="越权").exists()
    # The township's clerk does not see it through the API either.
    pk = created.json()["id"]
    assert api_client(cast.clerk).get(f"/api/v1/warning-education/{pk}/").status_code == 404
    assert api_client(cast.outsider_reviewer).get(f"/api/v1/warning-education/{pk}/").status_code == 404


def _workbook(org_name: str, topic: str) -> bytes:
    from fazhi.imports.tests.helpers import workbook

    sheet = record_sheet(SPEC)
    values = {
        "township": org_name,
        "held_on": "2025-09-09",
        "form": "专题会议",
        "topic": topic,
        "participants": 8,
    }
    return workbook(
        {sheet.label: [[c.header for c in sheet.columns], [values.get(c.name, "") for c in sheet.columns]]}
    )


def test_imports_into_the_district_and_never_into_a_township(cast):
    result = import_workbook(
        spec=SPEC,
        township=cast.district,
        user=cast.reviewer,
        content=_workbook("云岭区", "导入一"),
        filename="x.xlsx",
    )
    assert not result.errors, result.errors
    assert WarningEducation.objects.get(topic="导入一").township_id == cast.district.pk
    refused = import_workbook(
        spec=SPEC,
        township=cast.a,
        user=cast.reviewer,
        content=_workbook("青山镇", "导入二"),
        filename="x.xlsx",
    )
    assert refused.errors and not WarningEducation.objects.filter(topic="导入二").exists()
    # A township clerk cannot import into the district.
    refused = import_workbook(
        spec=SPEC,
        township=cast.district,
        user=cast.clerk,
        content=_workbook("云岭区", "导入三"),
        filename="x.xlsx",
    )
    assert refused.errors and not WarningEducation.objects.filter(topic="导入三").exists()


def test_the_import_page_offers_the_district(client, cast):
    login(client, cast.reviewer)
    page = client.get("/imports/warning-education/")
    assert page.status_code == 200
    assert [o.pk for o in page.context["form"].fields["township"].queryset] == [cast.district.pk]
    # No import into a village-bound ledger, and no 导入 button there.
    assert client.get("/imports/disputes/").status_code == 404


def test_the_import_command_takes_the_districts_name(cast, tmp_path):
    path = tmp_path / "警示.xlsx"
    path.write_bytes(_workbook("云岭区", "命令行导入"))
    call_command("import", str(path), township="云岭区", ledger="warning-education")
    assert WarningEducation.objects.get(topic="命令行导入").created_by == cast.reviewer
    with pytest.raises(CommandError, match="只按乡镇登记"):
        call_command("import", str(path), township="云岭区", ledger="disputes")


def test_a_district_record_takes_the_districts_categories(client, cast):
    """普法活动's 法律七进 list is the district's: the district's own record chooses from it."""
    from fazhi.publicity.choices import ActivityForm
    from fazhi.publicity.tests.samples import qijin

    login(client, cast.reviewer)
    page = client.get("/ledger/publicity-activities/new/")
    assert qijin(cast.a) in page.context["form"].fields["qijin"].queryset
    data = {
        "township": cast.district,
        "held_on": date(2025, 4, 15),
        "title": "区本级宪法宣传周",
        "qijin": qijin(cast.a),
        "form": ActivityForm.LECTURE,
        "audience_count": 200,
    }
    record = record_create(spec=ledgers.get("publicity-activities"), user=cast.reviewer, data=data)
    assert record.township_id == cast.district.pk and record.qijin == qijin(cast.a)
    assert list(PublicityActivity.objects.restrict(cast.clerk)) == []


def test_the_reviewer_reveals_personal_data_of_the_districts_own_petitions_only(cast, client):
    """A petition filed with the district: its 信访人's full data is the district's to show (logged), as a
    township's petitions are its clerk's; the reviewer never reveals a township's."""
    from fazhi.core.policy import can
    from fazhi.petitions.tests.samples import make_petition

    own = make_petition(cast, user=cast.reviewer, township=cast.district, village=None)
    theirs = make_petition(cast)
    spec = own.ledger_spec
    assert can(cast.reviewer, spec, "reveal", own) and not can(cast.reviewer, spec, "reveal", theirs)
    assert not can(cast.clerk, spec, "reveal", own)
    login(client, cast.reviewer)
    assert client.post(f"/ledger/petitions/{own.pk}/reveal/").status_code in (200, 302)
    assert client.post(f"/ledger/petitions/{theirs.pk}/reveal/").status_code in (403, 404)
    # Its time limits are the district's: they stay off the township's reminders.
    from fazhi.deadlines.models import Clock

    assert Clock.objects.filter(object_id=own.pk, township=cast.district).exists()
    api = api_client(cast.clerk)
    assert own.number not in api.get("/api/v1/deadlines/").content.decode()
    # The overview's 区本级 overdue link: the district's own reminders, for its reviewer only.
    page = client.get(f"/deadlines/?township={cast.district.pk}&within=0")
    assert page.status_code == 200 and own.number in page.content.decode()
    assert theirs.number not in page.content.decode()
    login(client, cast.outsider_reviewer)
    assert client.get(f"/deadlines/?township={cast.district.pk}&within=0").status_code == 404
