"""未提及 reads a report's words for each area and ledger from the metrics' phrase table (each ledger
app's metrics.py) and from synonyms, not from a few keywords; with the records at hand it lists only
what the records show."""

from datetime import date

import pytest

from fazhi.core import ledgers
from fazhi.metrics import phrases
from fazhi.metrics.registry import ledger_of, registry
from fazhi.reportcheck.analysis import analyse
from fazhi.reportcheck.checks import check_text
from fazhi.reportcheck.coverage import AREAS, area_message, mentions, vocabulary
from fazhi.reportcheck.loader import report_from_string
from fazhi.reportcheck.tests.reports import qingshan_2024

LABELS = {key: label for key, label, _ in AREAS}
# A report with the four parts whose only measure is the sentence under test.
SKELETON = """关于2024年度法治政府建设情况的报告
区委、区政府：
一、2024年推进法治政府建设的主要举措和成效
　　{sentence}。
二、2024年党政主要负责人履行推进法治建设第一责任人职责情况
　　镇党委书记切实履行第一责任人职责。
三、2024年推进法治政府建设存在的不足和原因
　　一是工作力量不足。
四、2025年推进法治政府建设的主要安排
　　一是补齐短板。
中共青山镇委员会
2025年2月20日
"""


def uncovered(sentence: str) -> list[str]:
    return check_text(report_from_string(SKELETON.format(sentence=sentence))).to_json()["uncovered"]


def _area_of(metric_id: str) -> str | None:
    key = ledger_of(registry.get(metric_id))
    return ledgers.get(key).group if key else None


PHRASES = sorted(
    {
        (p.say, _area_of(p.metric))
        for p in phrases.all_phrases()
        if p.say and not p.context and not p.follows and p.metric in registry and _area_of(p.metric) in LABELS
    }
)


def test_the_phrase_table_is_read():
    assert len(PHRASES) > 30
    assert {area for _, area in PHRASES} >= {"publicity", "decisions", "disputes", "tickets", "legalservice"}


@pytest.mark.parametrize(("say", "area"), PHRASES)
def test_a_metrics_own_phrase_mentions_its_area(say, area):
    assert area_message(LABELS[area]) not in uncovered(f"{say}12件")


@pytest.mark.parametrize(
    ("sentence", "area"),
    [
        ("镇班子会议专题学习法律综合知识", "publicity"),
        ("党委中心组集中学习新修订的行政复议法", "publicity"),
        ("应考人员86人，实际参考85人", "publicity"),  # the exam ledger's phrases
        ("对镇政府签订的合同全部进行法制审核", "decisions"),
        ("重大决策事项坚持集体讨论决定", "decisions"),
        ("领导干部定期接待群众来访，推动积案化解", "petitions"),
        ("规范政务服务便民热线诉求件办理", "tickets"),
        ("坚持和发展新时代枫桥经验，调处邻里矛盾", "disputes"),
        ("律师每周驻村坐班，为群众答疑", "legalservice"),
        ("主动接受人大监督和政协民主监督，配合巡察整改", "oversight"),
        ("综合执法队开展行政检查", "enforcement"),
    ],
)
def test_other_words_mention_the_area(sentence, area):
    assert area_message(LABELS[area]) not in uncovered(sentence)


@pytest.mark.parametrize(
    ("sentence", "area"),
    [
        ("组织干部学习先进工作方法", "publicity"),  # 方法 is no law
        ("做好防汛抗旱工作", "petitions"),
        ("做好防汛抗旱工作", "disputes"),
    ],
)
def test_an_area_really_missing_is_still_reported(sentence, area):
    assert area_message(LABELS[area]) in uncovered(sentence)


def test_words_of_a_phrase_with_a_context_need_it_in_the_same_paragraph():
    exam = vocabulary()["law-exams"]
    assert mentions("law-exams", "应考人员86人")
    sat = [w for w in exam if w.context is not None]
    assert sat and not any(w.found_in("实际参考人员85人") for w in sat)
    assert any(w.found_in("组织考试,实际参考人员85人") for w in sat)


def test_with_records_a_study_ledger_in_other_words_is_not_reported(cast):
    from fazhi.publicity.tests.samples import make_session

    make_session(cast, held_on=date(2024, 5, 6), participants=30)
    base = qingshan_2024().replace(
        "围绕“八五”普法规划开展法治宣传，推进法律明白人培养工程，组织干部参加学法考试", "抓好机关作风建设"
    )
    base = base.replace("一是抓好学法用法。", "一是抓好作风建设。").replace(
        "深化普法宣传和学法用法", "加强作风建设"
    )
    silent = analyse(report_from_string(base), township=cast.a).uncovered
    assert area_message(LABELS["publicity"]) in silent  # the records hold study sessions: reported
    worded = base.replace("抓好机关作风建设", "镇班子会议专题学习法律综合知识")
    assert not [u for u in analyse(report_from_string(worded), township=cast.a).uncovered if "学法" in u]


@pytest.mark.parametrize(
    ("pattern", "core", "literal"),
    [
        ("(?:开展)?集中学法(?:活动)?", "集中学法", "集中学法"),
        ("(?:负责人)?出庭(?:应诉)?率(?:达到?|为)?", "出庭(?:应诉)?率", "出庭"),
        ("(?:开展|举办|组织)[^,;:。]{0,10}普法[^,;:。]{0,6}活动", None, "普法"),
        ("学法|法治讲座", None, ""),  # alternatives: no single literal
        ("答复率?", None, "答复"),
        ("(?:a)?", None, ""),  # never emptied into a pattern matching everything
    ],
)
def test_patterns_are_searched_from_a_literal(pattern, core, literal):
    from fazhi.reportcheck.coverage import essential, required_literal

    assert essential(pattern) == (core or pattern)
    assert required_literal(essential(pattern)) == literal


def test_every_vocabulary_literal_is_in_each_match():
    samples = "全年开展普法活动12场，镇班子会议专题学习法律综合知识，应考人员86人，出庭应诉率100%"
    for words in vocabulary().values():
        for w in words:
            for m in w.pattern.finditer(samples):
                assert not w.literal or w.literal in m.group(0), (w.pattern.pattern, w.literal)
