"""Sentence templates of the default first draft, in the plain register of a township report: a claim,
then the figures that support it. `{slot}` marks a figure; each slot is bound to a metric id of
`fazhi.metrics.registry`. A clause whose figure is zero (unless kept) or a rate with a zero denominator
is left out; a point whose clauses are all left out is left out, and 一是/二是… are numbered after that.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bind:
    """A figure in a clause: metric id, and this place's unit and display style (default: the metric's)."""

    metric: str
    unit: str | None = None
    style: str | None = None


@dataclass(frozen=True)
class Clause:
    """One figure sentence. `full` is read instead when the rate in slot `full_of` is exactly 100%."""

    text: str
    binds: dict[str, Bind] = field(default_factory=dict)
    full: str | None = None
    full_of: str | None = None
    # Say it even at zero ("收到…整改建议0件"); None follows the metric's own keep_zero. A rate of 0%
    # is left out unless kept (part 三 names what is missing instead).
    keep_zero: bool | None = None


@dataclass(frozen=True)
class Point:
    """A claim and the clauses that back it (一是…); without clauses it is prose and always kept."""

    claim: str
    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class Para:
    """A paragraph: an opening sentence and numbered points (or one plain sentence without numbering)."""

    key: str
    lead: str = ""
    points: tuple[Point, ...] = ()
    numbered: bool = True
    keep_lead: bool = False  # a mandated part keeps its opening sentence even with no figures


@dataclass(frozen=True)
class Section:
    """A heading and its paragraphs. `part` names the mandated part a level-1 section is."""

    key: str
    heading: str
    level: int
    part: str
    paras: tuple[Para, ...] = ()


def C(text, full=None, full_of=None, keep_zero=None, **binds):
    return Clause(
        text,
        {k: v if isinstance(v, Bind) else Bind(v) for k, v in binds.items()},
        full,
        full_of,
        keep_zero,
    )


INTRO = (
    "{year}年，{township}党委、政府坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
    "认真落实区委、区政府关于法治政府建设的各项部署，坚持依法决策、依法行政、依法化解矛盾纠纷，"
    "法治政府建设各项工作取得新进展。现将有关情况报告如下："
)

MEASURES = (
    Section("measures", "{year}年推进法治政府建设的主要举措和成效", 1, "measures"),
    Section(
        "measures.publicity",
        "深化法治宣传教育，营造尊法学法守法用法氛围",
        2,
        "measures",
        (
            Para(
                "publicity",
                "坚持把全民普法作为基础性工作抓紧抓实。",
                (
                    Point(
                        "扎实推进“法律七进”",
                        (
                            C("全年开展普法活动{n}", n="publicity.activities"),
                            C("其中进学校{n}", n="publicity.activities.xuexiao"),
                            C("进村社{n}", n="publicity.activities.cunshe"),
                            C("进企业{n}", n="publicity.activities.qiye"),
                            C("受众{n}", n=Bind("publicity.audience", style="approx")),
                        ),
                    ),
                    Point(
                        "抓好普法宣传阵地",
                        (
                            C("发放法律书籍{n}", n="publicity.books"),
                            C("宣传资料{n}", n="publicity.materials"),
                            C("走访农户{n}", n="publicity.households"),
                            C("现场解答群众法律咨询{n}", n="publicity.onsite_consultations"),
                            C("培训法律明白人等普法骨干{n}", n="publicity.volunteers_trained"),
                            C("新获民主法治示范村命名{n}", n="publicity.model_villages"),
                        ),
                    ),
                    Point(
                        "抓实领导干部和工作人员学法",
                        (
                            C("开展党委理论学习中心组学法{n}", n="study.central_group"),
                            C("会前学法{n}", n="study.pre_meeting"),
                            C("干部职工会议学法{n}", n="study.staff_meeting"),
                            C("举办法治讲座{n}", n="study.lecture"),
                            C("举办法律知识培训{n}", n="study.training"),
                            C("组织干部参加法宣在线学习{n}", n="study.online_enrolled"),
                            C("累计参学{n}", n="study.participants"),
                        ),
                    ),
                    Point(
                        "组织年度学法考试",
                        (
                            C("应考{n}，实际参考{m}", n="exam.required", m="exam.sat"),
                            C(
                                "参考率{r}",
                                full="应考人员全部参加考试",
                                full_of="r",
                                r="exam.sit_rate",
                            ),
                            C("通过率{r}", full="参考人员全部通过考试", full_of="r", r="exam.pass_rate"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Section(
        "measures.decisions",
        "坚持依法决策，规范重大事项决策程序",
        2,
        "measures",
        (
            Para(
                "decisions",
                "严格落实重大行政决策程序和合法性审查制度。",
                (
                    Point(
                        "把好合法性审查关",
                        (
                            C("全年开展合法性审查{n}", n="reviews.total"),
                            C("其中规范性文件{n}", n="reviews.normative"),
                            C("政府合同{n}", n="reviews.contract"),
                            C("重大行政决策{n}", n="reviews.major_decision"),
                            C("重大行政执法决定{n}", n="reviews.major_enforcement"),
                            C("其他重大事项{n}", n="reviews.other"),
                        ),
                    ),
                    Point(
                        "规范重大行政决策",
                        (C("作出重大行政决策{n}，均履行法定程序", n="decisions.major_decided"),),
                    ),
                    Point(
                        "开展风险评估",
                        (
                            C("对涉及群众切身利益的事项开展风险评估{n}", n="risk.total"),
                            C("其中评估为高风险{n}，均落实防控措施", n="risk.high"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Section(
        "measures.enforcement",
        "严格规范公正文明执法，落实行政执法三项制度",
        2,
        "measures",
        (
            Para(
                "enforcement",
                "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度。",
                (
                    Point(
                        "规范执法行为",
                        (
                            C("全年办理行政执法案件{n}", n="enforcement.cases"),
                            C("其中行政处罚{n}", n="enforcement.cases.penalty"),
                            C("行政检查{n}", n="enforcement.cases.inspection"),
                            C("行政强制{n}", n="enforcement.cases.coercion"),
                            C("行政许可{n}", n="enforcement.cases.licensing"),
                            C("重大执法决定{n}，均经法制审核", n="enforcement.major"),
                            C(
                                "执法决定按期公示率{r}",
                                full="执法决定均在规定时限内公示",
                                full_of="r",
                                r="enforcement.publish_on_time_rate",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Section(
        "measures.disputes",
        "依法化解矛盾纠纷，维护基层和谐稳定",
        2,
        "measures",
        (
            Para(
                "disputes",
                "坚持和发展新时代“枫桥经验”，把矛盾纠纷化解在基层。",
                (
                    Point(
                        "依法办理信访事项",
                        (
                            C("受理信访事项{n}", n="petitions.received"),
                            C("其中集体访{n}", n="petitions.collective"),
                            C(
                                "按期答复率{r}",
                                full="均在法定期限内答复",
                                full_of="r",
                                r="petitions.reply_on_time_rate",
                            ),
                            C("领导干部接访下访{n}", n="receptions.count"),
                            C("接待群众{n}", n=Bind("receptions.people", style="approx")),
                        ),
                    ),
                    Point(
                        "办好热线工单",
                        (
                            C("办理12345热线、互联网+督查等平台工单{n}", n="tickets.received"),
                            C("其中12345热线工单{n}", n="tickets.12345.received"),
                            C(
                                "按时答复率{r}",
                                full="均按时答复",
                                full_of="r",
                                r="tickets.12345.on_time_rate",
                            ),
                            C("互联网+督查工单{n}", n="tickets.supervision.received"),
                            C(
                                "按时答复率{r}",
                                full="均按时答复",
                                full_of="r",
                                r="tickets.supervision.on_time_rate",
                            ),
                        ),
                    ),
                    Point(
                        "常态化排查化解矛盾纠纷",
                        (
                            C("开展矛盾纠纷排查{n}", n="disputes.screenings"),
                            C("受理矛盾纠纷{n}", n="disputes.accepted"),
                            C(
                                "成功化解{m}，化解率{r}",
                                full="已全部化解",
                                full_of="r",
                                m="disputes.resolved",
                                r="disputes.resolution_rate",
                            ),
                        ),
                    ),
                    Point(
                        "发挥人民调解作用",
                        (
                            C("开展人民调解{n}", n="mediations.total"),
                            C(
                                "调解成功{m}，调解成功率{r}",
                                full="均调解成功",
                                full_of="r",
                                m="mediations.success",
                                r="mediations.success_rate",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Section(
        "measures.legalservice",
        "完善公共法律服务体系",
        2,
        "measures",
        (
            Para(
                "legalservice",
                "推动公共法律服务向村（社区）延伸。",
                (
                    Point(
                        "落实一村一法律顾问制度",
                        (
                            C(
                                "村（社区）法律顾问覆盖率{r}",
                                full="实现村（社区）法律顾问全覆盖",
                                full_of="r",
                                r="legalservice.advisor_coverage",
                            ),
                        ),
                    ),
                    Point(
                        "做好法律咨询服务",
                        (
                            C("为群众提供法律咨询{n}", n="consultations.count"),
                            C("服务群众{n}", n=Bind("consultations.people", style="approx")),
                            C("引导申请法律援助{n}", n="consultations.referred_to_aid"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Section(
        "measures.oversight",
        "强化权力运行监督",
        2,
        "measures",
        (
            Para(
                "oversight",
                "自觉接受各方面监督，推进政务公开。",
                (
                    Point(
                        "开展警示教育",
                        (
                            C("组织警示教育{n}", n="warning.sessions"),
                            C("参加{n}", n=Bind("warning.participants", style="approx")),
                        ),
                    ),
                    Point(
                        "抓好问题整改",
                        (
                            C(
                                "收到巡察、审计、督查等整改事项{n}",
                                keep_zero=True,
                                n="rectification.received",
                            ),
                            C("已完成整改{n}", keep_zero=False, n="rectification.done"),
                        ),
                    ),
                    Point(
                        "依法应诉",
                        (
                            C("办理行政诉讼案件{n}", n="litigation.cases"),
                            C("行政复议案件{n}", n="litigation.reviews"),
                            C("行政诉讼案件开庭{n}", n="litigation.hearings"),
                            C(
                                "行政机关负责人出庭应诉率{r}",
                                full="行政机关负责人均出庭应诉",
                                full_of="r",
                                r="litigation.head_appearance_rate",
                            ),
                        ),
                    ),
                    Point(
                        "推进政务公开",
                        (
                            C("全年主动公开政府信息{n}", n="disclosures.total"),
                            C("其中政府网站{n}", n="disclosures.website"),
                            C("微信公众号{n}", n="disclosures.wechat"),
                            C("政务公开栏{n}", n="disclosures.board"),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

LEADERS = (
    Section(
        "leaders",
        "{year}年党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        1,
        "leaders",
        (
            Para(
                "leaders",
                keep_lead=True,
                lead="镇党委书记、镇长切实履行推进法治建设第一责任人职责，做到重要工作亲自部署、重大问题亲自过问。",
                points=(
                    Point(
                        "研究部署法治建设",
                        (
                            C("召开专题会议研究部署法治建设工作{n}", n="duties.meeting"),
                            C("听取法治建设工作汇报{n}", n="duties.report"),
                            C("督办法治建设重点工作{n}", n="duties.supervision"),
                        ),
                    ),
                    Point(
                        "带头尊法学法",
                        (
                            C("主持党委理论学习中心组学法{n}", n="study.central_group"),
                            C("讲授法治党课{n}", n="duties.lecture"),
                            C("主要负责人述法{n}", n="duties.account"),
                        ),
                    ),
                    Point("保障法治建设经费", (C("落实普法经费{n}", n="publicity.funds"),)),
                ),
            ),
        ),
    ),
)

SHORTCOMINGS_HEADING = "{year}年推进法治政府建设存在的不足和原因"
SHORTCOMINGS_LEAD = "在肯定成绩的同时，我们也清醒地认识到，全镇法治政府建设工作还存在一些不足。"
SHORTCOMINGS_GENERAL = (
    "基层干部运用法治思维和法治方式解决问题的能力仍需提升，法治宣传的针对性和实效性有待增强"
)
SHORTCOMINGS_CAUSE = "究其原因，主要是对法治政府建设的重要性认识还不够到位，基层法治工作力量相对薄弱。"
# Below this on-time rate, part 三 names the figure as a shortcoming.
LOW_RATE_PERCENT = 90
# Rates that part 三 checks against LOW_RATE_PERCENT.
ON_TIME_RATES = (
    ("enforcement.publish_on_time_rate", "行政执法决定按期公示率"),
    ("petitions.reply_on_time_rate", "信访事项按期答复率"),
    ("tickets.12345.on_time_rate", "12345热线工单按时答复率"),
    ("tickets.supervision.on_time_rate", "互联网+督查工单按时答复率"),
)
# Overdue items, named in part 三 with the figure bound.
OVERDUE_RECTIFICATIONS = "rectification.overdue"
PLANS = (
    Section(
        "plans",
        "{next_year}年推进法治政府建设的主要安排",
        1,
        "plans",
        (
            Para(
                "plans",
                "{next_year}年，我镇将继续深入学习贯彻习近平法治思想，重点抓好以下工作：",
                (
                    Point("持续抓好学法普法，推动“八五”普法规划各项任务落地见效"),
                    Point("严格落实重大行政决策程序和合法性审查制度，提升依法决策水平"),
                    Point("深入落实行政执法三项制度，推进严格规范公正文明执法"),
                    Point("坚持和发展新时代“枫桥经验”，依法及时就地化解矛盾纠纷"),
                    Point("针对存在的不足逐项整改，补齐基层法治建设短板"),
                ),
            ),
        ),
    ),
)


def bound_metric_ids() -> list[str]:
    """Every metric id the default templates bind, in order, without repeats."""
    ids: list[str] = []
    for section in (*MEASURES, *LEADERS, *PLANS):
        for para in section.paras:
            for point in para.points:
                for clause in point.clauses:
                    for bind in clause.binds.values():
                        if bind.metric not in ids:
                            ids.append(bind.metric)
    for metric_id in (*(m for m, _ in ON_TIME_RATES), OVERDUE_RECTIFICATIONS):
        if metric_id not in ids:
            ids.append(metric_id)
    return ids
