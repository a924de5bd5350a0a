"""API writers under load: quiet, during the largest allowed import, and during 4 report checks.

    .venv/bin/python bench/load.py [--url http://127.0.0.1:8105] [--seconds 60] [--writers 20]
                                   [--phases quiet,import,reportcheck] [--rows 100000]

Needs a running server (gunicorn) and `fazhi worker` on the same DATABASE_URL as this script, with the
demo data loaded (`fazhi demo`). Writers are `clerk` creating disputes in 青山镇 through the API; every
acknowledged write is looked up in the database afterwards. Writes stay in the database: point it at a
database kept for measuring. Each phase lasts --seconds; the import and report-check phases go on until
that work has ended, so the writers' figures cover all of it (the import's write comes at its end).
Prints one JSON object.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")

import django  # noqa: E402

django.setup()

from fazhi.core.models import Category  # noqa: E402
from fazhi.disputes.models import Dispute  # noqa: E402
from fazhi.imports.bench import build_workbook  # noqa: E402
from fazhi.imports.models import ImportJob  # noqa: E402
from fazhi.imports.services import import_job_create  # noqa: E402
from fazhi.orgs.models import ApiToken, Organisation, OrgKind, User  # noqa: E402


def _payload(township, village, kind, summary: str, seq: int) -> dict:
    return {
        "township": township.pk,
        "village": village.pk,
        "received_on": "2025-06-02",
        "source": "application",
        "level": "village",
        "dispute_type": kind,
        "summary": summary,
        "parties": [{"role": "applicant", "name": f"王{seq % 1000}"}],
    }


def _writer(url, token, make_payload, stop, out):
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    i = 0
    while not stop.is_set():
        i += 1
        summary, body = make_payload(i)
        started = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/disputes/", json.dumps(body), headers)
            response = conn.getresponse()
            data = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)
            status, data = 0, b""
        out.append((status, time.perf_counter() - started, summary, data[:200]))
    conn.close()


def run_phase(name, args, token, township, village, kind, background=None) -> dict:
    run = uuid.uuid4().hex[:8]
    stop = threading.Event()
    results: list[list] = [[] for _ in range(args.writers)]

    def maker(w):
        def make(i):
            summary = f"load-{run}-{name}-{w}-{i}"
            return summary, _payload(township, village, kind, summary, w * 100_000 + i)

        return make

    threads = [
        threading.Thread(target=_writer, args=(args.url, token, maker(w), stop, results[w]), daemon=True)
        for w in range(args.writers)
    ]
    extra = background() if background else None
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    # The writers go on until the background work has ended (the import's write comes at its end), so
    # the phase covers all of it; at most --wait seconds.
    while extra is not None and extra.running() and time.monotonic() - started < args.wait:
        time.sleep(1)
    stop.set()
    for t in threads:
        t.join()
    rows = [r for part in results for r in part]
    acknowledged = {r[2] for r in rows if r[0] == 201}
    stored = set(Dispute.objects.filter(summary__startswith=f"load-{run}-").values_list("summary", flat=True))
    latencies = sorted(r[1] for r in rows if r[0] == 201)
    out = {
        "seconds": round(time.monotonic() - started, 1),
        "writes": len(rows),
        "created": len(acknowledged),
        "server_errors": sum(1 for r in rows if r[0] >= 500 or r[0] == 0),
        "busy_503": sum(1 for r in rows if r[0] == 503),
        "client_errors": sum(1 for r in rows if 400 <= r[0] < 500),
        "lost_writes": len(acknowledged - stored),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
    }
    sample = next((r[3].decode(errors="replace") for r in rows if r[0] >= 400 or r[0] == 0), None)
    if sample:
        out["first_error"] = sample
    if extra is not None:
        out["background"] = extra()
    return out


def _import_background(args, township, user):
    villages = list(
        Organisation.objects.filter(parent=township, kind=OrgKind.VILLAGE).values_list("name", flat=True)
    )
    stamp = int(time.time())  # rows new even where an earlier run imported
    content = build_workbook(args.rows, villages, seed=stamp, tag=f"{stamp}：")

    def start():
        job = import_job_create(
            township=township,
            ledger="disputes",
            user=user,
            filename="load.xlsx",
            content=content,
            dry_run=False,
        )

        def finish():
            deadline = time.monotonic() + args.wait
            job.refresh_from_db()
            while not job.finished and time.monotonic() < deadline:
                time.sleep(2)
                job.refresh_from_db()
            took = (job.finished_at - job.started_at).total_seconds() if job.finished_at else None
            return {
                "import_rows": args.rows,
                "status": job.status,
                "import_seconds": took,
                "summary": (job.result or {}).get("summary"),
            }

        def running():
            job.refresh_from_db()
            return not job.finished

        finish.running = running
        return finish

    return start


def _reportcheck_background(township):
    folder = Path(tempfile.mkdtemp(prefix="fazhi-load-"))
    report = folder / "report.docx"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        [
            *manage,
            "report",
            "--township",
            township.name,
            "--year",
            "2025",
            "--format",
            "docx",
            "-o",
            str(report),
        ],
        check=True,
        capture_output=True,
    )

    def start():
        procs = [
            subprocess.Popen(
                [*manage, "check-report", str(report), "--township", township.name, "--json"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for _ in range(4)
        ]

        def finish():
            codes = [p.wait() for p in procs]
            return {"report_checks": 4, "exit_codes": codes}

        finish.running = lambda: any(p.poll() is None for p in procs)
        return finish

    return start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8105")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--phases", default="quiet,import,reportcheck")
    parser.add_argument(
        "--wait", type=float, default=1800, help="longest a phase waits for its import or checks to end"
    )
    args = parser.parse_args()
    user = User.objects.get(username="clerk")
    township = Organisation.objects.get(kind=OrgKind.TOWNSHIP, name="青山镇")
    village = Organisation.objects.filter(parent=township, kind=OrgKind.VILLAGE).first()
    kind = Category.objects.get(
        list_key="dispute_type", district_id=township.district_id, code="neighbour", township=None
    ).pk
    _, token = ApiToken.issue(user, "负载测试")
    backgrounds = {
        "quiet": lambda: None,
        "import": lambda: _import_background(args, township, user),
        "reportcheck": lambda: _reportcheck_background(township),
    }
    out = {"database": django.db.connection.vendor, "writers": args.writers, "seconds": args.seconds}
    for phase in args.phases.split(","):
        out[phase] = run_phase(phase, args, token, township, village, kind, backgrounds[phase]())
    if "quiet" in out and "import" in out and out["quiet"]["p95_ms"] and out["import"]["p95_ms"]:
        out["import_vs_quiet_p95"] = round(out["import"]["p95_ms"] / out["quiet"]["p95_ms"], 2)
    out["jobs_left_running"] = ImportJob.objects.filter(status="running").count()
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
