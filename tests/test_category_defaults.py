"""恢复默认类别, and what a figure counted by a stopped default category becomes in the draft: a visible
hint "本年度无法统计", never a silent 0."""

from datetime import date

from conftest import login
from fazhi.core.models import Category
from fazhi.publicity.tests.samples import make_activity, qijin
from fazhi.reports import drafting


def _stop(cast, code):
    Category.objects.filter(district=cast.district, list_key="qijin", code=code).update(active=False)


def test_a_figure_whose_category_is_stopped_is_a_hint_not_a_zero(cast):
    make_activity(cast, qijin=qijin(cast.a, "xiangcun"), held_on=date(2025, 5, 1))
    _stop(cast, "xuexiao")
    body = drafting.build_body(cast.a, 2025)
    text = "".join(p["text"] for s in body["sections"] for p in s["paragraphs"])
    assert "进学校" not in drafting.plain(drafting.segments(text, body["figures"]))
    assert any(w.startswith("本年度无法统计：开展进学校普法活动（法律七进“进学校”") for w in body["warnings"])
    # Counted again once the default is back.
    _stop(cast, "nothing")
    Category.objects.filter(list_key="qijin", code="xuexiao").update(active=True)
    assert not any("本年度无法统计" in w for w in drafting.build_body(cast.a, 2025)["warnings"])


def test_the_sysadmin_restores_the_default_categories(cast, client):
    _stop(cast, "xuexiao")
    Category.objects.filter(district=cast.district, list_key="dispute_type", code="neighbour").delete()
    login(client, cast.sysadmin)
    assert "恢复默认类别" in client.get("/categories/").content.decode()
    response = client.post("/categories/defaults/", follow=True)
    assert "已恢复默认类别（新增或重新启用2项）" in response.content.decode()
    assert Category.objects.get(district=cast.district, list_key="qijin", code="xuexiao").active
    assert Category.objects.filter(district=cast.district, list_key="dispute_type", code="neighbour").exists()


def test_only_the_districts_sysadmin_may_restore(cast, client):
    _stop(cast, "xuexiao")
    login(client, cast.clerk)
    assert "恢复默认类别" not in client.get("/categories/").content.decode()
    assert client.post("/categories/defaults/").status_code == 403
    assert not Category.objects.get(district=cast.district, list_key="qijin", code="xuexiao").active
