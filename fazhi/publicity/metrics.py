"""Figures of 普法 (domain.md §2.1): 法律七进 activities by category, materials, households, on-the-spot
consultations and audience; cadre study by kind; 法宣在线 enrolment (人, never a sum of 人次); exams."""

from django.db.models import Q

from fazhi.metrics import display, phrases
from fazhi.metrics.phrases import NOT_SEP, PEOPLE, PEOPLE_TIMES, TIMES, Phrase
from fazhi.metrics.registry import Count, Ratio, Total, breakdown, register

from .choices import QIJIN, ActivityForm, StudyKind

ACT = "publicity-activities"
STUDY = "study-sessions"
EXAM = "law-exams"
_ACT_DEF = "活动日期在统计期内、未作废的普法活动"

register(
    Count(
        id="publicity.activities",
        label="开展普法活动",
        definition=f"{_ACT_DEF}场次（各“法律七进”类别合计，含区或乡镇自行增设的类别）。",
        unit="场",
        ledger=ACT,
    ),
    *breakdown(
        "publicity.activities",
        ledger=ACT,
        field="qijin__key",
        choices=QIJIN,
        category_list="qijin",
        label="开展{label}普法活动",
        definition=f"{_ACT_DEF}中，“法律七进”类别为“{{label}}”的场次。",
        unit="场",
    ),
    *breakdown(
        "publicity.forms",
        ledger=ACT,
        field="form",
        choices=[(c, n) for c, n in ActivityForm.choices if c != ActivityForm.OTHER],
        label="普法活动（{label}）",
        definition=f"{_ACT_DEF}中，活动形式为“{{label}}”的场次。",
        unit="场",
    ),
    Total(
        id="publicity.activities.cunshe",
        label="开展进村社普法活动",
        definition="进乡村与进社区普法活动场次之和（报告中合称“进村社”）。",
        unit="场",
        parts=("publicity.activities.xiangcun", "publicity.activities.shequ"),
    ),
    Count(
        id="publicity.books",
        label="发放法律书籍",
        definition=f"{_ACT_DEF}所登记的发放法律书籍册数之和。",
        unit="册",
        ledger=ACT,
        sum_field="books",
    ),
    Count(
        id="publicity.materials",
        label="发放宣传资料",
        definition=f"{_ACT_DEF}所登记的发放宣传资料份数之和。",
        unit="份",
        ledger=ACT,
        sum_field="materials",
    ),
    Total(
        id="publicity.books_materials",
        label="发放书籍资料",
        definition="发放法律书籍册数与宣传资料份数之和（报告中合称“书籍资料”，以“份”计）。",
        unit="份",
        style=display.APPROX,
        parts=("publicity.books", "publicity.materials"),
    ),
    Count(
        id="publicity.households",
        label="走访农户",
        definition=f"{_ACT_DEF}所登记的走访农户户数之和。",
        unit="户",
        ledger=ACT,
        sum_field="households",
    ),
    Count(
        id="publicity.onsite_consultations",
        label="现场解答法律咨询",
        definition=f"{_ACT_DEF}所登记的现场解答法律咨询次数之和。",
        unit="次",
        ledger=ACT,
        sum_field="consultations",
    ),
    Count(
        id="publicity.audience",
        label="普法受众",
        definition=f"{_ACT_DEF}所登记的受众人数之和（人次，同一人参加多场计多次）。",
        unit="人次",
        style=display.APPROX,
        ledger=ACT,
        sum_field="audience_count",
    ),
    Count(
        id="study.sessions",
        label="开展学法活动",
        definition="学法日期在统计期内、未作废的学法活动次数（各种学法形式合计）。",
        unit="次",
        ledger=STUDY,
    ),
    *breakdown(
        "study",
        ledger=STUDY,
        field="kind",
        choices=StudyKind,
        label="{label}",
        definition="学法日期在统计期内、未作废、学法形式为“{label}”的学法活动次数。",
        unit="次",
    ),
    Count(
        id="study.participants",
        label="参学人次",
        definition="学法日期在统计期内、未作废的学法活动所登记的参学人次之和（不是人数）。",
        unit="人次",
        style=display.APPROX,
        ledger=STUDY,
        sum_field="participants",
    ),
    Count(
        id="study.online_enrolled",
        label="法宣在线参学干部",
        definition=(
            "学法日期在统计期内、未作废的“法宣在线”记录所载参学人数（人，按不重复的干部计；"
            "每个乡镇每年登记一条）之和；不由参学人次累加。"
        ),
        unit="人",
        ledger=STUDY,
        where=Q(kind=StudyKind.ONLINE),
        sum_field="enrolled",
    ),
    Count(
        id="exam.required",
        label="学法考试应考人数",
        definition="考试日期在统计期内、未作废的学法考试应考人数之和。",
        unit="人",
        ledger=EXAM,
        sum_field="required_count",
    ),
    Count(
        id="exam.sat",
        label="学法考试参考人数",
        definition="考试日期在统计期内、未作废的学法考试参考人数之和。",
        unit="人",
        ledger=EXAM,
        sum_field="sat_count",
    ),
    Count(
        id="exam.passed",
        label="学法考试通过人数",
        definition="考试日期在统计期内、未作废的学法考试通过人数之和。",
        unit="人",
        ledger=EXAM,
        sum_field="passed_count",
    ),
    Ratio(
        id="exam.sit_rate",
        label="学法考试参考率",
        definition="参考人数 ÷ 应考人数。",
        numerator="exam.sat",
        denominator="exam.required",
    ),
    Ratio(
        id="exam.pass_rate",
        label="学法考试通过率",
        definition="通过人数 ÷ 参考人数。",
        numerator="exam.passed",
        denominator="exam.sat",
    ),
    Count(
        id="publicity.volunteers_trained",
        label="培训法律明白人等普法骨干",
        definition="培训日期在统计期内、未作废的法律明白人、政法委员、义务法治宣传员人数（名册每人一条）。",
        unit="名",
        ledger="legal-volunteers",
    ),
    Count(
        id="publicity.funds",
        label="普法经费",
        definition="拨付日期在统计期内、未作废的普法经费金额之和。",
        unit="万元",
        ledger="publicity-funds",
        sum_field="amount",
    ),
    Count(
        id="publicity.model_villages",
        label="新获民主法治示范村命名",
        definition="命名日期在统计期内、未作废的民主法治示范村命名个数（各级合计）。",
        unit="个",
        ledger="model-villages",
    ),
)

# How reports word these figures (fazhi.metrics.phrases): the drafter writes `say`, the check reads both.
phrases.register(
    Phrase("publicity.activities", say="开展普法活动"),
    Phrase(
        "publicity.activities",
        lead=rf"(?:开展|举办|组织){NOT_SEP}{{0,10}}普法{NOT_SEP}{{0,6}}活动$",
        units=TIMES,
    ),
    Phrase("publicity.activities.cunshe", say="进村社", part_of="publicity.activities"),
    *(
        Phrase(f"publicity.activities.{code}", say=label, part_of="publicity.activities")
        for code, label in QIJIN
    ),
    Phrase("publicity.audience", say="受众", units=PEOPLE_TIMES),
    Phrase("publicity.forms.lecture", say="举办普法讲座"),
    Phrase("publicity.forms.stall", say="设置宣传摊位"),
    Phrase("publicity.forms.quiz", say="开展有奖竞答"),
    Phrase("publicity.forms.home_visit", say="送法上门"),
    Phrase("publicity.forms.arts", say="开展法治文艺演出"),
    Phrase("publicity.forms.online", say="开展线上宣传"),
    Phrase(
        "publicity.audience",
        lead=r"(?:普法)?受众$",
        units=PEOPLE_TIMES,
        context=r"普法|法治宣传|进学校|进企业|进农村",
    ),
    Phrase(
        "publicity.books_materials", say="发放书籍资料", lead=rf"发放{NOT_SEP}{{0,6}}书籍资料$", units=("份",)
    ),
    # Books and materials are quoted together as 书籍资料 (份), then 其中 each.
    Phrase("publicity.books", say="法律书籍", part_of="publicity.books_materials", units=("册", "本")),
    Phrase("publicity.books", say="发放法律书籍", lead=rf"发放{NOT_SEP}{{0,6}}书籍$", units=("册", "本")),
    Phrase("publicity.materials", say="宣传资料", part_of="publicity.books_materials", units=("份",)),
    Phrase("publicity.materials", lead=rf"发放{NOT_SEP}{{0,6}}资料$", units=("份",)),
    Phrase("publicity.households", say="走访农户", lead=rf"(?:走访|入户){NOT_SEP}{{0,6}}(?:农户|群众家庭)$"),
    Phrase("publicity.onsite_consultations", say="现场解答群众法律咨询", lead=r"现场解答(?:群众)?法律咨询$"),
    Phrase(
        "publicity.volunteers_trained",
        say="培训法律明白人等普法骨干",
        lead=rf"培训{NOT_SEP}{{0,6}}(?:法律明白人|普法骨干)$",
        units=PEOPLE,
    ),
    Phrase("publicity.model_villages", say="新获民主法治示范村命名"),
    Phrase("publicity.funds", say="普法经费", lead=rf"普法(?:工作)?经费{NOT_SEP}{{0,4}}$", units=("万元",)),
    Phrase(
        "study.central_group", say="党委理论学习中心组学法", lead=rf"中心组{NOT_SEP}{{0,6}}学法$", units=TIMES
    ),
    Phrase("study.central_group", lead=r"(?:开展)?集中学法$", units=TIMES, context=r"中心组"),
    Phrase("study.pre_meeting", say="会前学法"),
    Phrase("study.staff_meeting", say="干部职工会议学法"),
    Phrase("study.lecture", say="法治讲座", units=TIMES),
    Phrase("study.training", say="法律知识培训"),
    Phrase(
        "study.sessions",
        say="开展学法活动",
        lead=rf"(?:开展|组织){NOT_SEP}{{0,4}}学法(?:活动)?$",
        units=TIMES,
    ),
    Phrase("study.online_enrolled", say="参加法宣在线学习"),
    Phrase("study.participants", say="参学", units=PEOPLE_TIMES),
    Phrase(
        "study.participants", lead=r"(?:参训|参学|参加学习)$", units=PEOPLE_TIMES, context=r"学法|讲座|培训"
    ),
    Phrase("exam.required", say="应考", lead=r"应考(?:人员|人数)?$", units=PEOPLE),
    Phrase(
        "exam.sat", say="实际参考", lead=r"(?:实际)?参考(?:人员|人数)?$", units=PEOPLE, context=r"考试|应考"
    ),
    Phrase(
        "exam.passed",
        say="考试通过",
        lead=r"(?:考试)?(?:通过|合格)(?:人员|人数)?$",
        units=PEOPLE,
        context=r"考试|应考",
    ),
    Phrase("exam.sit_rate", say="参考率", lead=r"参考率(?:达到?|为)?$"),
    Phrase("exam.pass_rate", say="通过率", follows="exam.sat"),
    Phrase("exam.pass_rate", lead=r"(?:通过|合格)率(?:达到?|为)?$", context=r"考试|应考|参考"),
)
