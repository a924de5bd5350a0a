"""District-scale timings for `fazhi bench` (goals in GOALS):
- district_vs_township_ratio: the overview's figures for every township of the district as the
  overview reads them (stored figures, current: `metrics.stored`) ÷ the same figures for one township
  through the registry (≤ 3); also printed: with nothing stored (one grouped pass over every township)
  and with one township changed since the last read (its figures recomputed, the others stored);
- district_vs_sql_ratio: the overview's figures computed with nothing stored (one grouped pass) ÷ a
  hand-written GROUP BY township of the same (the township queries of fazhi/metrics/sql.py grouped,
  plus coverage and overdue clocks) (≤ 1.5);
- the overview page's p95, compared by fazhi/demo/bench.py between district and demo scale (≤ 1.5).
"""

import secrets
import statistics
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from fazhi.deadlines import engine
from fazhi.metrics import registry as reg
from fazhi.metrics import sql
from fazhi.metrics.models import FigureStamp
from fazhi.orgs.models import Organisation, OrgKind, User
from fazhi.orgs.roles import Role

from . import figures, overview

GOALS = {"district_vs_township_ratio": 3.0, "district_vs_sql_ratio": 1.5, "overview_scale_ratio": 1.5}


def _median_time(fn, repeat: int, before=None) -> float:
    """Median seconds of fn(), after a first run; `before()` runs untimed ahead of each."""
    fn()
    out = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return statistics.median(out)


def _touch(township_id: int):
    """As if a clerk of the township had saved a record: its figure stamp replaced."""

    def touch():
        FigureStamp.objects.update_or_create(
            organisation_id=township_id, defaults={"token": secrets.randbits(62)}
        )

    return touch


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _needed_counts(year: int) -> set[str]:
    wanted, _ = reg._resolve(overview.METRIC_IDS, year)
    return {mid for mid, m in wanted.items() if isinstance(m, reg.Count)}


def grouped_sql(township_ids: list[int], year: int) -> dict[int, dict]:
    """The overview's counts per township in hand-written SQL: each ledger query of metrics/sql.py that
    answers one of them, run once for all townships with GROUP BY; coverage and overdue clocks by hand."""
    needed = _needed_counts(year)
    bound = sql.params(0, year)
    placeholders = ", ".join(f"%(t{i})s" for i in range(len(township_ids)))
    bound.update({f"t{i}": t for i, t in enumerate(township_ids)})
    bound["today"] = connection.ops.adapt_datefield_value(engine.today())
    out: dict[int, dict] = {t: {} for t in township_ids}
    within = f"r.township_id IN ({placeholders}) AND NOT r.voided"
    with connection.cursor() as cursor:
        for ids, text in sql.QUERIES:
            if not needed & set(ids):
                continue
            grouped = text.replace("SELECT", "SELECT r.township_id,", 1).replace(sql._IN_TOWNSHIP, within)
            cursor.execute(grouped + " GROUP BY r.township_id", bound)
            for row in cursor.fetchall():
                out[row[0]].update(zip(ids, row[1:], strict=True))
        cursor.execute(
            f"""SELECT v.township_id, COUNT(*), COUNT(CASE WHEN EXISTS (
                    SELECT 1 FROM legalservice_advisorvillage av
                    JOIN legalservice_legaladvisor a ON a.id = av.advisor_id
                    WHERE av.village_id = v.id AND NOT a.voided
                      AND a.contract_start <= %(as_of)s AND a.contract_end >= %(as_of)s) THEN 1 END)
            FROM orgs_organisation v
            WHERE v.kind = 'village' AND v.township_id IN ({placeholders})
              AND v.valid_from <= %(as_of)s AND (v.valid_to IS NULL OR v.valid_to >= %(as_of)s)
            GROUP BY v.township_id""",
            bound,
        )
        for township_id, villages, covered in cursor.fetchall():
            out[township_id]["legalservice.advisor_coverage"] = (covered, villages)
        cursor.execute(
            f"""SELECT c.township_id, COUNT(*) FROM deadlines_clock c
            WHERE c.township_id IN ({placeholders}) AND c.is_open AND NOT c.window AND c.due_on < %(today)s
            GROUP BY c.township_id""",
            bound,
        )
        for township_id, n in cursor.fetchall():
            out[township_id]["deadlines.overdue_now"] = n
    return out


@contextmanager
def _signed_in(user):
    """A client signed in as `user`, second factor passed (a district account must have one): the
    user's own device, or one made for the measurement and removed afterwards."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    host = next(
        (h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")), "localhost"
    )
    client = Client(SERVER_NAME=host.strip("[]"), HTTP_HOST=host)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    made = device is None
    if made:
        device = TOTPDevice.objects.create(user=user, name="性能测量", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    try:
        yield client
    finally:
        if made:
            device.delete()


def measure(repeat: int) -> dict:
    """Figure timings and the overview page's p95 on the database in use."""
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT, children__name="青山镇").first()
    township = Organisation.objects.get(name="青山镇", parent=district)
    ids = [t.pk for t in figures.townships_of(district)]
    year = timezone.localdate().year - 1
    period = reg.Period.year(year)

    def all_townships():
        figures.township_figures(overview.METRIC_IDS, ids, period)

    district_time = _median_time(all_townships, repeat)  # stored figures, current
    computed_time = _median_time(all_townships, repeat, before=cache.clear)  # none stored
    one_changed_time = _median_time(all_townships, repeat, before=_touch(township.pk))
    township_time = _median_time(lambda: reg.compute(overview.METRIC_IDS, township, period), repeat)
    sql_time = _median_time(lambda: grouped_sql(ids, year), repeat)
    reviewer = User.objects.filter(role_assignments__role=Role.DISTRICT_REVIEWER).first()
    page_times = []
    with _signed_in(reviewer) as client:

        def get():
            started = time.perf_counter()
            response = client.get(f"/district/?year={year}")
            assert response.status_code == 200, response.status_code
            page_times.append(time.perf_counter() - started)

        get()
        page_times.clear()
        for _ in range(repeat):
            get()
        warm = page_times[:]
        # A visit after a clerk of one township saved a record: that township's figures are computed
        # again and the page is made again from the stored figures of the others.
        page_times.clear()
        for _ in range(repeat):
            _touch(township.pk)()
            get()
        one_changed = page_times[:]
    return {
        "district": district_time,
        "district_computed": computed_time,
        "district_one_changed": one_changed_time,
        "township": township_time,
        "sql": sql_time,
        "page_p95": _p95(warm),
        "page_p95_one_changed": _p95(one_changed),
        "townships": len(ids),
    }
