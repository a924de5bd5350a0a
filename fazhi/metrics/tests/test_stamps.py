"""Figure stamps: every change to a table the figures read replaces its organisation's token, whatever
the write path, and nothing else does."""

import re

import pytest
from django.db import connection, transaction

from fazhi.core.rawwrites import allow_raw_writes
from fazhi.disputes.models import Dispute, DisputeParty
from fazhi.metrics import plans, stamps
from fazhi.metrics.kinds import Period
from fazhi.metrics.registry import _resolve, registry
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    district = f.district("戳记区")
    return f.township(district, "甲镇", "甲"), f.township(district, "乙镇", "乙")


def _token(org):
    return stamps.tokens([org.pk])[org.pk]


def test_every_table_a_figure_reads_has_its_triggers():
    assert {table for table, _, _ in stamps.watched()} <= stamps.triggers_present()


def test_the_compiled_figures_read_only_watched_tables():
    """Every table in the SQL of every registered count is watched: a figure cannot read a table whose
    changes would leave its stored value current."""
    watched = {table for table, _, _ in stamps.watched()}
    ids = tuple(m.id for m in registry.all(2025))
    _, by_ledger = _resolve(ids, 2025)
    period = Period.year(2025)
    read = set()
    for spec, metrics in by_ledger:
        sql, _ = plans._compile_grouped(spec, metrics, [1, 2], period)
        read |= set(re.findall(r'(?:FROM|JOIN) "?(\w+)"?', sql))
    assert read and read <= watched, read - watched


def test_a_record_and_its_child_rows_stamp_their_township_only(two):
    a, b = two
    before_a, before_b = _token(a), _token(b)
    dispute = f.DisputeFactory(township=a)
    after_record = _token(a)
    assert after_record != before_a and _token(b) == before_b
    f.DisputePartyFactory(dispute=dispute)
    assert _token(a) != after_record and _token(b) == before_b


def test_bulk_and_raw_writes_stamp_too(two):
    a, _ = two
    dispute = f.DisputeFactory(township=a)
    before = _token(a)
    with allow_raw_writes():
        Dispute.objects.filter(pk=dispute.pk).update(summary="改")
    after_update = _token(a)
    assert after_update != before
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {DisputeParty._meta.db_table} SET phone = phone")  # no row: still fine
        cursor.execute(f"UPDATE {Dispute._meta.db_table} SET summary = summary WHERE id = %s", [dispute.pk])
    assert _token(a) != after_update


def test_a_rolled_back_write_leaves_the_token(two):
    a, _ = two
    f.DisputeFactory(township=a)
    before = _token(a)
    with pytest.raises(RuntimeError), transaction.atomic():
        f.DisputeFactory(township=a)
        assert _token(a) != before  # seen inside the writing transaction
        raise RuntimeError
    assert _token(a) == before


def test_organisations_and_categories_stamp_everything(two):
    a, _ = two
    before = stamps.tokens([])[stamps.EVERYTHING]
    f.village(a, "新村")
    after_village = stamps.tokens([])[stamps.EVERYTHING]
    assert after_village != before
    from fazhi.core.models import Category

    category = Category.objects.filter(district=a.parent).first()
    category.label = category.label + "（改）"
    category.save()
    assert stamps.tokens([])[stamps.EVERYTHING] != after_village


def test_install_is_idempotent():
    stamps.install()
    stamps.install()
    assert {table for table, _, _ in stamps.watched()} <= stamps.triggers_present()
