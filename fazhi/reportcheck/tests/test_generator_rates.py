"""Every rate sentence that fazhi.reports writes from the records is verified ok by the check."""

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.metrics.registry import MetricValue, Ratio, registry
from fazhi.reportcheck.checks import check_text
from fazhi.reportcheck.loader import report_from_string
from fazhi.reports import blueprint as bp
from fazhi.reports.drafting import _Builder, plain, segments

YEAR = 2024


def _rate_points() -> list[bp.Point]:
    """The blueprint's points that quote a rate together with its parts."""
    points = []
    for section in (*bp.MEASURES, *bp.LEADERS, *bp.PLANS):
        for para in section.paras:
            for point in para.points:
                if any(
                    isinstance(registry.get(b.metric, YEAR), Ratio)
                    for c in point.clauses
                    for b in c.binds.values()
                ):
                    points.append(point)
    return points


POINTS = _rate_points()


def _values(point: bp.Point, draw) -> dict[str, MetricValue]:
    """Figures of the point that hang together: each rate's numerator is at most its denominator, also
    along chains such as 应考 ≥ 参考 ≥ 通过."""
    ratios = {
        b.metric: registry.get(b.metric, YEAR)
        for c in point.clauses
        for b in c.binds.values()
        if isinstance(registry.get(b.metric, YEAR), Ratio)
    }
    counts: dict[str, int] = {}
    numerators = {r.numerator for r in ratios.values()}
    while any(r.numerator not in counts for r in ratios.values()):
        for ratio in ratios.values():
            if ratio.denominator not in counts and ratio.denominator not in numerators - counts.keys():
                counts[ratio.denominator] = draw(st.integers(min_value=1, max_value=100_000))
            if ratio.denominator in counts and ratio.numerator not in counts:
                counts[ratio.numerator] = draw(st.integers(min_value=0, max_value=counts[ratio.denominator]))
    values = {mid: MetricValue(registry.get(mid, YEAR), n) for mid, n in counts.items()}
    for mid, ratio in ratios.items():
        values[mid] = MetricValue(ratio, None, counts[ratio.numerator], counts[ratio.denominator])
    for clause in point.clauses:
        for bind in clause.binds.values():
            if bind.metric not in values:
                values[bind.metric] = MetricValue(registry.get(bind.metric, YEAR), draw(st.integers(1, 1000)))
    return values


def test_it_finds_rate_sentences_in_the_blueprint():
    assert len(POINTS) >= 5


@settings(max_examples=150, deadline=None)
@given(point=st.sampled_from(POINTS), data=st.data())
def test_it_verifies_every_generated_rate_sentence(point, data):
    builder = _Builder(_values(point, data.draw), set())
    clauses = [c for c in (builder.clause(cl, "p") for cl in point.clauses) if c]
    sentence = plain(segments("，".join([point.claim, *clauses]) + "。", builder.figures))
    text = f"关于{YEAR}年度法治政府建设情况的报告\n一、{YEAR}年推进法治政府建设的主要举措和成效\n{sentence}\n"
    result = check_text(report_from_string(text)).to_json()
    # No rate is ever judged wrong; a rate written with its parts is verified (one without is unverifiable).
    assert [r for r in result["rates"] if r["ok"] is False] == [], (sentence, result["rates"])
    for rate in result["rates"]:
        if rate["numerator"] is not None and rate["denominator"] is not None:
            assert rate["ok"] is True, (sentence, rate)
