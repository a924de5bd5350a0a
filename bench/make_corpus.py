"""Write the report-check corpus (fazhi/reportcheck/tests/corpus/) and its ground truth (truth.json).

Every report is assembled from sentences written for this corpus — no published text — in the
layouts real published reports use: 一、/（一）/1. headings or 第一部分; the leaders' part first,
second or third; 一是… lists inside a paragraph or one paragraph per item; titles wrapped over two lines or
with the year in brackets or only in the body; web copies with 发布时间/来源 lines, stray spaces,
lost brackets, half-width punctuation and traditional characters; township, street and district
reports. Problems are planted where the truth table says (kind, line).

    .venv/bin/python bench/make_corpus.py      # rewrites the corpus deterministically
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fazhi" / "reportcheck" / "tests" / "corpus"
sys.path.insert(0, str(ROOT))
CN = "一二三四五六七八九十"
PLACES = [
    ("青石镇", "镇"),
    ("柳岸镇", "镇"),
    ("南塘乡", "乡"),
    ("东湖街道", "街道"),
    ("白沙镇", "镇"),
    ("云溪乡", "乡"),
    ("河西街道", "街道"),
    ("长岭镇", "镇"),
    ("松林镇", "镇"),
    ("金桥街道", "街道"),
    ("枫山区", "区"),
    ("临江区", "区"),
]
TRAD = str.maketrans(
    "发时间来源报告关于设建务开展问题计划负责领导党执调纠纷访应办结会员镇区级决监",
    "發時間來源報告關於設建務開展問題計劃負責領導黨執調糾紛訪應辦結會員鎮區級決監",
)

# Themed clauses written for this corpus; {n}/{m} are filled with figures.
THEMES = {
    "普法": [
        "围绕宪法宣传周组织主题宣讲{n}场，覆盖群众{m}人次",
        "依托新时代文明实践站开设法治课堂，邀请律师结合案例讲解民法典婚姻家庭编",
        "培育村级法律明白人{n}名，推动每个村民小组至少有一名懂法的带头人",
        "在集市日设置普法咨询台，发放农村土地承包和劳动用工方面的宣传册{m}份",
    ],
    "决策": [
        "对镇政府拟出台的规范性文件全部开展合法性审查，审查合同{n}份",
        "重大行政决策事项坚持公众参与、专家论证、风险评估、合法性审查和集体讨论决定",
        "聘请专职法律顾问列席党政联席会议，对涉法事项提出书面意见{n}条",
    ],
    "执法": [
        "综合行政执法队规范落实行政执法三项制度，全年作出行政处罚决定{n}件",
        "组织执法人员参加业务培训{n}次，执法证件持证上岗实现全覆盖",
        "对占道经营、违规建设等问题开展联合检查{m}次，当场纠正{n}起",
    ],
    "调解": [
        "健全村组调解网络，落实每月排查、每周研判的工作节奏",
        "依托综治中心开展矛盾纠纷多元化解，做到小事不出村、大事不出镇",
        "对涉及征地拆迁的积案实行领导包案，逐件明确化解责任人",
    ],
    "信访": [
        "坚持领导干部定期接访下访，全年接待群众来访{n}批次",
        "规范信访事项受理、办理和答复流程，推动信访工作法治化",
    ],
    "服务": [
        "实现一村一法律顾问全覆盖，村居法律顾问为群众提供法律咨询{m}人次",
        "公共法律服务工作站协助申请法律援助{n}件，帮助农民工追回欠薪",
    ],
    "监督": [
        "主动接受人大监督和政协民主监督，办理代表建议{n}件",
        "对上级反馈的问题建立整改台账，逐项销号管理",
        "组织党员干部到警示教育基地接受教育{n}人次",
    ],
}
RATES = [
    ("全年受理矛盾纠纷{d}件次，成功调处{k}件，调处成功率{p}%", "件"),
    ("共排查各类矛盾纠纷{d}件，化解{k}件，化解率{p}%", "件"),
    ("受理12345热线工单{d}件，按时办结{k}件，按时办结率{p}%", "件"),
    ("应考人员{d}人，实际参考{k}人，参考率{p}%", "人"),
    ("回访群众{d}人，其中表示满意{k}人，满意率{p}%", "人"),
]
SUBSECTIONS = [
    ("深化法治宣传教育", "普法"),
    ("推进依法科学民主决策", "决策"),
    ("严格规范公正文明执法", "执法"),
    ("化解社会矛盾纠纷", "调解"),
    ("规范信访工作秩序", "信访"),
    ("完善公共法律服务", "服务"),
    ("强化权力运行监督", "监督"),
]
LEADER_TEXT = [
    "镇党委书记切实履行推进法治建设第一责任人职责，主持召开专题会议{n}次研究部署法治政府建设",
    "党政主要负责人带头学法，在年终述职中专门述法，对重大事项亲自把关",
    "把法治建设纳入年度综合考核，与经济社会发展同部署、同推进、同考核",
]
SHORT_TEXT = [
    "部分干部运用法治思维和法治方式解决问题的能力还不够强",
    "基层执法力量相对薄弱，执法人员专业化程度有待提高",
    "普法宣传形式较为单一，针对青少年和外出务工人员的宣传覆盖不够",
]
PLAN_TEXT = [
    "持续深化法治宣传教育，推动普法与依法治理有机融合",
    "进一步规范行政执法行为，加强执法人员培训和执法监督",
    "坚持和发展新时代枫桥经验，把矛盾纠纷化解在基层",
]


class Report:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.lines: list[str] = []
        self.problems: list[dict] = []
        self.parts: list[dict] = []
        self.rates: list[dict] = []

    def add(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def plant(self, kind: str, line: int = 0):
        self.problems.append({"kind": kind, "line": line})

    def fill(self, text: str) -> str:
        return text.format(n=self.r.randint(3, 30), m=self.r.randint(200, 3000))


def _rate(rep: Report, wrong: bool) -> tuple[str, dict]:
    template, _ = rep.r.choice(RATES)
    d = rep.r.randint(20, 400)
    k = d - rep.r.randint(0, max(1, d // 20))
    exact = k * 100 / d
    p = f"{exact:.1f}" if exact != int(exact) else str(int(exact))
    if wrong:
        p = f"{exact - rep.r.choice([3, 4, 5]):.1f}"
    return template.format(d=d, k=k, p=p), {"numerator": k, "denominator": d, "percent": p, "ok": not wrong}


def build(i: int) -> tuple[str, dict]:
    rep = Report(1000 + i)
    r = rep.r
    place, kind = PLACES[i % len(PLACES)]
    district = kind == "区"
    year = 2021 + i % 4
    web = i % 3 == 1
    trad = i % 11 == 5
    part_style = "bufen" if i % 9 == 4 else "number"
    leaders_first = i % 2 == 1
    list_paragraphs = i % 4 in (1, 2)
    combined = i % 13 == 7
    organs = (f"中共{place}委员会", f"{place}人民政府" if kind != "街道" else f"{place}办事处")
    if district:
        organs = (f"中共{place}委员会", f"{place}人民政府")
    upper = "市委、市政府：" if district else ("县委、县政府：" if kind == "乡" else "区委、区政府：")
    title_style = i % 5
    # Header
    if not web:
        rep.add(organs[0])
        rep.add(organs[1])
        rep.add(f"{place[:2]}委〔{year + 1}〕{r.randint(2, 30)}号")
    year_source = "title"
    if title_style == 0:
        rep.add(f"关于{year}年度法治政府建设情况的报告")
    elif title_style == 1:
        rep.add(f"{organs[0]} {organs[1]}关于{year}年度法治政府建设")
        rep.add("工作情况的报告")
    elif title_style == 2:
        rep.add(f"{place}法治政府建设年度报告（{year}年度）")
    elif title_style == 3:
        rep.add(f"{place}{year}年法治政府建设工作报告")
    else:
        rep.add(f"{place}法治政府建设工作情况的报告")
        year_source = "body"  # and no year in the part headings either
    pub = None
    if web:
        late_pub = i % 6 == 4
        pub = f"{year + 1}-04-{r.randint(3, 20):02d}" if late_pub else f"{year + 1}-03-{r.randint(5, 28):02d}"
        if i % 2:
            rep.add(f"发布时间：{pub}  来源：{organs[1]}")
            rep.add(f"浏览次数：{r.randint(50, 900)}")
        else:
            # Source first, time with the clock, and the title repeated above the body.
            rep.add(f"来源:{organs[1]}办公室 发布时间:{pub} {r.randint(8, 17):02d}:{r.randint(0, 59):02d}")
            rep.add(rep.lines[-2])
        if late_pub:
            rep.plant("late_publication")
    rep.add(upper)
    unit = "本区" if district else f"我{kind if kind != '街道' else '街道'}"
    rep.add(
        f"　　{year}年，{unit}坚持以习近平法治思想为指导，认真贯彻落实党的二十大精神，扎实推进法治政府建设。"
        f"现将{unit}{year}年法治政府建设工作情况报告如下。"
    )

    def heading(n: int, text: str) -> str:
        if part_style == "bufen":
            return f"第{CN[n - 1]}部分 {text}"
        sep = "." if web and r.random() < 0.3 else "、"
        return f"{CN[n - 1]}{sep}{text}"

    measures_title = r.choice(["主要举措和成效", "主要工作及成效", "工作开展情况"])
    leader_title = "党政主要负责人履行推进法治建设第一责任人职责情况"
    short_title = r.choice(["存在的不足和原因", "存在的困难和问题", "存在的问题"])
    plan_title = r.choice(["主要安排", "下一步工作打算", "工作计划"])
    order = (
        ["measures", "responsibility", "shortcomings", "plans"]
        if leaders_first
        else ["measures", "shortcomings", "responsibility", "plans"]
    )
    if i % 7 == 0:
        # District and some township reports put the principal leaders' part first.
        order = ["responsibility", "measures", "shortcomings", "plans"]
    missing = i % 10 == 3
    if missing:
        order.remove("shortcomings")
        rep.plant("missing_part:shortcomings")
    if combined and "shortcomings" in order:
        order.remove("plans")
    number = 0
    heading_gap = i % 8 == 6
    approx_done = False
    for key in order:
        number += 1
        if heading_gap and key == order[-1]:
            number += 1
        titles = {
            "measures": f"{'' if year_source == 'body' else f'{year}年'}推进法治政府建设的{measures_title}",
            "responsibility": leader_title,
            "shortcomings": f"{short_title}及下一步工作打算" if combined else short_title,
            "plans": f"{'下一年度' if year_source == 'body' else f'{year + 1}年'}{plan_title}",
        }
        line = rep.add(heading(number, titles[key]))
        if heading_gap and key == order[-1]:
            rep.plant("enumeration", line)
        keys = ["shortcomings", "plans"] if (combined and key == "shortcomings") else [key]
        for k in keys:
            rep.parts.append({"key": k, "line": line})
        if key == "measures":
            subs = r.sample(SUBSECTIONS, 4)
            for s_i, (sub_title, theme) in enumerate(subs, start=1):
                label = f"（{CN[s_i - 1]}）" if not (web and r.random() < 0.4) else f"{CN[s_i - 1]})"
                rep.add(label + sub_title)
                clauses = [rep.fill(c) for c in r.sample(THEMES[theme], min(3, len(THEMES[theme])))]
                plant_enum = r.random() < 0.35
                enum_kind = r.choice(["gap", "noshi"])
                if theme in ("调解", "服务", "监督") or r.random() < 0.3:
                    wrong = r.random() < 0.3
                    text, info = _rate(rep, wrong)
                    clauses.append(text)
                    info["wrong"] = wrong
                else:
                    info = None
                labels = [f"{CN[j]}是" for j in range(len(clauses))]
                if plant_enum and len(clauses) >= 3:
                    if enum_kind == "gap":
                        labels[2:] = [f"{CN[j + 1]}是" for j in range(2, len(labels))]
                    else:
                        labels[1] = CN[1]
                else:
                    plant_enum = False
                bad_index = 2 if enum_kind == "gap" else 1
                if not approx_done and i % 7 == 2:
                    clauses[0] += f"，开展入户走访{r.randint(3, 8)}余次"
                    approx_done = True
                    approx_pending = True
                else:
                    approx_pending = False
                if list_paragraphs:
                    for j, (lab, clause) in enumerate(zip(labels, clauses, strict=True)):
                        ln = rep.add(f"　　{lab}{clause}。")
                        if plant_enum and j == bad_index:
                            rep.plant("enumeration", ln)
                        if approx_pending and j == 0:
                            rep.plant("approximation", ln)
                        if info is not None and j == len(clauses) - 1:
                            info["line"] = ln
                else:
                    ln = rep.add(
                        "　　" + "；".join(f"{lab}{c}" for lab, c in zip(labels, clauses, strict=True)) + "。"
                    )
                    if plant_enum:
                        rep.plant("enumeration", ln)
                    if approx_pending:
                        rep.plant("approximation", ln)
                    if info is not None:
                        info["line"] = ln
                if info is not None:
                    rep.rates.append(info)
                    if info["wrong"]:
                        rep.plant("rate", info["line"])
        elif key == "responsibility":
            for t in LEADER_TEXT:
                rep.add("　　" + rep.fill(t) + "。")
        elif key == "shortcomings":
            rep.add("　　" + "；".join(f"{CN[j]}是{t}" for j, t in enumerate(SHORT_TEXT)) + "。")
            if combined:
                rep.add("　　下一步，" + "，".join(PLAN_TEXT) + "。")
        else:
            for t in PLAN_TEXT:
                rep.add("　　" + t + "。")
    rep.add(organs[0])
    rep.add(organs[1])
    late = i % 5 == 2
    month, day = (3, r.randint(3, 25)) if late else (r.choice([1, 2]), r.randint(1, 27))
    rep.add(f"{year + 1}年{month}月{day}日")
    if late:
        rep.plant("late_submission")
    text = "\n".join(rep.lines) + "\n"
    if web:
        text = text.replace("，", ",", 3).replace("（一）", "(一)").replace("　　", " ", 5)
        # Stray spaces left by the page's layout.
        text = text.replace("法治政府建设", "法治 政府建设", 2).replace("矛盾纠纷", "矛盾 纠纷", 1)
    if trad:
        text = text.translate(TRAD)
    truth = {
        "year": year,
        "year_source": year_source,
        "date": f"{year + 1}-{month:02d}-{day:02d}",
        "publication": pub,
        "parts": rep.parts,
        "rates": rep.rates,
        "problems": rep.problems,
        "layout": {
            "leaders_part_first": i % 7 == 0,
            "web": web,
            "traditional": trad,
            "district": district,
            "leaders_first": leaders_first,
            "list_paragraphs": list_paragraphs,
            "part_style": part_style,
            "title_style": title_style,
        },
    }
    return text, truth


# Each area of domain.md §2 in words other than its keywords: the metrics' phrases and synonyms.
# A report of the coverage cases leaves out some areas; the truth lists those (and only those).
OTHER_WORDS = {
    "publicity": [
        "镇班子会议专题学习法律综合知识{n}次",
        "党委理论学习中心组集中学习民法典婚姻家庭编",
        "组织送法进村入户活动，发放宣传册{m}份",
        "组织干部参加年度考试，应考人员{n}人，实际参考{n}人",
    ],
    "decisions": [
        "对镇政府签订的各类合同全部进行法制审核",
        "重大决策事项坚持公众参与、专家论证和集体讨论决定",
    ],
    "enforcement": [
        "对占道经营开展行政检查{n}次，作出处罚决定{n}件",
        "综合执法队规范办理行政许可事项",
    ],
    "petitions": [
        "班子成员轮流接待群众来访{n}批次，推动积案化解",
        "对群众来信逐件登记，按期答复",
    ],
    "tickets": [
        "办理上级交办的群众诉求件{n}件，做到件件有回音",
        "对督办件实行专人跟踪，限时办结",
    ],
    "disputes": [
        "坚持和发展新时代枫桥经验，调处邻里矛盾{n}起",
        "每月开展矛盾隐患排查，发现问题及时化解",
    ],
    "legalservice": [
        "律师每周驻村坐班，为群众答疑{m}人次",
        "镇法律服务工作站为困难群众申请法援{n}件",
    ],
    "oversight": [
        "认真办理人大代表建议{n}件和政协提案{n}件",
        "积极配合上级巡察，逐项落实反馈意见",
    ],
}
COVERAGE_CASES = [
    (),
    ("tickets",),
    ("petitions", "legalservice"),
    ("decisions",),
    (),
    ("oversight",),
    ("disputes",),
]
COVERAGE_CASES += [("enforcement", "tickets"), ("publicity",), ()]
NEUTRAL_TITLES = [
    "夯实工作基础",
    "完善工作机制",
    "强化工作保障",
    "提升工作质效",
    "规范日常运行",
    "优化群众服务",
]
NEUTRAL_TITLES += ["压实工作责任", "补齐工作短板"]
NEUTRAL_SHORT = ["工作统筹还不够有力", "基层力量相对薄弱", "信息化水平有待提高"]
NEUTRAL_PLANS = ["加强统筹协调", "充实基层力量", "提升信息化水平"]


def build_coverage(j: int) -> tuple[str, dict]:
    """A coverage case: every area in other words but those left out, four parts, no other problem."""
    rep = Report(5000 + j)
    r = rep.r
    place, kind = PLACES[j % len(PLACES)]
    year = 2022 + j % 3
    omitted = COVERAGE_CASES[j % len(COVERAGE_CASES)]
    list_paragraphs = j % 2 == 1
    organs = (f"中共{place}委员会", f"{place}人民政府" if kind != "街道" else f"{place}办事处")
    rep.add(organs[0])
    rep.add(organs[1])
    rep.add(f"关于{year}年度法治政府建设情况的报告")
    rep.add("区委、区政府：")
    unit = "本区" if kind == "区" else f"我{kind}"
    rep.add(
        f"　　{year}年，{unit}认真贯彻上级部署，各项工作有序推进。现将{unit}{year}年法治政府建设工作情况报告如下。"
    )
    parts = [
        ("measures", f"{year}年推进法治政府建设的主要举措和成效"),
        ("responsibility", "党政主要负责人履行推进法治建设第一责任人职责情况"),
        ("shortcomings", "存在的不足和原因"),
        ("plans", f"{year + 1}年推进法治政府建设的主要安排"),
    ]
    for n, (key, title) in enumerate(parts, start=1):
        rep.parts.append({"key": key, "line": rep.add(f"{CN[n - 1]}、{title}")})
        if key == "measures":
            areas = [a for a in OTHER_WORDS if a not in omitted]
            for s_i, area in enumerate(areas, start=1):
                rep.add(f"（{CN[s_i - 1]}）{r.choice(['扎实', '持续', '着力'])}{NEUTRAL_TITLES[s_i - 1]}")
                clauses = [rep.fill(c) for c in r.sample(OTHER_WORDS[area], 2)]
                labels = [f"{CN[k]}是" for k in range(len(clauses))]
                if list_paragraphs:
                    for lab, clause in zip(labels, clauses, strict=True):
                        rep.add(f"　　{lab}{clause}。")
                else:
                    rep.add(
                        "　　" + "；".join(f"{lab}{c}" for lab, c in zip(labels, clauses, strict=True)) + "。"
                    )
        elif key == "responsibility":
            rep.add("　　" + rep.fill(LEADER_TEXT[0]) + "。")
        elif key == "shortcomings":
            rep.add("　　" + "；".join(f"{CN[k]}是{t}" for k, t in enumerate(NEUTRAL_SHORT)) + "。")
        else:
            rep.add("　　" + "；".join(f"{CN[k]}是{t}" for k, t in enumerate(NEUTRAL_PLANS)) + "。")
    rep.add(organs[0])
    rep.add(organs[1])
    month, day = r.choice([1, 2]), r.randint(1, 27)
    rep.add(f"{year + 1}年{month}月{day}日")
    for area in omitted:
        rep.plant(f"uncovered:{area}")
    truth = {
        "year": year,
        "year_source": "title",
        "date": f"{year + 1}-{month:02d}-{day:02d}",
        "publication": None,
        "parts": rep.parts,
        "rates": [],
        "problems": rep.problems,
        # 未提及 is judged on these reports only: the others were not written to cover or omit areas.
        "judge_uncovered": True,
        "layout": {
            "leaders_part_first": False,
            "web": False,
            "traditional": False,
            "district": kind == "区",
            "leaders_first": False,
            "list_paragraphs": list_paragraphs,
            "part_style": "number",
            "title_style": 0,
        },
    }
    return "\n".join(rep.lines) + "\n", truth


def main(count: int = 48, coverage: int = len(COVERAGE_CASES)) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    table = {}
    for i in range(count + coverage):
        text, truth = build(i) if i < count else build_coverage(i - count)
        place = PLACES[i % len(PLACES)][0]
        layout = truth["layout"]
        # Word documents whose 一、/（一） headings are automatic numbering, not typed text.
        docx = i % 8 == 3 and not layout["web"] and not layout["traditional"]
        suffix = "docx" if docx else ("md" if i % 6 == 5 else "txt")
        name = f"{i:02d}_{place}_{truth['year']}.{suffix}"
        for old in OUT.glob(f"{i:02d}_*"):
            old.unlink()
        if docx:
            from fazhi.reportcheck.tests.docx_builder import build_docx

            build_docx(text.splitlines(), OUT / name)
        else:
            (OUT / name).write_text(text, encoding="utf-8")
        table[name] = truth
    (OUT / "truth.json").write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{count + coverage} reports in {OUT}")


if __name__ == "__main__":
    main()
