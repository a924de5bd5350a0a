"""The records behind a figure of an approved version: the ids frozen at approval, not the live query,
so that a record voided (or re-dated) since still shows where the approved report counted it."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from fazhi.core import ledgers
from fazhi.core.display import display_value, field_label
from fazhi.metrics.registry import registry

from . import selectors

PAGE_SIZE = 50


def frozen_records(request, township_id: int, year: int, number: int, slot: str):
    report, mode = selectors.report_for_reader(request.user, township_id, year)
    version = selectors.readable_version(report, mode, number)
    frozen = (version.frozen or {}).get(slot) if version.approved else None
    if frozen is None:
        raise Http404("该版本没有冻结这个数字")
    parts = list(frozen["records"].items())
    if not parts:
        raise Http404("该数字没有可打开的记录")
    keys = [leaf for leaf, _ in parts]
    leaf = request.GET.get("part") if request.GET.get("part") in keys else keys[0]
    behind = frozen["records"][leaf]
    spec = ledgers.get(behind["ledger"])
    if spec is None:
        raise Http404("没有这个台账")
    # Page through the frozen ids, then read only that page, through the reader's own scope.
    page = Paginator(behind["ids"], PAGE_SIZE).get_page(request.GET.get("page"))
    by_pk = spec.model.objects.restrict(request.user).in_bulk(list(page.object_list))
    records = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    summary = spec.summary_column
    return render(
        request,
        "reports/frozen_records.html",
        {
            "report": report,
            "version": version,
            "frozen": frozen,
            "label": _label(frozen["metric"], year),
            "parts": [(key, _label(key, year), len(value["ids"])) for key, value in parts],
            "leaf": leaf,
            "spec": spec,
            "page": page,
            "hidden": len(page.object_list) - len(records),
            "rows": [(r, display_value(r, summary), getattr(r, spec.date_field), r.voided) for r in records],
            "summary_label": field_label(spec.model, summary),
            "date_label": spec.model._meta.get_field(spec.date_field).verbose_name,
        },
    )


def _label(metric_id: str, year: int) -> str:
    try:
        return registry.get(metric_id, year).label
    except KeyError:
        return metric_id
