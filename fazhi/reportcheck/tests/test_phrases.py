"""The phrase table: the check reads each sentence fazhi drafts as the metric it was drafted from, a 其中
part as a part of the figure before it, and a rate as the rate of the count it follows."""

import pytest

from fazhi.metrics import phrases
from fazhi.metrics.registry import registry
from fazhi.reportcheck.figures import match_metric, stated_figures
from fazhi.reportcheck.loader import report_from_string
from fazhi.reports import blueprint as bp

AVAILABLE = {m.id: m for m in registry.all(2025)}


def matched(text: str) -> list[tuple[str, str | None]]:
    """(stated figure, metric id) for each figure of a one-paragraph text, in order."""
    para = report_from_string(text).paragraphs[0]
    out, earlier = [], []
    for figure in stated_figures(para):
        if earlier and earlier[-1][0] < figure.point:
            earlier = []
        metric_id = match_metric(figure, AVAILABLE, earlier)
        if metric_id:
            earlier.append((figure.pos, metric_id))
        out.append((figure.stated, metric_id))
    return out


def test_it_says_every_metric_the_draft_binds():
    unsaid = []
    for section in (*bp.MEASURES, *bp.LEADERS):
        for para in section.paras:
            for point in para.points:
                for clause in point.clauses:
                    unsaid += [
                        b.metric for b in clause.binds.values() if b.said and not phrases.say(b.metric)
                    ]
    assert unsaid == []


def test_every_phrase_names_a_registered_metric():
    assert [p.metric for p in phrases.all_phrases() if p.metric not in registry] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 现场解答 in a 普法 activity is not the 法律咨询 ledger.
        ("现场解答群众法律咨询353次。", [("353次", "publicity.onsite_consultations")]),
        ("为群众提供法律咨询70件。", [("70件", "consultations.count")]),
        # All platforms' tickets, not 互联网+督查 alone.
        ("办理12345热线、互联网+督查等平台工单81件。", [("81件", "tickets.received")]),
        # Inside the 合法性审查 breakdown, 重大行政决策 is the review type, not the decisions ledger.
        (
            "全年开展合法性审查5件，其中规范性文件2件，重大行政决策1件。作出重大行政决策2件。",
            [
                ("5件", "reviews.total"),
                ("2件", "reviews.normative"),
                ("1件", "reviews.major_decision"),
                ("2件", "decisions.major_decided"),
            ],
        ),
        # Each on-time rate is the rate of the count it follows.
        (
            "办理12345热线、互联网+督查等平台工单81件，其中12345热线工单76件，按时答复率95%，"
            "互联网+督查工单5件，按时答复率80%。",
            [
                ("81件", "tickets.received"),
                ("76件", "tickets.12345.received"),
                ("95%", "tickets.12345.on_time_rate"),
                ("5件", "tickets.supervision.received"),
                ("80%", "tickets.supervision.on_time_rate"),
            ],
        ),
        # A 其中 part after a zero first part (the draft keeps 其中 on the next one).
        (
            "全年开展普法活动9场，其中进村社4场，受众3000余人次。",
            [
                ("9场", "publicity.activities"),
                ("4场", "publicity.activities.cunshe"),
                ("3000余人次", "publicity.audience"),
            ],
        ),
    ],
)
def test_it_reads_each_sentence_as_the_metric_it_states(text, expected):
    assert matched(text) == expected


def test_a_breakdown_word_alone_is_not_read_as_a_part():
    # 进学校 outside a 其中 breakdown of the activities is no figure of the breakdown.
    assert matched("进学校12场。") == [("12场", None)]
