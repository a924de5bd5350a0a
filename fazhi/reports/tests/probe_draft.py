import json
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.db import transaction

from fazhi.demo.builder import LEDGER_APPS
from fazhi.reportcheck import drafts
from fazhi.reportcheck.analysis import analyse
from fazhi.reportcheck.loader import report_from_string
from fazhi.reports.services import latest_version, report_start
from fazhi.reports.tests.test_draft_passes_check import YEAR, _fill


def test_probe(cast):
    seeds = [int(s) for s in os.environ.get("SEEDS", "1").split(",")]
    for seed in seeds:
        case = {
            "kind": ["乡", "镇", "街道"][seed % 3],
            "order": "leaders_second",
            "seed": seed,
            "apps": {"disputes", *LEDGER_APPS},
            "days": int(os.environ.get("DAYS", "365")),
            "villages": 3,
            "full_exam": True,
            "crowd": 1000,
        }
        with transaction.atomic():
            with time_machine.travel(
                datetime(YEAR + 1, 2, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
            ):
                town, clerk = _fill(case, cast)
                report = report_start(township=town, year=YEAR, user=clerk)
                text = drafts.version_text(report, latest_version(report))
                r = analyse(report_from_string(text), township=town, year=YEAR).to_json()
            transaction.set_rollback(True)
        print(text)
        print(
            json.dumps(
                {
                    k: r[k]
                    for k in (
                        "missing_parts",
                        "uncovered",
                        "enumerations",
                        "approximations",
                        "year_mismatches",
                        "deadline",
                    )
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        print(json.dumps([x for x in r["rates"] if x["ok"] is False], ensure_ascii=False))
        for x in r["figures"]:
            print("OK " if x["ok"] else "BAD", x["metric"], x["text"], x["records"], x.get("stated"))
