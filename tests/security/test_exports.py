"""Medium 7: text that a spreadsheet would run as a formula is exported inert, and re-imports unchanged."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core import ledgers
from fazhi.core.rawwrites import allow_raw_writes
from fazhi.disputes.models import Dispute
from fazhi.disputes.tests.samples import dispute
from fazhi.imports.importer import import_workbook
from fazhi.imports.tests.helpers import snapshot, wipe
from tests import factories as f
from tests.factories import valid_id

HOSTILE = ['=HYPERLINK("http://evil.example/","结果")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _cells(content: bytes) -> list:
    wb = load_workbook(BytesIO(content))
    return [(c.value, c.data_type) for ws in wb.worksheets for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("full", ["0", "1"])
def test_no_exported_cell_is_a_formula(cast, client, full):
    for text in HOSTILE:
        f.DisputeFactory(township=cast.a, village=cast.a1, summary=text)
    client.force_login(cast.clerk)
    content = client.get(reverse("export-list", args=["disputes"]), {"full": full}).content
    cells = _cells(content)
    assert not [v for v, kind in cells if kind == "f"]
    assert "'" + HOSTILE[0] in [v for v, _ in cells]


def test_a_full_export_with_formula_like_text_re_imports_as_it_was(cast, client):
    spec = ledgers.get("disputes")
    for i, text in enumerate(HOSTILE[:4]):
        d = dispute(cast, id_number=valid_id(seq=60 + i), received_on=date(2025, 3, 2 + i))
        with allow_raw_writes():
            Dispute.objects.filter(pk=d.pk).update(summary=text)
            d.parties.update(name="=张三", address="-3号")
    before = snapshot(spec, cast.a)
    client.force_login(cast.clerk)
    content = client.get(reverse("export-list", args=["disputes"]), {"full": "1"}).content
    wipe(spec, cast.a)
    result = import_workbook(spec=spec, township=cast.a, user=cast.clerk, content=content, filename="x.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    assert snapshot(spec, cast.a) == before
