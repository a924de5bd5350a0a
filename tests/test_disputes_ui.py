"""The disputes list page: a pinned number of queries, whatever the number of records."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

MAX_QUERIES = 20  # session, user, roles, scope, count, page, parties, categories, navigation counts


def _make(cast, n):
    for i in range(n):
        d = f.DisputeFactory(township=cast.a, village=cast.a1 if i % 2 else cast.a2)
        f.DisputePartyFactory(dispute=d)
        f.DisputePartyFactory(dispute=d, name="李四", role="respondent")


def _count(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("ledger-list", kwargs={"ledger": "disputes"}), params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_it_lists_with_a_fixed_number_of_queries(cast, client, django_assert_max_num_queries):
    client.force_login(cast.clerk)
    _make(cast, 10)
    _count(client)  # warm the session and caches
    small, response = _count(client)
    assert len(response.context["rows"]) == 10
    _make(cast, 50)
    large, response = _count(client)
    assert len(response.context["rows"]) == 25
    assert small == large
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse("ledger-list", kwargs={"ledger": "disputes"}))
    searched, _ = _count(client, q="张", page=2)
    assert searched <= MAX_QUERIES


def test_it_lists_masked_party_names(cast, client):
    client.force_login(cast.leader)
    _make(cast, 1)
    body = client.get(reverse("ledger-list", kwargs={"ledger": "disputes"})).content.decode()
    assert "张**、李*" in body and "张三丰" not in body
