"""Form selects offer 请选择 as their empty choice, never Django's "---------" (list filters say 全部)."""

import re

import pytest

from conftest import login
from fazhi.core import ledgers

SPECS = ledgers.all_ledgers()


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_every_ledger_create_form_says_please_choose(client, cast, spec):
    login(client, cast.clerk)
    response = client.get(f"/ledger/{spec.key}/new/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "---------" not in page
    # Every empty choice of the form's selects (and the village select's own) reads 请选择.
    empty = re.findall(r'<option value=""[^>]*>([^<]*)</option>', page.split("<main", 1)[1])
    assert set(empty) <= {"请选择"}, (spec.key, empty)
    if spec.key == "disputes":  # 村/社区, 纠纷类型, 来源 …
        assert len(empty) >= 3


def test_the_list_filters_still_say_all(client, cast):
    login(client, cast.clerk)
    page = client.get("/ledger/disputes/").content.decode()
    assert "---------" not in page and ">全部</option>" in page and "请选择" not in page


def test_the_role_form_of_the_security_admin_says_please_choose(client, cast):
    login(client, cast.security)
    page = client.get(f"/admin/users/{cast.clerk.pk}/").content.decode()
    assert "---------" not in page and ">请选择</option>" in page
