"""Sentence templates of the default first draft, in the plain register of a township report: a claim,
then the figures that support it. `{slot}` marks a figure; each slot is bound to a metric id of
`fazhi.metrics.registry` and is written as that metric's phrase (`fazhi.metrics.phrases`) and number,
so "全年{n}" bound to publicity.activities reads "全年开展普法活动53场". A clause whose figure is zero (unless kept) or a rate with a zero denominator
is left out; a point whose clauses are all left out is left out, and 一是/二是… are numbered after that.
"""

from dataclasses import dataclass, field

from fazhi.metrics import phrases


@dataclass(frozen=True)
class Bind:
    """A figure in a clause: metric id, this place's unit and display style (default: the metric's)."""

    metric: str
    unit: str | None = None
    style: str | None = None
    # The drafter writes the metric's phrase (fazhi.metrics.phrases `say`) right before the figure, so
    # the check reads the sentence as the metric it came from; False where the clause words it itself.
    said: bool = True


@dataclass(frozen=True)
class Clause:
    """One figure sentence. `full` is read instead when the rate in slot `full_of` is exactly 100%."""

    text: str
    binds: dict[str, Bind] = field(default_factory=dict)
    full: str | None = None
    full_of: str | None = None
    # At exactly 100% the sentence may also be said with the count ("N个村（社区）均配置法律顾问，覆盖率100%"),
    # figures written without their phrases.
    coverage: str | None = None
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


class Said(Point):
    """A point whose clauses are every metric the phrase table words under an id prefix
    ("publicity.forms." → 举办普法讲座N场，设置宣传摊位N场…), in the table's order; built when first read,
    after every ledger app has declared its phrases."""

    def __init__(self, claim: str, prefix: str):
        object.__setattr__(self, "claim", claim)
        object.__setattr__(self, "prefix", prefix)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        ids = []
        for p in phrases.all_phrases():
            if p.metric.startswith(self.prefix) and p.say and not (p.part_of or p.follows):
                if p.metric not in ids:
                    ids.append(p.metric)
        return tuple(C("{n}", n=mid) for mid in ids)


class Parts(Point):
    """A figure, then 其中 its parts as the phrase table declares them (`part_of`), each part followed by
    the rates that follow it (`follows`). `only` picks and orders parts by id; `words` gives a clause its
    own text around {n} ("{n}，均经法制审核"); `full` the wording of a rate at exactly 100%; `after`
    clauses that close the point."""

    def __init__(
        self,
        claim: str,
        parent: str,
        lead: str = "",
        only: tuple[str, ...] | None = None,
        words: dict[str, str] | None = None,
        full: dict[str, str] | None = None,
        binds: dict[str, Bind] | None = None,
        after: tuple[Clause, ...] = (),
    ):
        for name, value in (
            ("claim", claim),
            ("parent", parent),
            ("lead", lead),
            ("only", only),
            ("words", words or {}),
            ("full", full or {}),
            ("binds", binds or {}),
            ("after", after),
        ):
            object.__setattr__(self, name, value)

    def _clause(self, mid: str, text: str) -> Clause:
        bind = self.binds.get(mid, Bind(mid))
        if mid in self.full:
            return Clause(self.words.get(mid, "{r}"), {"r": bind}, self.full[mid], "r")
        return Clause(self.words.get(mid, text), {"n": bind})

    @property
    def clauses(self) -> tuple[Clause, ...]:
        table = phrases.all_phrases()
        parts = []
        for p in table:
            if p.part_of == self.parent and p.say and p.metric not in parts:
                parts.append(p.metric)
        if self.only is not None:
            parts = [mid for mid in self.only if mid in parts]
        rates = {}
        for p in table:
            if p.follows and p.say:
                rates.setdefault(p.follows, []).append(p.metric)
        out = [self._clause(self.parent, self.lead + "{n}")]
        for i, mid in enumerate(parts):
            out.append(self._clause(mid, "其中{n}" if i == 0 else "{n}"))
            out += [self._clause(rate, "{n}") for rate in rates.get(mid, [])]
        # The parent's own rates close the breakdown ("…，其中集体访N件，按期答复率N%").
        out += [self._clause(rate, "{n}") for rate in rates.get(self.parent, [])]
        return (*out, *self.after)


def C(text, full=None, full_of=None, keep_zero=None, coverage=None, **binds):
    return Clause(
        text,
        {k: v if isinstance(v, Bind) else Bind(v) for k, v in binds.items()},
        full,
        full_of,
        coverage,
        keep_zero,
    )


INTRO = (
    "{year}年，{township}{organs}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
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
                    Parts(
                        "扎实推进“法律七进”",
                        "publicity.activities",
                        lead="全年",
                        # The categories a township report names; 进村社 is 进乡村 and 进社区 together.
                        only=tuple(f"publicity.activities.{key}" for key in ("xuexiao", "cunshe", "qiye")),
                        after=(C("{n}", n=Bind("publicity.audience", style="approx")),),
                    ),
                    Said("创新普法形式", "publicity.forms."),
                    Parts(
                        "抓好普法宣传阵地",
                        "publicity.books_materials",
                        after=(
                            C("{n}", n="publicity.households"),
                            C("{n}", n="publicity.onsite_consultations"),
                            C("{n}", n="publicity.volunteers_trained"),
                            C("{n}", n="publicity.model_villages"),
                        ),
                    ),
                    Point(
                        "抓实领导干部和工作人员学法",
                        (
                            C("开展{n}", n="study.central_group"),
                            C("{n}", n="study.pre_meeting"),
                            C("{n}", n="study.staff_meeting"),
                            C("举办{n}", n="study.lecture"),
                            C("举办{n}", n="study.training"),
                            C("组织干部{n}", n="study.online_enrolled"),
                            C("{n}", n="study.participants"),
                        ),
                    ),
                    Point(
                        "组织年度学法考试",
                        (
                            C("{n}，{m}", n="exam.required", m="exam.sat"),
                            C(
                                "{r}",
                                full="应考人员全部参加考试",
                                full_of="r",
                                r="exam.sit_rate",
                            ),
                            C("{r}", full="参考人员全部通过考试", full_of="r", r="exam.pass_rate"),
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
                    Parts("把好合法性审查关", "reviews.total", lead="全年"),
                    Point(
                        "规范重大行政决策",
                        (C("{n}，均履行法定程序", n="decisions.major_decided"),),
                    ),
                    Parts(
                        "开展风险评估",
                        "risk.total",
                        lead="对涉及群众切身利益的事项",
                        words={"risk.high": "其中{n}，均落实防控措施"},
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
                    Parts(
                        "规范执法行为",
                        "enforcement.cases",
                        lead="全年",
                        words={"enforcement.major": "{n}，均经法制审核"},
                        after=(
                            C(
                                "{r}",
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
                    Parts(
                        "依法办理信访事项",
                        "petitions.received",
                        full={"petitions.reply_on_time_rate": "均在法定期限内答复"},
                        after=(
                            C("{n}", n="receptions.count"),
                            C("{n}", n=Bind("receptions.people", style="approx")),
                        ),
                    ),
                    Parts(
                        "办好热线工单",
                        "tickets.received",
                        full={
                            "tickets.12345.on_time_rate": "均按时答复",
                            "tickets.supervision.on_time_rate": "均按时答复",
                        },
                    ),
                    Point(
                        "常态化排查化解矛盾纠纷",
                        (
                            C("{n}", n="disputes.screenings"),
                            C("{n}", n="disputes.accepted"),
                            C(
                                "{m}，{r}",
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
                            C("{n}", n="mediations.total"),
                            C(
                                "{m}，{r}",
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
                                "{n}，村（社区）{r}",
                                full="{n}，实现村（社区）法律顾问全覆盖",
                                full_of="r",
                                coverage="{n}村（社区）均配置法律顾问，覆盖率{r}",
                                n="legalservice.advisor_villages",
                                r="legalservice.advisor_coverage",
                            ),
                        ),
                    ),
                    Point(
                        "做好法律咨询服务",
                        (
                            C("为群众{n}", n="consultations.count"),
                            C("{n}", n=Bind("consultations.people", style="approx")),
                            C("{n}", n="consultations.referred_to_aid"),
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
                    Parts(
                        "开展警示教育",
                        "warning.sessions",
                        binds={"warning.participants": Bind("warning.participants", style="approx")},
                    ),
                    Point(
                        "抓好问题整改",
                        (
                            C(
                                "{n}",
                                keep_zero=True,
                                n="rectification.received",
                            ),
                            C("{n}", keep_zero=False, n="rectification.done"),
                        ),
                    ),
                    Point(
                        "依法应诉",
                        (
                            C("{n}", n="litigation.cases"),
                            C("{n}", n="litigation.reviews"),
                            C("{n}", n="litigation.hearings"),
                            C(
                                "{r}",
                                full="行政机关负责人均出庭应诉",
                                full_of="r",
                                r="litigation.head_appearance_rate",
                            ),
                        ),
                    ),
                    Parts("推进政务公开", "disclosures.total", lead="全年"),
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
                lead="{leaders}切实履行推进法治建设第一责任人职责，做到重要工作亲自部署、重大问题亲自过问。",
                points=(
                    Point(
                        "研究部署法治建设",
                        (
                            C("{n}", n="duties.meeting"),
                            C("{n}", n="duties.report"),
                            C("{n}", n="duties.supervision"),
                        ),
                    ),
                    Point(
                        "带头尊法学法",
                        (
                            C("主持{n}", n="study.central_group"),
                            C("{n}", n="duties.lecture"),
                            C("主要负责人{n}", n="duties.account"),
                        ),
                    ),
                    Point("保障法治建设经费", (C("落实{n}", n="publicity.funds"),)),
                ),
            ),
        ),
    ),
)

SHORTCOMINGS_HEADING = "{year}年推进法治政府建设存在的不足和原因"
SHORTCOMINGS_LEAD = "在肯定成绩的同时，我们也清醒地认识到，{whole}法治政府建设工作还存在一些不足。"
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
                "{next_year}年，{we}将继续深入学习贯彻习近平法治思想，重点抓好以下工作：",
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
