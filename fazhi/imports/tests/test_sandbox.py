"""The parser child's answer: the same cells as parsing in the process, handed back compacted."""

import fcntl
import os
import pickle
import signal
import subprocess
import termios
import time
from array import array
from datetime import date, datetime

import pytest

from fazhi.imports import sandbox
from fazhi.imports.reader import FileRefused, parse_book
from fazhi.imports.tests.helpers import workbook


def test_compact_shares_equal_values_and_keeps_every_cell_as_it_was():
    rows = [
        ["编号", "村/社区", "受理日期", "数量", "是否"],
        ["1", "青山村", date(2024, 5, 6), 1, True],
        ["2", "青山" + "村", date(2024, 5, 6), 1.0, 1],
        ["3", "'=1+1", datetime(2024, 5, 6), True, "'-"],
        ["4"],
    ]
    out = sandbox.compact([list(r) for r in rows])
    assert out == [
        ["编号", "村/社区", "受理日期", "数量", "是否"],
        ["1", "青山村", date(2024, 5, 6), 1, True],
        ["2", "青山村", date(2024, 5, 6), 1.0, 1],
        ["3", "=1+1", datetime(2024, 5, 6), True, "-"],
        ["4"],
    ]
    # 1, 1.0 and True are equal as keys but other cells: each keeps its own type.
    assert [type(r[3]) for r in out[1:4]] == [int, float, bool]
    assert [type(r[4]) for r in out[1:3]] == [bool, int]
    assert type(out[3][2]) is datetime
    assert out[1][1] is out[2][1] and out[1][2] is out[2][2]


def test_the_child_answers_what_parsing_in_the_process_gives():
    sheet = [["编号", "纠纷概要", "受理日期"]] + [
        [str(i), f"第{i % 3}起", date(2024, 1, 1 + i % 5)] for i in range(1, 40)
    ]
    content = workbook({"矛盾纠纷": sheet, "当事人": [["编号", "姓名/名称"], ["1", "'+张三"]]})
    child = sandbox.parse_isolated(content, "x.xlsx", memory_mb=1024, timeout=60, max_rows=1000)
    here = parse_book(content, "x.xlsx", max_rows=1000)
    assert [(s.name, s.rows) for s in child.sheets] == [(s.name, s.rows) for s in here.sheets]
    assert child.sheets[1].rows[1] == ["1", "+张三"]


def test_a_refusal_of_the_zip_checks_ends_the_waiting_child():
    content = workbook({"矛盾纠纷": [["编号"], ["1"]]})

    def refuse():
        raise FileRefused("文件解压后过大")

    with pytest.raises(FileRefused, match="文件解压后过大"):
        sandbox.parse_isolated(content, "x.xlsx", memory_mb=1024, timeout=60, max_rows=10, check=refuse)


def _queued(pipe) -> int:
    """Bytes written to the pipe and not read yet."""
    n = array("i", [0])
    fcntl.ioctl(pipe.fileno(), termios.FIONREAD, n)
    return n[0]


def test_the_answer_arrives_whole_when_the_child_is_paused_while_writing_it():
    """A write to a full pipe comes back short when the writer is stopped and continued meanwhile (the
    two-server test pauses the worker's process group); with PYTHONUNBUFFERED the child's answer was
    cut there and the import ended in an internal error."""
    rows = [["编号", "纠纷概要"]] + [[str(i), f"第{i}起纠纷"] for i in range(1, 20_000)]
    content = workbook({"矛盾纠纷": rows})
    argv, env = sandbox.child_command(1024, 100_000)
    child = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**env, "PYTHONUNBUFFERED": "1"},
    )
    try:
        child.stdin.write(pickle.dumps((content, "x.xlsx", None)))
        child.stdin.close()
        # Nothing is read until the pipe is full: the child is then waiting in the write of its answer.
        full = fcntl.fcntl(child.stdout.fileno(), fcntl.F_GETPIPE_SZ)
        deadline = time.monotonic() + 60
        while _queued(child.stdout) < full:
            assert child.poll() is None and time.monotonic() < deadline, child.stderr.read()
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGSTOP)
        os.kill(child.pid, signal.SIGCONT)
        out = child.stdout.read()
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert len(out) > full
    kind, book = pickle.loads(out)
    assert kind == "ok" and len(book.sheets[0].rows) == 20_000 and book.sheets[0].rows[-1][0] == "19999"
