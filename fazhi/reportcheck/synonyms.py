"""Other words by which reports speak of an area of domain.md §2 or of one ledger, beside the area's
own words, the ledgers' `report_words` and the metrics' phrase table: "镇班子会议专题学习法律综合知识"
is 学法, "法制审核" is 依法决策, "群众来访" is 信访. Keys are area keys (LedgerSpec.group) or ledger
keys; values are regexes over the check's normalised text (half-width punctuation)."""

from __future__ import annotations

# A law by name: 法律, 宪法, 民法典, "新修订的行政复议法", "信访工作条例" (not 方法, 依法, 执法, 违法);
# the words before 法 are left to the gap of the pattern using it, so that the search starts at a literal.
_LAW = r"(?:法律|法规|宪法|民法典|条例|(?<![方办做想说看手写用依执司立守违合非设无])法(?![律治制]))"

SYNONYMS: dict[str, tuple[str, ...]] = {
    # 普法和学法
    "publicity": (
        r"法制宣传|法律宣传|送法(?:进|下|上门|入户)|以案(?:说|释)法|法治(?:文艺|课堂|教育)",
        r"宣传(?:册|单|资料)[^,;:。]{0,6}(?:法|权益)",
    ),
    "study-sessions": (
        rf"(?:学习|研学)[^,;:。]{{0,12}}?{_LAW}",
        rf"{_LAW}[^,;:。]{{0,4}}(?:专题)?(?:学习|辅导|培训|讲座|宣讲)",
        r"会前学法|述学",
    ),
    "law-exams": (r"(?:学法|法律知识|法治)[^,;:。]{0,4}(?:考试|考核|测试)",),
    # 依法决策
    "decisions": (r"法制审核|合法性审核|重大决策|稳评|集体讨论决定|公众参与|专家论证",),
    "legality-reviews": (r"(?:合同|文件)[^,;:。]{0,6}(?:审查|审核|把关)",),
    # 行政执法
    "enforcement": (r"行政检查|行政许可|行政强制|综合执法|执法队|处罚决定",),
    # 信访
    "petitions": (r"来访|来信|访民|领导包案|积案化解",),
    "leader-receptions": (r"(?:领导|书记|镇长|乡长|主任)[^,;:。]{0,8}(?:接待群众|接访|约访)",),
    # 12345 and 互联网+督查
    "tickets": (r"便民服务热线|政务服务热线|诉求件|督办件",),
    # 矛盾纠纷
    "disputes": (r"矛盾(?:隐患)?(?:排查|化解)|排查(?:化解)?[^,;:。]{0,4}矛盾|调处|化解率|枫桥经验",),
    # 公共法律服务
    "legalservice": (r"律师[^,;:。]{0,6}(?:进村|进社区|坐班|值班|驻村)|法律服务(?:工作)?站|法律服务室|法援",),
    "legal-advisors": (r"村居?(?:\(社区\))?法律顾问|一村一律师|驻村律师",),
    # 监督
    "oversight": (r"人大(?:代表)?(?:监督|建议)|政协(?:民主监督|提案)|审计|巡察|巡视|纪检|问责|述职评议",),
    # 第一责任人
    "duties": (
        r"(?:党政)?主要负责人[^,;:。]{0,12}(?:法治|依法)",
        r"(?:书记|镇长|乡长|主任)[^,;:。]{0,8}(?:带头|亲自)[^,;:。]{0,12}(?:法|部署|过问)",
    ),
}
