"""High 3: full personal data is revealed per record, only where one of the user's roles may reveal it."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import AuditAction, AuditEvent
from fazhi.orgs.models import RoleAssignment
from fazhi.orgs.roles import Role
from tests import factories as f
from tests.factories import valid_id
from tests.helpers import api_client

ID_A = valid_id(seq=41)
ID_B = valid_id(seq=42)


def _parties(records):
    f.DisputePartyFactory(dispute=records.a2, id_number=ID_A, phone="13900000041")
    f.DisputePartyFactory(dispute=records.b, id_number=ID_B, phone="13900000042")


def _ids_in(content: bytes) -> set[str]:
    wb = load_workbook(BytesIO(content), read_only=True)
    return {str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}


def test_a_district_reviewer_who_clerks_in_qinghe_sees_qingshan_masked_in_the_api(cast, records):
    _parties(records)
    RoleAssignment.objects.create(user=cast.reviewer, role=Role.TOWNSHIP_CLERK, organisation=cast.b)
    listed = api_client(cast.reviewer).get("/api/v1/disputes/?reveal=true&page_size=100").json()
    ids = {p["id_number"] for r in listed["results"] for p in r["parties"]}
    assert ID_B in ids and ID_A not in ids
    event = AuditEvent.objects.get(action=AuditAction.REVEAL)
    assert records.b.number in event.detail and records.a2.number not in event.detail


def test_a_district_reviewer_who_clerks_in_qinghe_exports_qingshan_masked(cast, records, client):
    _parties(records)
    RoleAssignment.objects.create(user=cast.reviewer, role=Role.TOWNSHIP_CLERK, organisation=cast.b)
    client.force_login(cast.reviewer)
    response = client.get(reverse("export-list", args=["disputes"]), {"full": "1"})
    cells = _ids_in(response.content)
    assert ID_B in cells and ID_A not in cells
    event = AuditEvent.objects.get(action=AuditAction.EXPORT_FULL)
    assert records.b.number in event.detail and records.a2.number not in event.detail


def test_a_leader_who_is_also_a_village_cadre_reveals_only_inside_the_village(cast, records):
    _parties(records)
    RoleAssignment.objects.create(user=cast.leader, role=Role.VILLAGE_CADRE, organisation=cast.a1)
    listed = api_client(cast.leader).get("/api/v1/disputes/?reveal=true&page_size=100").json()
    by_number = {r["number"]: r for r in listed["results"]}
    a1_party = records.a1.parties.get()
    assert by_number[records.a1.number]["parties"][0]["id_number"] == a1_party.id_number
    assert by_number[records.a2.number]["parties"][0]["id_number"] != ID_A
