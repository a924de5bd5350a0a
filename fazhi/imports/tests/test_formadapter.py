"""What the import relies on from Django's private form API (fazhi/imports/formadapter.py): one form
instance validating row after row, relations answered from objects read once, and model errors on a
column that is not a form field kept for the row instead of raising."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import ledgers
from fazhi.core.forms import record_form_class
from fazhi.core.models import Category
from fazhi.disputes.models import Dispute
from fazhi.imports.formadapter import (
    Prefetched,
    form_field_errors,
    has_errors,
    import_form_class,
    outside_errors,
    prefetch,
    reuse,
)

SPEC = ledgers.get("disputes")


def _form(cast):
    form = import_form_class(record_form_class(SPEC))(user=cast.clerk, spec=SPEC, action="create")
    form.fields["village"] = prefetch(form.fields["village"], eager=True)
    return form


def _data(cast, **over):
    data = {
        "township": str(cast.a.pk),
        "village": str(cast.a1.pk),
        "received_on": "2025-03-01",
        "source": "application",
        "level": "village",
        "dispute_type": str(Category.objects.for_township("dispute_type", cast.a).first().pk),
        "summary": "邻里排水纠纷",
        "handler": "王调解",
    }
    data.update(over)
    return data


@pytest.mark.django_db
def test_one_form_validates_row_after_row(cast):
    form = _form(cast)
    reuse(form, _data(cast, summary=""), Dispute(township=cast.a))
    assert has_errors(form) and "summary" in form_field_errors(form)
    reuse(form, _data(cast), Dispute(township=cast.a))
    assert not has_errors(form), form_field_errors(form)
    assert form.cleaned_data["summary"] == "邻里排水纠纷"


@pytest.mark.django_db
def test_a_prefetched_relation_costs_no_query_and_refuses_an_unknown_id(cast):
    form = _form(cast)
    assert isinstance(form.fields["village"], Prefetched)
    with CaptureQueriesContext(connection) as queries:
        assert form.fields["village"].clean(str(cast.a1.pk)) == cast.a1
    assert not any(
        '"orgs_organisation"' in q["sql"] and "WHERE" in q["sql"] for q in queries.captured_queries
    )
    reuse(form, _data(cast, village="999999"), Dispute(township=cast.a))
    assert "village" in form_field_errors(form)


@pytest.mark.django_db
def test_a_model_error_on_a_column_outside_the_form_is_kept_for_the_row(cast):
    form = _form(cast)
    # 办结日期 (a workflow column, not a form field) before 受理日期: Dispute.clean names closed_on.
    instance = Dispute(township=cast.a, closed_on=date(2025, 2, 1), status="resolved")
    reuse(form, _data(cast), instance)
    assert has_errors(form)
    assert "closed_on" in outside_errors(form)
