"""A body laid out for reading: sections in the township's part order, headings numbered (一、/（一）),
paragraphs cut into text and figure segments."""

from fazhi.core.numerals import cn_label

from .figures import PLACEHOLDER, shown_text

PART_ORDERS = {
    "leaders_first": ("intro", "leaders", "measures", "shortcomings", "plans", "other"),
    "leaders_third": ("intro", "measures", "shortcomings", "leaders", "plans", "other"),
    "leaders_second": ("intro", "measures", "leaders", "shortcomings", "plans", "other"),
}


def layout(body: dict, part_order: str) -> list[dict]:
    """The body as blocks in the township's part order, numbered: heading blocks (level 1/2) carrying
    "一、…"/"（一）…" and paragraph blocks carrying segments (str or figure dict with its slot)."""
    order = PART_ORDERS.get(part_order, PART_ORDERS["leaders_second"])
    rank = {part: i for i, part in enumerate(order)}
    sections = sorted(
        enumerate(body["sections"]), key=lambda pair: (rank.get(pair[1]["part"], len(order)), pair[0])
    )
    blocks: list[dict] = []
    n1 = 0
    n2 = 0
    figures = body.get("figures", {})
    for _, section in sections:
        paras = [p for p in section["paragraphs"] if p["text"].strip()]
        if section["level"] == 1:
            n1 += 1
            n2 = 0
            blocks.append({"kind": "h1", "text": f"{cn_label(n1)}、{section['heading']}"})
        elif section["level"] == 2:
            if not paras:
                continue
            n2 += 1
            blocks.append({"kind": "h2", "text": f"（{cn_label(n2)}）{section['heading']}"})
        elif section["level"] == 3:
            blocks.append({"kind": "h3", "text": section["heading"]})
        for para in paras:
            blocks.append({"kind": "p", "key": para["key"], "segments": segments(para["text"], figures)})
    return blocks


def segments(text: str, figures: dict) -> list:
    out: list = []
    pos = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > pos:
            out.append(text[pos : match.start()])
        fig = figures.get(match.group(1))
        out.append({**fig, "slot": match.group(1)} if fig else match.group(0))
        pos = match.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def plain(segs: list) -> str:
    return "".join(s if isinstance(s, str) else shown_text(s) for s in segs)
