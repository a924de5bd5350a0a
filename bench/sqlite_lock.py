"""How long a large import holds SQLite's write lock (the time every other writer waits for it).

    DATABASE_URL=sqlite:///path/fazhi.sqlite3 .venv/bin/python bench/sqlite_lock.py [--rows 100000]

Imports a disputes workbook of --rows rows into a new township (its own district, ten villages and
clerk, named after the time, so that every run's rows are new) and prints one JSON object with `sqlite_write_lock_seconds` (BEGIN IMMEDIATE to COMMIT of the import's one
write transaction) next to the import's whole run. The records stay: point it at a database kept for
measuring. Compare with the busy timeout (`sqlite_busy_timeout_seconds`): a writer that waits longer
gets 503 系统繁忙.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from fazhi.core import ledgers  # noqa: E402
from fazhi.imports import shortwrite  # noqa: E402
from fazhi.imports.bench import build_workbook  # noqa: E402
from fazhi.imports.importer import import_workbook  # noqa: E402
from fazhi.orgs.models import Organisation, OrgKind, RoleAssignment, User  # noqa: E402
from fazhi.orgs.roles import Role  # noqa: E402
from fazhi.orgs.services import organisation_create  # noqa: E402


def _township(stamp: str):
    district = organisation_create(
        kind=OrgKind.DISTRICT, name=f"锁测{stamp}区", short_name=f"锁测{stamp}", code=f"LOCK-D{stamp}"
    )
    township = organisation_create(
        kind=OrgKind.TOWNSHIP,
        name=f"锁测{stamp}镇",
        short_name=f"锁{stamp}",
        code=f"LOCK-T{stamp}",
        parent=district,
    )
    for i in range(10):
        organisation_create(
            kind=OrgKind.VILLAGE,
            name=f"锁测{stamp}-{i}村",
            short_name=f"锁测{i}村",
            code=f"LOCK-V{stamp}-{i}",
            parent=township,
        )
    user = User.objects.create(username=f"lock-clerk-{stamp}", full_name="测锁经办人")
    RoleAssignment.objects.create(user=user, role=Role.TOWNSHIP_CLERK, organisation=township)
    return township, user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    if connection.vendor != "sqlite":
        sys.exit("bench/sqlite_lock.py measures SQLite only")
    township, user = _township(time.strftime("%Y%m%d%H%M%S"))
    villages = [v.name for v in Organisation.objects.filter(parent=township)]
    content = build_workbook(args.rows, villages, seed=int(time.time()))
    began = time.monotonic()
    result = import_workbook(
        spec=ledgers.get("disputes"), township=township, user=user, content=content, filename="lock.xlsx"
    )
    took = time.monotonic() - began
    timeout = settings.DATABASES["default"].get("OPTIONS", {}).get("timeout")
    out = {
        "rows": args.rows,
        "created": result.created,
        "written": result.written,
        "errors": len(result.errors),
        "import_seconds": round(took, 2),
        "sqlite_write_lock_seconds": round(shortwrite.last_lock_seconds or 0, 2),
        "sqlite_busy_timeout_seconds": timeout,
        "load": os.getloadavg()[0],
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
