"""A figure the draft cannot state (its category is not set) is a hint, 本年度无法统计, on the draft page,
in the preview and in every draft output; approval asks for confirmation while there is one."""

import io

import pytest
from docx import Document

from conftest import login
from fazhi.core.models import Category
from fazhi.reports import services

from .conftest import YEAR

pytestmark = pytest.mark.django_db

HINT = "本年度无法统计：开展进学校普法活动"


def _report_without_xuexiao(cast):
    Category.objects.filter(district=cast.district, list_key="qijin", code="xuexiao").update(active=False)
    return services.report_start(township=cast.a, year=YEAR, user=cast.clerk)


def _downloads(client, cast, version: int) -> dict[str, str]:
    out = {}
    for fmt in ("docx", "html", "md", "txt"):
        response = client.get(f"/reports/{cast.a.pk}/{YEAR}/download/{fmt}/?v={version}")
        assert response.status_code == 200, fmt
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if fmt == "docx":
            out[fmt] = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
        else:
            out[fmt] = content.decode()
    return out


def test_the_hint_shows_in_the_preview_and_every_draft_output(cast, client, data):
    _report_without_xuexiao(cast)
    login(client, cast.clerk)
    assert HINT in client.get(f"/reports/{cast.a.pk}/{YEAR}/").content.decode()
    assert HINT in client.get(f"/reports/{cast.a.pk}/{YEAR}/view/?v=1").content.decode()
    for fmt, text in _downloads(client, cast, 1).items():
        assert HINT in text and "草稿（未审批）" in text, fmt
        # The hint precedes the report's own text.
        assert text.index(HINT) < text.rindex("关于2025年度法治政府建设情况的报告"), fmt


def test_approval_asks_for_confirmation_while_a_hint_stands_and_the_approved_outputs_drop_it(
    cast, client, data
):
    report = _report_without_xuexiao(cast)
    login(client, cast.leader)
    url = f"/reports/{cast.a.pk}/{YEAR}/approve/"
    form = {"version": 1, "dated_on": "2026-02-20", "signer": "李明", "confirm": "1"}
    page = client.post(url, form).content.decode()
    assert HINT in page and "确认审批" in page and 'data-testid="approve-hints"' in page
    assert not services.latest_version(report).approved
    client.post(url, {**form, "confirmed": "1"})
    assert services.latest_version(report).approved
    for fmt, text in _downloads(client, cast, 1).items():
        assert HINT not in text and "草稿（未审批）" not in text, fmt
    assert HINT not in client.get(f"/reports/{cast.a.pk}/{YEAR}/view/?v=1").content.decode()


def test_a_draft_with_every_category_set_has_no_hint(cast, client, data):
    services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    login(client, cast.clerk)
    assert "本年度无法统计" not in client.get(f"/reports/{cast.a.pk}/{YEAR}/view/?v=1").content.decode()
    for fmt, text in _downloads(client, cast, 1).items():
        assert "本年度无法统计" not in text and "草稿（未审批）" in text, fmt
