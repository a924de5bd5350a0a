"""Freezing an approved version: each figure's value and the ids of the records behind it."""

from fazhi.metrics.registry import Ratio, Total, records, registry
from fazhi.orgs.models import Organisation

from .drafting import period_for
from .figures import shown_text


def leaf_metrics(metric_id: str, year: int) -> list:
    """The countable metrics behind a figure (a ratio's two parts, a total's parts)."""
    metric = registry.get(metric_id, year)
    if isinstance(metric, Ratio):
        return leaf_metrics(metric.numerator, year) + leaf_metrics(metric.denominator, year)
    if isinstance(metric, Total):
        return [m for part in metric.parts for m in leaf_metrics(part, year)]
    return [metric]


def freeze(body: dict, township: Organisation) -> dict:
    """Each figure's value and the ids of the records behind it, as of now (one query per distinct
    countable metric behind the figures)."""
    year = body["year"]
    period = period_for(year)
    ids_by_metric: dict[str, list[int]] = {}
    frozen = {}
    for fid, fig in body.get("figures", {}).items():
        behind = {}
        for leaf in leaf_metrics(fig["metric"], year):
            if leaf.id not in ids_by_metric:
                qs = records(leaf, township, period)
                ids_by_metric[leaf.id] = sorted(qs.values_list("pk", flat=True))
            behind[leaf.id] = {"ledger": leaf.ledger, "ids": ids_by_metric[leaf.id]}
        frozen[fid] = {
            "metric": fig["metric"],
            "value": fig["value"],
            "numerator": fig["numerator"],
            "denominator": fig["denominator"],
            "text": shown_text(fig),
            "records": behind,
        }
    return frozen
