"""The figures page: every metric with its definition and value for an organisation and period, and
the records behind each value. Everything is read through the user's scoped querysets."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from fazhi.core import ledgers
from fazhi.core.display import display_value, field_label
from fazhi.orgs.models import OrgKind

from . import registry as reg
from .selectors import figure_organisation, figure_organisations, own_only, period_from, records_query


def _scoped(user, own_of=None):
    """The user's readable records; with `own_of` (a district) only those filed with it (区本级)."""
    if own_of is not None:
        return lambda model: model.objects.restrict(user).filter(township_id=own_of.pk)
    return lambda model: model.objects.restrict(user)


def _shown(metric, year, org) -> bool:
    """A village's figures leave out ledgers kept at township level (their records have no village;
    this includes 一村一法律顾问, whose advisor records a village cadre cannot read)."""
    key = reg.ledger_of(metric, year)
    if org.kind != OrgKind.VILLAGE:
        return True
    spec = ledgers.get(key) if key else None
    return spec is None or spec.uses_village


def metric_list(request):
    org = figure_organisation(request.user, request.GET.get("org"))
    error = None
    try:
        period = period_from(request.GET)
    except ValidationError as exc:
        error = exc.messages[0]
        period = period_from({})
    year = period.start.year
    metrics = [m for m in reg.registry.all(year) if _shown(m, year, org)]
    values = reg.compute([m.id for m in metrics], org, period, base=_scoped(request.user))
    labels = dict(ledgers.GROUPS)
    sections: dict[str, list] = {}
    for metric in metrics:
        key = reg.ledger_of(metric, year)
        spec = ledgers.get(key) if key else None
        group = labels.get(spec.group, "其他") if spec else "其他"
        openable = not isinstance(metric, reg.Total) or key is not None
        sections.setdefault(group, []).append(
            {"metric": metric, "value": values[metric.id], "openable": openable}
        )
    return render(
        request,
        "metrics/list.html",
        {
            "org": org,
            "orgs": figure_organisations(request.user),
            "period": period,
            "params": request.GET,
            "query": records_query(org, period),
            "sections": sections.items(),
            "error": error,
        },
    )


def metric_records(request, metric_id: str):
    org = figure_organisation(request.user, request.GET.get("org"))
    try:
        period = period_from(request.GET)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from None
    try:
        metric = reg.registry.get(metric_id, period.start.year)
    except KeyError:
        raise Http404("没有该统计口径") from None
    key = reg.ledger_of(metric, period.start.year)
    if key is None or not _shown(metric, period.start.year, org):
        raise Http404("该统计口径没有可直接打开的记录")
    own = own_only(org, request.GET)
    base = _scoped(request.user, org if own else None)
    qs = reg.records(metric, org, period, base=base)
    spec = ledgers.get(key)
    page = Paginator(qs.order_by(f"-{spec.date_field}", "-pk"), 50).get_page(request.GET.get("page"))
    value = reg.value(metric.id, org, period, base=base)
    summary = spec.summary_column
    return render(
        request,
        "metrics/records.html",
        {
            "metric": metric,
            "value": value,
            "org": org,
            "period": period,
            "spec": spec,
            "page": page,
            # The 记录 column describes the record (its subject), not its 编号 a second time.
            "rows": [
                (record, display_value(record, summary), getattr(record, spec.date_field)) for record in page
            ],
            "summary_label": field_label(spec.model, summary),
            "date_label": spec.model._meta.get_field(spec.date_field).verbose_name,
            "query": records_query(org, period, own=own),
            "own": own,
        },
    )
