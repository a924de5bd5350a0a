"""How fast a disputes workbook imports compared with its floor: python-calamine reading it plus the
database bulk-loading the rows the import ends with (benchfloor.py).

`measure(rows)` writes a workbook of `rows` disputes with one party each, then, several times over, times
calamine reading every sheet, the import (validate + write) into a throw-away township, and the bulk load
of the same final rows (all rolled back), and returns the medians with `import_vs_floor_ratio` (the goal)
and `import_vs_read_ratio` (kept for information).
"""

import random
import statistics
import time
from datetime import date, timedelta
from io import BytesIO

import python_calamine
from django.db import connection, transaction
from openpyxl import Workbook

from fazhi.core import ledgers
from fazhi.core.validators import make_id_number
from fazhi.orgs.models import OrgKind, RoleAssignment, User
from fazhi.orgs.roles import Role
from fazhi.orgs.services import organisation_create

from .benchfloor import floor_seconds
from .columns import child_sheets, record_sheet, sheet_title
from .importer import import_workbook

TYPES = ["婚姻家庭", "邻里", "土地承包", "宅基地", "合同", "损害赔偿"]
SOURCES = ["排查发现", "群众申请", "信访转入", "12345转入"]


class _Rollback(Exception):
    pass


def build_workbook(rows: int, villages: list[str], seed: int = 7, tag: str = "") -> bytes:
    """`tag` in every summary makes the rows new to a township that already imported a workbook."""
    spec = ledgers.get("disputes")
    main = record_sheet(spec)
    party = child_sheets(spec)[0]
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(main.label))
    headers = ["编号", "村/社区", "受理日期", "来源", "化解层级", "纠纷类型", "纠纷概要", "承办人/调解员"]
    ws.append(headers)
    ps = wb.create_sheet(sheet_title(party.label))
    ps.append(["编号", "身份", "姓名/名称", "身份证号", "联系电话", "住址"])
    start = date(2024, 1, 1)
    for i in range(rows):
        key = str(i + 1)
        ws.append(
            [
                key,
                rng.choice(villages),
                start + timedelta(days=i % 360),
                rng.choice(SOURCES),
                "村级",
                rng.choice(TYPES),
                f"{tag}第{i + 1}号纠纷：两户因排水沟堵塞发生争吵",
                "王调解",
            ]
        )
        ps.append(
            [
                key,
                "申请人",
                "张三",
                make_id_number("500101", date(1980, 5, 17), i % 999 + 1),
                "13812345678",
                "青山村3组",
            ]
        )
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_time(content: bytes) -> float:
    t = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_filelike(BytesIO(content))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    return time.perf_counter() - t


def _check_deferred() -> None:
    """What committing the import would still do. PostgreSQL checks deferred foreign keys only at
    commit, and the measurement rolls back; SQLite has already looked each one up while inserting."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _township():
    """A throw-away district, township with ten villages and clerk (the caller rolls them back)."""
    district = organisation_create(kind=OrgKind.DISTRICT, name="测速区", short_name="测速", code="BENCH-D")
    township = organisation_create(
        kind=OrgKind.TOWNSHIP, name="测速镇", short_name="测速镇", code="BENCH-T", parent=district
    )
    for i in range(10):
        n = f"测速{i}村"
        organisation_create(kind=OrgKind.VILLAGE, name=n, short_name=n, code=f"BENCH-V{i}", parent=township)
    user = User.objects.create(username="bench-clerk", full_name="测速经办人")
    RoleAssignment.objects.create(user=user, role=Role.TOWNSHIP_CLERK, organisation=township)
    return township, user


def measure(rows: int = 100_000, repeat: int = 3) -> dict:
    """Median times of reading and of importing a `rows`-row disputes workbook, `repeat` times each,
    alternating so that a busy moment of the machine weighs on both; nothing stays in the database."""
    content = build_workbook(rows, [f"测速{i}村" for i in range(10)])
    reads, imports, floors, result = [], [], [], None
    for _ in range(repeat):
        reads.append(read_time(content))
        try:
            with transaction.atomic():
                township, user = _township()
                t = time.perf_counter()
                result = import_workbook(
                    spec=ledgers.get("disputes"),
                    township=township,
                    user=user,
                    content=content,
                    filename="bench.xlsx",
                )
                _check_deferred()
                imports.append(time.perf_counter() - t)
                floors.append(floor_seconds(ledgers.get("disputes"), township))
                raise _Rollback
        except _Rollback:
            pass
    read, took, floor = statistics.median(reads), statistics.median(imports), statistics.median(floors)
    return {
        "rows": rows,
        "read_seconds": round(read, 6),
        "load_seconds": round(floor, 6),
        "import_seconds": round(took, 6),
        "import_vs_floor_ratio": round(took / (read + floor), 2),
        "import_vs_read_ratio": round(took / read, 2),
        "created": result.created,
        "errors": len(result.errors),
        "repeat": repeat,
    }
