"""Refreshing a draft from the records: what nobody touched is drafted again, hand edits are kept, and
every changed figure is listed."""

from fazhi.metrics.registry import registry
from fazhi.orgs.models import Organisation

from .drafting import build_body, compute_values
from .figures import PLACEHOLDER, figure_text, plain_value


def refresh_body(body: dict, township: Organisation) -> tuple[dict, list[dict]]:
    """Re-render what nobody touched; keep typed figures (marked disagreeing); list what changed.

    An unedited paragraph is drafted again from its template, so wording and omitted sentences follow the
    new values; an edited paragraph keeps its prose and only its untyped figures are re-rendered.
    """
    year = body["year"]
    values, missing = compute_values(township, year)
    fresh = build_body(township, year, (values, missing))
    fresh_paras = {p["key"]: (s, p) for s in fresh["sections"] for p in s["paragraphs"]}
    old_figs = body.get("figures", {})
    changes: list[dict] = []
    figures: dict[str, dict] = {}
    counter = max([int(k[1:]) for k in old_figs] + [0])

    def carry(text: str) -> dict[str, str]:
        """Take the fresh figures a text names, and those their word forms name, renumbered after the
        old ids so that ids never clash; returns {fresh id: new id}."""
        nonlocal counter
        mapping: dict[str, str] = {}
        pending = PLACEHOLDER.findall(text)
        while pending:
            fid = pending.pop(0)
            if fid in mapping:
                continue
            counter += 1
            mapping[fid] = f"f{counter}"
            pending += [
                f
                for form in fresh["figures"][fid].get("forms", {}).values()
                for f in PLACEHOLDER.findall(form)
            ]
        for fid, new in mapping.items():
            fig = dict(fresh["figures"][fid])
            if fig.get("forms"):
                fig["forms"] = {style: _renumber(form, mapping) for style, form in fig["forms"].items()}
            figures[new] = fig
        return mapping

    def old_texts(para_key, figs):
        return {(f["metric"], f["paragraph"]): f["text"] for f in figs.values() if f["paragraph"] == para_key}

    sections = []
    seen = set()
    for section in body["sections"]:
        new_paras = []
        for para in section["paragraphs"]:
            seen.add(para["key"])
            if not para.get("edited") and para["key"] in fresh_paras:
                _, fresh_para = fresh_paras[para["key"]]
                text = _renumber(fresh_para["text"], carry(fresh_para["text"]))
                before = old_texts(para["key"], {k: old_figs[k] for k in PLACEHOLDER.findall(para["text"])})
                after = {
                    (f["metric"], f["paragraph"]): f["text"]
                    for f in (figures[v] for v in PLACEHOLDER.findall(text))
                }
                for key in sorted(set(before) | set(after)):
                    if before.get(key) != after.get(key):
                        changes.append(_change(key[0], before.get(key), after.get(key)))
                new_paras.append({**para, "text": text})
            elif not para.get("edited") and para["key"] not in fresh_paras and _was_generated(para["key"]):
                # Every sentence of the paragraph is now left out.
                for fid in PLACEHOLDER.findall(para["text"]):
                    changes.append(_change(old_figs[fid]["metric"], old_figs[fid]["text"], None))
            else:
                named = PLACEHOLDER.findall(para["text"])
                # Figures only a word form names are kept as they were, for choosing that form again.
                for fid in named:
                    for form in old_figs[fid].get("forms", {}).values():
                        for other in PLACEHOLDER.findall(form):
                            if other not in named and other in old_figs:
                                figures[other] = old_figs[other]
                for fid in named:
                    fig = dict(old_figs[fid])
                    mv = values.get(fig["metric"])
                    if mv is not None:
                        new_text = figure_text(mv, fig["style"], fig["unit"])
                        if new_text != fig["text"]:
                            changes.append(_change(fig["metric"], fig["text"], new_text))
                        fig.update(
                            value=plain_value(mv.value),
                            numerator=plain_value(mv.numerator),
                            denominator=plain_value(mv.denominator),
                            text=new_text,
                        )
                    figures[fid] = fig
                new_paras.append(para)
        sections.append({**section, "paragraphs": new_paras})
    # Paragraphs the new data brings (a ledger that had nothing before) go into their sections.
    by_key = {s["key"]: s for s in sections}
    for fresh_section in fresh["sections"]:
        for para in fresh_section["paragraphs"]:
            if para["key"] in seen or fresh_section["key"] not in by_key:
                continue
            for fid in PLACEHOLDER.findall(para["text"]):
                changes.append(_change(fresh["figures"][fid]["metric"], None, fresh["figures"][fid]["text"]))
            text = _renumber(para["text"], carry(para["text"]))
            by_key[fresh_section["key"]]["paragraphs"].append({**para, "text": text})
    out = {**body, "sections": sections, "figures": figures, "warnings": fresh["warnings"]}
    return out, changes


def _renumber(text: str, mapping: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: "{" + mapping[m.group(1)] + "}", text)


def _was_generated(key: str) -> bool:
    return not key.startswith("manual-")


def _change(metric_id: str, before: str | None, after: str | None) -> dict:
    try:
        label = registry.get(metric_id).label
    except KeyError:
        label = metric_id
    return {
        "metric": metric_id,
        "label": label,
        "before": before or "（无）",
        "after": after or "（语句略去）",
    }


def stale_figures(body: dict, township: Organisation) -> list[dict]:
    """Untyped figures whose text no longer matches the records (the draft needs 刷新数据)."""
    values, _ = compute_values(township, body["year"])
    out = []
    for fig in body.get("figures", {}).values():
        mv = values.get(fig["metric"])
        if mv is None:
            continue
        now = figure_text(mv, fig["style"], fig["unit"])
        if now != fig["text"]:
            out.append(_change(fig["metric"], fig["text"], now))
    return out
