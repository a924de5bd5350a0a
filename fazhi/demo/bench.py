"""`fazhi bench`: whether a district's worth of data slows down what one township does.

Each figure is the median (or p95) of repeated runs in this one process, one after another:
- report_scale_ratio: drafting the detailed township's report for last year with the database in use
  (district scale: `fazhi demo --townships 50 --years 10`) ÷ the same in a fresh database holding only
  the demo district (goal ≤ 2);
- list_scale_ratio: p95 of the disputes list page filtered to that township, first and a deep page,
  at full scale ÷ at small scale (goal ≤ 1.5);
- report_vs_sql_ratio: all the report's figures through the metric registry ÷ hand-written SQL, one
  conditional-aggregation query per ledger (fazhi/metrics/sql.py) (goal ≤ 1.5);
- import_vs_floor_ratio: importing a disputes workbook ÷ (python-calamine reading it + the database's own
  bulk load of the rows the import ends with: records, parties, history; executemany on SQLite, COPY on
  PostgreSQL) (goal ≤ 1.3); import_vs_read_ratio (import ÷ reading alone) is printed for information.
- check_scale_ratio: the report check of a 5,000-paragraph .docx ÷ a 500-paragraph one (goal ≤ 12,
  fazhi/reportcheck/bench.py).
- encryption_list_ratio, encryption_reveal_ratio: the cost of encrypting personal data at rest, list and
  reveal p95 with the rows as stored ÷ the same rows in plaintext (for information, fazhi/demo/encbench.py).
"""

import os
import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from fazhi.core import ledgers
from fazhi.district import bench as district_bench
from fazhi.orgs.models import Organisation, User

from .builder import DISTRICT_CODE, build_demo

TOWNSHIP = "青山镇"
GOALS = {
    "report_scale_ratio": 2.0,
    "list_scale_ratio": 1.5,
    "report_vs_sql_ratio": 1.5,
    "import_vs_floor_ratio": 1.3,
    "check_scale_ratio": 12.0,
}


def _times(fn: Callable, repeat: int) -> list[float]:
    fn()  # warm caches and the connection once; not counted
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _record_count() -> int:
    return sum(spec.model.objects.count() for spec in ledgers.all_ledgers())


def _measure_here(repeat: int, district_only: bool = False) -> dict:
    """Report drafting, list page and registry-vs-SQL timings on the current database."""
    if district_only:
        return {
            "records": _record_count(),
            "townships": Organisation.objects.filter(kind="township").count(),
            "district": district_bench.measure(repeat),
        }
    from fazhi.metrics import sql
    from fazhi.metrics.registry import Period, compute
    from fazhi.reports.drafting import build_body

    township = Organisation.objects.get(name=TOWNSHIP, parent__code=DISTRICT_CODE)
    year = timezone.localdate().year - 1
    clerk = User.objects.get(username="clerk")
    host = next(
        (h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")), "localhost"
    )
    client = Client(SERVER_NAME=host.strip("[]"), HTTP_HOST=host)
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    first = f"/ledger/disputes/?township={township.pk}"
    count = ledgers.get("disputes").model.objects.filter(township=township, voided=False).count()
    deep = f"{first}&page={max(1, (count // 25) - 1)}"

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    list_times = _times(lambda: get(first), repeat) + _times(lambda: get(deep), repeat)
    ids = sorted(sql.covered_ids())
    period = Period.year(year)
    return {
        "report": statistics.median(_times(lambda: build_body(township, year), repeat)),
        "list_p95": _p95(list_times),
        "registry": statistics.median(_times(lambda: compute(ids, township, period), repeat)),
        "sql": statistics.median(_times(lambda: sql.township_year(township.pk, year), repeat)),
        "records": _record_count(),
        "townships": Organisation.objects.filter(kind="township").count(),
        "district": district_bench.measure(repeat),
    }


def _small_name() -> str:
    original = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return str(os.path.join(os.path.dirname(str(original)), "bench-small.sqlite3"))
    return f"{original}_bench_small"


def _small_kept(name: str) -> bool:
    if connection.vendor == "sqlite":
        return os.path.exists(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _measure_small(repeat: int, district_only: bool = False, keep: bool = False) -> dict:
    """The same measurements in a fresh database holding only the demo district. With `keep` it is
    left in place and used again by the next run (building the demo takes minutes on a busy machine)."""
    creation = connection.creation
    original = connection.settings_dict["NAME"]
    name = _small_name()
    if keep and _small_kept(name):
        connection.close()
        connection.settings_dict["NAME"] = name
        try:
            return _measure_here(repeat, district_only)
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        build_demo()
        return _measure_here(repeat, district_only)
    finally:
        if keep:
            connection.close()
            connection.settings_dict["NAME"] = original
        else:
            creation.destroy_test_db(original, verbosity=0)


def run(
    *,
    repeat: int = 7,
    import_rows: int = 100_000,
    small: bool = True,
    district_only: bool = False,
    keep_small: bool = False,
) -> dict:
    from fazhi.imports.bench import measure as measure_import
    from fazhi.reportcheck.bench import measure as measure_check

    full = _measure_here(repeat, district_only)
    small_run = _measure_small(repeat, district_only, keep_small) if small else full
    if district_only:
        return _district_figures(full, small_run, repeat)
    from .encbench import measure as measure_encryption

    encrypted = measure_encryption(repeat)
    imported = measure_import(import_rows)
    checked = measure_check()
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    return {
        "report_scale_ratio": round(full["report"] / small_run["report"], 3),
        "list_scale_ratio": round(full["list_p95"] / small_run["list_p95"], 3),
        "report_vs_sql_ratio": round(full["registry"] / full["sql"], 3),
        "import_vs_floor_ratio": round(imported["import_vs_floor_ratio"], 3),
        "import_vs_read_ratio": round(imported["import_vs_read_ratio"], 3),
        "check_scale_ratio": round(checked["check_scale_ratio"], 3),
        "check_seconds": {"500": checked["small"], "5000": checked["large"]},
        **_district_ratios(full, small_run),
        "district_seconds": {"full": _rounded(full["district"]), "small": _rounded(small_run["district"])},
        "report_seconds": {"full": round(full["report"], 4), "small": round(small_run["report"], 4)},
        "list_p95_seconds": {"full": round(full["list_p95"], 4), "small": round(small_run["list_p95"], 4)},
        "figures_seconds": {"registry": round(full["registry"], 4), "sql": round(full["sql"], 4)},
        "import_seconds": {k: v for k, v in imported.items() if not k.endswith("_ratio")},
        **encrypted,
        "records": {"full": full["records"], "small": small_run["records"]},
        "townships": {"full": full["townships"], "small": small_run["townships"]},
        "import_rows": import_rows,
        "database": {"engine": connection.vendor, "version": version},
        "cpu_count": os.cpu_count(),
        "repeat": repeat,
        "goals": {**GOALS, **district_bench.GOALS},
    }


def _district_ratios(full: dict, small_run: dict) -> dict:
    d = full["district"]
    return {
        "district_vs_township_ratio": round(d["district"] / d["township"], 3),
        "district_vs_sql_ratio": round(d["district_computed"] / d["sql"], 3),
        "overview_scale_ratio": round(d["page_p95"] / small_run["district"]["page_p95"], 3),
        # Not goals: the figures with nothing stored, and with one township changed since the last read.
        "district_computed_vs_township_ratio": round(d["district_computed"] / d["township"], 3),
        "district_one_changed_vs_township_ratio": round(d["district_one_changed"] / d["township"], 3),
    }


def _district_figures(full: dict, small_run: dict, repeat: int) -> dict:
    """The district goals alone (`fazhi bench --district`): quicker to measure on a busy machine."""
    return {
        **_district_ratios(full, small_run),
        "district_seconds": {"full": _rounded(full["district"]), "small": _rounded(small_run["district"])},
        "records": {"full": full["records"], "small": small_run["records"]},
        "townships": {"full": full["townships"], "small": small_run["townships"]},
        "database": {"engine": connection.vendor},
        "cpu_count": os.cpu_count(),
        "repeat": repeat,
        "goals": district_bench.GOALS,
    }


def _rounded(values: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()}
