"""Parsing a workbook in a child process with a memory ceiling, so that a hostile file kills only the child.

The parent sends (content, filename) pickled on stdin; the child caps its address space with
RLIMIT_AS, parses, and answers ("ok", RawBook) or ("refused", message) on stdout. A child that runs
out of memory, crashes in the parser or overruns the time limit becomes one Chinese refusal.
"""

import os
import pickle
import resource
import subprocess
import sys
from pathlib import Path

from .reader import FileRefused, RawBook, parse_book

TOO_LARGE = "文件过大或结构异常，读取时超出内存上限；请删除多余的空行、空列后重试，或分成多个文件导入"
TOO_SLOW = "读取文件超时，请分成多个较小的文件导入"


def parse_isolated(content: bytes, filename: str, *, memory_mb: int, timeout: int, max_rows: int) -> RawBook:
    """parse_book in a child process limited to memory_mb of address space and timeout seconds."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), *sys.path])}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "fazhi.imports.sandbox", str(memory_mb), str(max_rows)],
            input=pickle.dumps((content, filename), protocol=pickle.HIGHEST_PROTOCOL),
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise FileRefused(TOO_SLOW) from exc
    if done.returncode != 0 or not done.stdout:
        raise FileRefused(TOO_LARGE)
    kind, value = pickle.loads(done.stdout)  # noqa: S301 - our own child's answer
    if kind == "refused":
        raise FileRefused(value)
    return value


def _child(memory_mb: int, max_rows: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    content, filename = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from our own parent
    try:
        answer = ("ok", parse_book(content, filename, max_rows=max_rows))
    except FileRefused as exc:
        answer = ("refused", str(exc))
    except MemoryError:
        answer = ("refused", TOO_LARGE)
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _child(int(sys.argv[1]), int(sys.argv[2]))
