"""The report check: structure, approximations, rates, enumerations, dates and years of a report."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from fazhi.core.numerals import CN_NUM_CHARS, cn_digits_to_int, cn_label, cn_to_int, parse_number  # noqa: F401
from fazhi.reportcheck.coverage import check_areas
from fazhi.reportcheck.deadlines import judge as judge_deadlines
from fazhi.reportcheck.loader import Paragraph, ReportText, normalise_line
from fazhi.reportcheck.result import (
    MANDATED_PARTS,
    PART_LABELS,
    CheckResult,
    Finding,
    Part,
    _json_number,
)
from fazhi.reportcheck.rules import RULES, Context, describe_finding, run_rules
from fazhi.reportcheck.rules.rates import expected_percent  # noqa: F401  (figures.py reads it here)
from fazhi.reportcheck.years import (
    body_year,
    is_publication_line,
    publication_date,
    year_from_date,
    year_in,
    year_value,
)

# --- dates ---------------------------------------------------------------------------------------

_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})"
_MD = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_RE = re.compile(_YEAR + "年" + _MD + "月" + _MD + "日")
DATE_LINE_RE = re.compile("^" + DATE_RE.pattern + r"(?:\(.*\))?$")
YEAR_RE = re.compile(_YEAR + "年")


def _year_value(text: str) -> int | None:
    return year_value(text)


def _small_value(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_to_int(text)


def parse_date(match: re.Match) -> dt.date | None:
    year, month, day = _year_value(match.group(1)), _small_value(match.group(2)), _small_value(match.group(3))
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- headings and parts --------------------------------------------------------------------------

_CN_SEQ = "一二三四五六七八九十"
L1_RE = re.compile(rf"^([{_CN_SEQ}]{{1,3}})[、.]")
L2_RE = re.compile(rf"^\(([{_CN_SEQ}]{{1,3}})\)")
# "第一部分 主要举措和成效": a top-level heading written out.
LP_RE = re.compile(rf"^第([{_CN_SEQ}]{{1,3}})部分[、.:]?")
# "一)": a top-level heading, or a subsection whose opening bracket was lost in a web copy.
L12_RE = re.compile(rf"^([{_CN_SEQ}]{{1,3}})\)")
_LEVEL_1_OR_2 = 12
# "1.5万" is a number, but "1.2024年…" is item 1 about 2024.
L3_RE = re.compile(r"^(\d{1,2})[.、](?:(?!\d)|(?=\d{4}年))")
L4_RE = re.compile(r"^\((\d{1,2})\)")

# Recognised by meaning; checked in this order since a heading may share words with a later key.
PART_PATTERNS = (
    ("responsibility", re.compile(r"第一责任人|主要负责人|履行.{0,16}职责|履职|法治建设.{0,4}责任")),
    (
        "shortcomings",
        re.compile(r"不足|存在的?(?:困难和|困难与|困难及)?问题|问题(?:及|和|与)?原因|困难|短板|薄弱|差距"),
    ),
    ("plans", re.compile(r"安排|打算|计划|思路|下一步|下步|工作重点|展望|努力方向")),
    ("other", re.compile(r"其他需要|其他事项|其他情况|其他需报告")),
    ("measures", re.compile(r"举措|成效|主要工作|开展情况|做法|工作情况|进展|成果|主要工作")),
)


def classify_part(title: str) -> str | None:
    for key, pattern in PART_PATTERNS:
        if pattern.search(title):
            return key
    return None


def classify_parts(title: str) -> list[str]:
    """The parts a heading covers: "存在的问题及下一步工作打算" is both shortcomings and plans."""
    key = classify_part(title)
    if key == "shortcomings":
        pieces = re.split(r"及|和|与|暨|以及|、", title)
        if any(classify_part(piece) == "plans" for piece in pieces[1:]):
            return ["shortcomings", "plans"]
    return [key] if key else []


@dataclass
class Heading:
    """A numbered heading found at the start of a paragraph."""

    level: int
    value: int | None
    para: Paragraph
    label_end: int


def find_headings(paragraphs: list[Paragraph]) -> list[Heading]:
    """Numbered headings at paragraph starts, with "一)" resolved against the numbering in use."""
    raw: list[tuple[int, int | None, Paragraph, int]] = []
    for para in paragraphs:
        norm = para.norm
        for level, regex in (
            (1, LP_RE),
            (1, L1_RE),
            (2, L2_RE),
            (_LEVEL_1_OR_2, L12_RE),
            (3, L3_RE),
            (4, L4_RE),
        ):
            m = regex.match(norm)
            if not m:
                continue
            value = int(m.group(1)) if level in (3, 4) else cn_to_int(m.group(1))
            # A long "一、…。" paragraph is a list item in running text, not a heading.
            if level == 1 and len(norm) > 60 and "。" in norm:
                break
            raw.append((level, value, para, m.end()))
            break
    has_l1 = any(level == 1 for level, *_ in raw)
    headings = []
    for level, value, para, end in raw:
        if level == _LEVEL_1_OR_2:
            level = 2 if has_l1 else 1
        headings.append(Heading(level=level, value=value, para=para, label_end=end))
    return headings


def _heading_title(heading: Heading) -> str:
    para = heading.para
    return para.quote(0, len(para.norm))


# --- the check -----------------------------------------------------------------------------------


def check_text(
    report: ReportText, *, today: dt.date | None = None, tick: Callable[[], None] | None = None
) -> CheckResult:
    """Check a report's text; `today` is reserved for callers judging undated reports; `tick()` is
    told after each rule."""
    result = CheckResult()
    paragraphs = report.paragraphs
    headings = find_headings(paragraphs)
    body_start = _find_header(report, result)
    _find_parts(paragraphs, headings, body_start, result)
    _find_date(report, result)
    _find_year(result, [p for p in paragraphs if p.line >= body_start][:6])
    judge_deadlines(result)
    _check_year_mismatches(headings, result)
    body = [p for p in paragraphs if p.line >= body_start]
    run_rules(Context(paragraphs=body, headings=headings), result, tick)
    if result.parts:
        check_areas(result, body)
    return result


def _find_header(report: ReportText, result: CheckResult) -> int:
    """Fill the header elements; return the line number where the body (after the title) starts."""
    header = result.header
    lines = []
    for ln in report.lines:
        if not ln.norm:
            continue
        if is_publication_line(ln.norm):
            header["publication"].add(ln.number, ln.display)
            if result.publication.date is None and (stated := publication_date(ln.norm)):
                result.publication.date = result.publication.text_date = stated
                result.publication.source = "text"
            continue
        lines.append(ln)
    first_heading = next(
        (
            i
            for i, ln in enumerate(lines)
            if L1_RE.match(ln.norm) or L12_RE.match(ln.norm) or LP_RE.match(ln.norm)
        ),
        len(lines),
    )
    title_index = None
    for i, ln in enumerate(lines[: min(first_heading, 20)]):
        if re.match(r"^《?关于", ln.norm) and "报告" in "".join(x.norm for x in lines[i : i + 3]):
            title_index = i
            for part in lines[i : i + 3]:
                header["title"].add(part.number, part.display)
                if "报告" in part.norm:
                    break
            break
    if title_index is None:
        title_index = next(
            (
                i
                for i, ln in enumerate(lines[: min(first_heading, 20)])
                if _TITLE_TAIL_RE.sub("", ln.norm).rstrip("》").endswith("报告")
            ),
            None,
        )
        if title_index is not None:
            # A title wrapped over two lines ("…关于2024年度法治政府建设" / "工作的报告").
            first = title_index
            if title_index > 0 and _wrapped_title_head(lines[title_index - 1].norm):
                first = title_index - 1
            for ln in lines[first : title_index + 1]:
                header["title"].add(ln.number, ln.display)
            title_index = first
    before_title = lines[:title_index] if title_index is not None else lines[: min(first_heading, 8)]
    for ln in before_title:
        if len(ln.norm) <= 30 and re.search(r"(?:委员会|人民政府|党委|政府|办事处)(?:文件)?$", ln.norm):
            header["issuing_organs"].add(ln.number, ln.display)
        elif re.search(r"[〔\[(]\d{4}[〕\])]\d+号", ln.norm):
            header["doc_number"].add(ln.number, ln.display)
    after_title_index = (title_index + len(header["title"].lines)) if title_index is not None else 0
    for ln in lines[after_title_index : after_title_index + 4]:
        if len(ln.norm) <= 40 and ln.norm.endswith(":") and not L1_RE.match(ln.norm):
            header["addressee"].add(ln.number, ln.display)
            break

    # The footer: the last standalone date before 抄送, organs just above it.
    cc_index = next((i for i, ln in enumerate(lines) if ln.norm.startswith("抄送")), None)
    if cc_index is not None:
        header["cc"].add(lines[cc_index].number, lines[cc_index].display)
    end = cc_index if cc_index is not None else len(lines)
    date_index = next(
        (
            i
            for i in range(end - 1, max(first_heading, after_title_index) - 1, -1)
            if DATE_LINE_RE.match(lines[i].norm)
        ),
        None,
    )
    if date_index is not None:
        header["date"].add(lines[date_index].number, lines[date_index].display)
        organ_zone = lines[max(date_index - 4, 0) : date_index]
    else:
        organ_zone = lines[max(end - 4, 0) : end]
    for ln in organ_zone:
        if len(ln.norm) <= 30 and re.search(r"(?:委员会|人民政府|党委|政府|办事处)$", ln.norm):
            header["signature_organs"].add(ln.number, ln.display)
    if header["addressee"].present:
        return header["addressee"].lines[-1] + 1
    if header["title"].present:
        return header["title"].lines[-1] + 1
    return 1


_TITLE_TAIL_RE = re.compile(r"\([^()]*\)$")


def _wrapped_title_head(norm: str) -> bool:
    """The first line of a wrapped title: names the work, no sentence punctuation, not an organ line."""
    if _has_sentence_punct(norm) or len(norm) > 40:
        return False
    if re.search(r"(?:委员会|人民政府|党委|政府|办事处)(?:文件)?$", norm) or re.search(r"\d+号$", norm):
        return False
    return "关于" in norm or "法治" in norm


def _has_sentence_punct(norm: str) -> bool:
    return bool(re.search(r"[。,;:!?]", norm))


def _find_parts(
    paragraphs: list[Paragraph], headings: list[Heading], body_start: int, result: CheckResult
) -> None:
    top = [h for h in headings if h.level == 1 and h.para.line >= body_start]
    if top:
        for h in top:
            for key in classify_parts(h.para.norm[h.label_end :]) or ["other"]:
                result.parts.append(Part(key=key, title=_heading_title(h), line=h.para.line))
    else:
        # Unnumbered headings: short lines without sentence punctuation that name a part.
        for para in paragraphs:
            if para.line < body_start or len(para.norm) > 40 or re.search(r"[。,;:]", para.norm):
                continue
            if L2_RE.match(para.norm) or L3_RE.match(para.norm) or DATE_LINE_RE.match(para.norm):
                continue
            for key in classify_parts(para.norm):
                result.parts.append(Part(key=key, title=para.quote(0, len(para.norm)), line=para.line))
    if not result.parts:
        # Some reports number their parts (一)(二)… with nothing above them.
        for h in headings:
            key = classify_part(h.para.norm[h.label_end :]) if h.level == 2 else None
            if key and h.para.line >= body_start:
                result.parts.append(Part(key=key, title=_heading_title(h), line=h.para.line))
    found = {p.key for p in result.parts}
    result.missing_parts = [k for k in MANDATED_PARTS if k not in found]


def _find_year(result: CheckResult, opening: list[Paragraph]) -> None:
    """The report's year: title, part headings, the body's opening, then the date."""
    title = normalise_line("".join(result.header["title"].texts))[0]
    year, source = year_in(title), "title"
    if year is None:
        source = "part"
        for part in result.parts:
            stated = year_in(normalise_line(part.title)[0])
            if stated:
                year = stated - 1 if part.key == "plans" else stated
                break
    if year is None:
        year, source = body_year([p.norm for p in opening]), "body"
    if year is None:
        year, source = year_from_date(result.date), "date"
    result.year, result.year_source = year, (source if year else None)


def _find_date(report: ReportText, result: CheckResult) -> None:
    header_date = result.header["date"]
    date = None
    if header_date.present:
        m = DATE_RE.search(normalise_line(header_date.texts[0])[0])
        date = parse_date(m) if m else None
    if date is None:
        # No date line: any full date in the closing lines, the 印发 date only as a last resort.
        tail = [ln for ln in report.lines if ln.norm][-8:]
        candidates = []
        for ln in tail:
            for m in DATE_RE.finditer(ln.norm):
                d = parse_date(m)
                if d:
                    candidates.append(("印发" in ln.norm, ln.number, d))
        plain = [c for c in candidates if not c[0]]
        pick = (plain or candidates)[-1:] if candidates else []
        if pick:
            date = pick[0][2]
            if not header_date.present:
                line = next(ln for ln in report.lines if ln.number == pick[0][1])
                header_date.add(line.number, line.display)
    result.date = date


def _check_year_mismatches(headings: list[Heading], result: CheckResult) -> None:
    if result.year is None:
        return
    for part in result.parts:
        for m in YEAR_RE.finditer(normalise_line(part.title)[0]):
            stated = _year_value(m.group(1))
            if stated is None:
                continue
            expected = result.year + 1 if part.key == "plans" else result.year
            if stated != expected:
                what = "下一年度的安排" if part.key == "plans" else "本年度的情况"
                result.year_mismatches.append(
                    Finding(
                        line=part.line,
                        text=part.title,
                        problem=f"报告年度为{result.year}年，此部分写{what}，应为{expected}年，实写{stated}年",
                    )
                )


# --- rendering -----------------------------------------------------------------------------------


def _fmt_pct(value) -> str:
    return f"{_json_number(value)}%"


def format_text(result: CheckResult) -> str:
    """A plain-text rendering of the findings, in Chinese, each with its line and quoted text."""
    out: list[str] = []
    out.append(f"报告年度：{result.year}年" if result.year else "报告年度：未能识别")
    if result.date:
        d = result.date
        line = f"报告日期：{d.year}年{d.month}月{d.day}日"
    else:
        line = "报告日期：未找到"
    due = result.deadline.due
    if due:
        line += f"；报送截止：{due.year}年{due.month}月{due.day}日"
        if result.deadline.on_time is True:
            line += "，按时"
        elif result.deadline.on_time is False:
            line += f"，逾期{result.deadline.days_late}天"
    out.append(line)

    out.append("")
    out.append("一、报告结构")
    for part in result.parts:
        out.append(f"  第{part.line}行 {PART_LABELS[part.key]}：“{part.title}”")
    if result.missing_parts:
        out.append("  缺少：" + "；".join(PART_LABELS[k] for k in result.missing_parts))
    elif result.parts:
        out.append("  规定的四个部分齐全")
    names = {
        "issuing_organs": "发文机关",
        "doc_number": "发文字号",
        "title": "标题",
        "addressee": "主送机关",
        "signature_organs": "署名机关",
        "date": "成文日期",
        "cc": "抄送",
        "publication": "发布信息",
    }
    for key, item in result.header.items():
        if item.present:
            where = "、".join(f"第{n}行" for n in item.lines)
            out.append(f"  {names[key]}：{where}“{' '.join(item.texts)}”")
        else:
            out.append(f"  {names[key]}：未找到")

    sections = [("年份", result.year_mismatches, describe_finding, "未发现问题")] + [
        (rule.title, getattr(result, rule.key), rule.describe, rule.empty) for rule in RULES.values()
    ]
    number = 1
    for title, findings, describe, empty in sections:
        number += 1
        out.append("")
        out.append(f"{cn_label(number)}、{title}")
        if not findings:
            out.append(f"  {empty}")
        for f in findings:
            out.append("  " + describe(f))

    out.append("")
    out.append(f"{cn_label(number + 1)}、与台账数据比对")
    if not result.figures:
        out.append("  未比对（未指定乡镇，或未找到与统计口径对应的数字）")
    for f in result.figures:
        out.append(f"  第{f['line']}行“{f['text']}”：{figure_verdict(f)}")

    out.append("")
    out.append(f"{cn_label(number + 2)}、未提及的工作和问题")
    if not result.uncovered:
        out.append("  未发现问题")
    for text in result.uncovered:
        out.append(f"  {text}")

    out.append("")
    out.append(f"{cn_label(number + 3)}、与其他报告雷同的段落")
    if not result.copied:
        out.append("  未发现雷同段落")
    for c in result.copied:
        out.append(f"  第{c['line']}行“{c['text'][:40]}…”：与{c['source']}相似度{c['similarity']:.0%}")
    return "\n".join(out) + "\n"


def figure_verdict(f: dict) -> str:
    """A figure's comparison with the records, in words."""
    label = f.get("label") or f["metric"]
    pct = "%" if f["stated"].endswith(("%", "％")) else ""

    def shown(value) -> str:
        return "—" if value is None else f"{value}{pct}"

    if f["ok"] is None:
        verdict = f"{label}：无法与台账核对（台账为{shown(f['records'])}）"
    elif f["ok"]:
        verdict = f"{label}：与台账一致（台账为{shown(f['records'])}）"
    elif "approved" in f:
        verdict = f"{label}：报告写{f['stated']}，与审批时的台账数据{shown(f['approved'])}不符"
    else:
        verdict = f"{label}：报告写{f['stated']}，台账为{shown(f['records'])}，不相符"
    if f.get("changed_since_approval"):
        verdict += f"；审批后台账数据已变化（审批时{shown(f['approved'])}，现为{shown(f['records'])}）"
    return verdict
