"""Parsing a workbook in a child process with a memory ceiling, so that a hostile file kills only the child.

The child is started first and waits for its input while the parent checks the zip (guard.py), so
that the interpreter's start-up overlaps the checks and no parser sees the file before they pass.
The parent then sends (content, filename) pickled on stdin; the child caps its address space with
RLIMIT_AS, parses, and answers ("ok", RawBook) or ("refused", message) on stdout. A child that runs
out of memory, crashes in the parser or overruns the time limit becomes one Chinese refusal.

The answer is made cheap to pickle and unpickle: within each column, equal cell values become one
object (a village name, a date or a 是/否 repeats thousands of times), so the pickle writes each
distinct value once and refers back to it after that (a 100,000-row sheet: half the bytes, a quarter
of the time to pickle and unpickle). The exporter's guard apostrophe is taken off the distinct values
at the same time (reader.unguard).
"""

import gc
import os
import pickle
import resource
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from .reader import FileRefused, RawBook, parse_book, unguard

TOO_LARGE = "文件过大或结构异常，读取时超出内存上限；请删除多余的空行、空列后重试，或分成多个文件导入"
TOO_SLOW = "读取文件超时，请分成多个较小的文件导入"
# Values made one object when equal. Not numbers: 1, 1.0 and True are equal as dict keys but not the
# same cell.
_SHARED = frozenset({str, date, datetime})


def parse_isolated(
    content: bytes,
    filename: str,
    *,
    memory_mb: int,
    timeout: int,
    max_rows: int,
    check: Callable[[], None] | None = None,
) -> RawBook:
    """parse_book in a child process limited to memory_mb of address space and timeout seconds.

    `check` (the zip's checks, returning the worksheets to scan for formulas) runs while the child
    starts; the file goes to the child only when it passes, and the child is ended when it raises."""
    argv, env = child_command(memory_mb, max_rows)
    child = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    try:
        scan = check() if check is not None else None
        out, _ = child.communicate(
            pickle.dumps((content, filename, scan), protocol=pickle.HIGHEST_PROTOCOL), timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise FileRefused(TOO_SLOW) from exc
    finally:
        if child.returncode is None:
            child.kill()
            child.communicate()
    if child.returncode != 0 or not out:
        raise FileRefused(TOO_LARGE)
    kind, value = pickle.loads(out)  # noqa: S301 - our own child's answer
    if kind == "refused":
        raise FileRefused(value)
    return value


def child_command(memory_mb: int, max_rows: int) -> tuple[list[str], dict]:
    """The parsing child's command line and environment."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), *sys.path])}
    return [sys.executable, "-m", "fazhi.imports.sandbox", str(memory_mb), str(max_rows)], env


def compact(rows: list[list]) -> list[list]:
    """The same rows, each column's equal values one object, guard apostrophes taken off."""
    if not rows:
        return rows
    width = max(map(len, rows))
    ragged = [len(row) for row in rows]
    square = [row + [""] * (width - len(row)) if len(row) < width else row for row in rows]
    columns = []
    for column in zip(*square, strict=True):
        seen: dict = {}
        one = seen.setdefault
        column = [one(v, v) if v.__class__ in _SHARED else v for v in column]
        fixed = unguard(seen)
        if fixed:
            column = [fixed.get(v, v) if v.__class__ is str else v for v in column]
        columns.append(column)
    out = [list(row) for row in zip(*columns, strict=True)]
    for row, n in zip(out, ragged, strict=True):
        if n < width:
            del row[n:]
    return out


def _child(memory_mb: int, max_rows: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # A short-lived process that builds a few million objects and no cycles: the cyclic collector
    # would only walk them again and again (a third of the parse time at 100,000 rows).
    gc.disable()
    content, filename, scan = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from our own parent
    try:
        book = parse_book(content, filename, max_rows=max_rows, unguarded=False, scan=scan)
        for sheet in book.sheets:
            sheet.rows = compact(sheet.rows)
        answer = ("ok", book)
    except FileRefused as exc:
        answer = ("refused", str(exc))
    except MemoryError:
        answer = ("refused", TOO_LARGE)
    _write_all(sys.stdout.fileno(), pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


def _write_all(fd: int, data: bytes) -> None:
    """Write all of data. A write to a full pipe comes back short when the process is stopped and
    continued meanwhile (a paused worker's process group), and with PYTHONUNBUFFERED sys.stdout.buffer
    is the raw file, which leaves the rest unwritten: the parent got a truncated answer."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


if __name__ == "__main__":
    _child(int(sys.argv[1]), int(sys.argv[2]))
