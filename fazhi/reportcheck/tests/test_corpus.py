"""The check on the corpus (bench/make_corpus.py): every planted problem found, nothing else, the
parts, year and its source, date and publication as the truth table says."""

import json
from pathlib import Path

import pytest

from bench.check_corpus import CORPUS, evaluate, findings
from fazhi.reportcheck.checks import check_text
from fazhi.reportcheck.loader import load_report

TRUTH = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))


def test_the_corpus_is_large_and_varied_enough():
    assert len(TRUTH) >= 40
    layouts = [t["layout"] for t in TRUTH.values()]
    for key in ("web", "traditional", "district", "leaders_first", "leaders_part_first", "list_paragraphs"):
        assert any(layout[key] for layout in layouts), key
    assert {layout["part_style"] for layout in layouts} == {"number", "bufen"}
    assert {Path(name).suffix for name in TRUTH} == {".txt", ".md", ".docx"}
    # Cases for 未提及: areas only in other words (phrases, synonyms), some areas left out, some none.
    coverage = [t for t in TRUTH.values() if t.get("judge_uncovered")]
    assert len(coverage) >= 8
    assert any(not t["problems"] for t in coverage) and any(t["problems"] for t in coverage)


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_each_report_matches_its_truth(name):
    truth = TRUTH[name]
    result = check_text(load_report(Path(CORPUS) / name)).to_json()
    assert (result["year"], result["year_source"]) == (truth["year"], truth["year_source"])
    assert result["date"] == truth["date"]
    assert result["publication"]["date"] == truth["publication"]
    assert [(p["key"], p["line"]) for p in result["parts"]] == [(p["key"], p["line"]) for p in truth["parts"]]
    found = findings(result, uncovered=truth.get("judge_uncovered", False))
    assert found == {(p["kind"], p["line"]) for p in truth["problems"]}
    stated = {(r["line"], r["numerator"], r["denominator"]) for r in result["rates"]}
    assert {(r["line"], r["numerator"], r["denominator"]) for r in truth["rates"]} <= {
        (line, int(n), int(d)) for line, n, d in stated if n is not None and d is not None
    }


def test_the_corpus_scores_meet_the_goals():
    scores = evaluate()
    assert scores["precision"] >= 0.98 and scores["recall"] >= 0.95 and scores["parts_accuracy"] >= 0.98
