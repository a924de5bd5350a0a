"""Precision and recall of the report check on the corpus (fazhi/reportcheck/tests/corpus/).

A finding is (kind, line): enumeration, rate (a wrong rate), approximation, year_mismatch with the
line; missing_part:<key>, late_submission and late_publication with line 0; on the coverage cases
(truth `judge_uncovered`), uncovered:<area> with line 0 for each area the report is said not to mention. Parts count as found
when key and line match the truth. Prints one JSON object.

    .venv/bin/python bench/check_corpus.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fazhi" / "reportcheck" / "tests" / "corpus"


def findings(result: dict, *, uncovered: bool = False) -> set[tuple[str, int]]:
    out = {("enumeration", f["line"]) for f in result["enumerations"]}
    if uncovered:
        from fazhi.reportcheck.coverage import AREAS, area_message

        keys = {area_message(label): key for key, label, _ in AREAS}
        out |= {(f"uncovered:{keys[u]}", 0) for u in result["uncovered"] if u in keys}
    out |= {("rate", r["line"]) for r in result["rates"] if r["ok"] is False}
    out |= {("approximation", f["line"]) for f in result["approximations"]}
    out |= {("year_mismatch", f["line"]) for f in result["year_mismatches"]}
    out |= {(f"missing_part:{k}", 0) for k in result["missing_parts"]}
    if result["deadline"].get("on_time") is False:
        out.add(("late_submission", 0))
    if (result.get("publication") or {}).get("on_time") is False:
        out.add(("late_publication", 0))
    return out


def evaluate() -> dict:
    from fazhi.reportcheck.checks import check_text
    from fazhi.reportcheck.loader import load_report

    truth_table = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))
    tp = fp = fn = parts_ok = parts_total = years_ok = 0
    misses: list[str] = []
    for name, truth in sorted(truth_table.items()):
        result = check_text(load_report(CORPUS / name)).to_json()
        found = findings(result, uncovered=truth.get("judge_uncovered", False))
        planted = {(p["kind"], p["line"]) for p in truth["problems"]}
        tp += len(found & planted)
        fp += len(found - planted)
        fn += len(planted - found)
        misses += [f"{name}: 误报 {k}@{ln}" for k, ln in sorted(found - planted)]
        misses += [f"{name}: 漏报 {k}@{ln}" for k, ln in sorted(planted - found)]
        expected_parts = {(p["key"], p["line"]) for p in truth["parts"]}
        got_parts = {(p["key"], p["line"]) for p in result["parts"]}
        parts_ok += len(expected_parts & got_parts)
        parts_total += max(len(expected_parts), len(got_parts))
        if (result["year"], result["year_source"]) == (truth["year"], truth["year_source"]):
            years_ok += 1
        else:
            misses.append(
                f"{name}: 年度 {result['year']}/{result['year_source']} ≠ {truth['year']}/{truth['year_source']}"
            )
    return {
        "reports": len(truth_table),
        "problems_planted": tp + fn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        "parts_accuracy": round(parts_ok / parts_total, 4) if parts_total else 1.0,
        "year_accuracy": round(years_ok / len(truth_table), 4),
        "mismatches": misses,
    }


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    print(json.dumps(evaluate(), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
