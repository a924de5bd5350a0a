"""`fazhi worker`: runs django-tasks' db_worker and keeps it alive.

A worker that dies (a crash, the out-of-memory killer) is started again after marking the job it
left "进行中" as failed; a job past FAZHI_IMPORT_JOB_SECONDS (or another app's work past its limit,
see `jobs.WATCHDOGS`) is stopped by restarting the worker;
finished jobs' uploaded files are emptied after FAZHI_IMPORT_KEEP_DAYS.
"""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

from fazhi.imports import jobs

CHECK_EVERY = 2.0
PURGE_EVERY = 3600.0
MAX_BACKOFF = 30.0


class Command(BaseCommand):
    help = "运行后台任务（导入），并在其退出时自动重启"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="db_worker 查询新任务的间隔（秒）")
        parser.add_argument("--max-restarts", type=int, default=0, help="最多重启次数（0 为不限，测试用）")

    def handle(self, *args, interval, max_restarts, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        argv = [sys.executable, sys.argv[0], "db_worker", "--interval", str(interval)]
        if not sys.argv[0].endswith("manage.py"):
            argv = [sys.executable, "-m", "django", "db_worker", "--interval", str(interval)]
        restarts, backoff, last_purge = 0, 1.0, 0.0
        while not self.stopping:
            jobs.import_jobs_fail_orphans()
            for watchdog in jobs.WATCHDOGS:
                watchdog.on_start()
            child = subprocess.Popen(argv)
            started = time.monotonic()
            while not self.stopping and child.poll() is None:
                if time.monotonic() - last_purge > PURGE_EVERY:
                    jobs.import_jobs_purge()
                    last_purge = time.monotonic()
                overdue = jobs.import_jobs_overdue()
                if overdue:
                    self.stderr.write(f"导入任务超时，重启后台服务：{overdue}")
                    _stop_child(child)
                    jobs.import_jobs_fail_overdue(overdue)
                    break
                stuck = [item for w in jobs.WATCHDOGS for item in w.running_overdue()]
                if stuck:
                    self.stderr.write(f"后台任务超时，重启后台服务：{stuck}")
                    _stop_child(child)
                for watchdog in jobs.WATCHDOGS:
                    watchdog.fail_overdue()
                if stuck:
                    break
                time.sleep(CHECK_EVERY)
            if self.stopping:
                _stop_child(child)
                break
            restarts += 1
            self.stderr.write(f"后台服务已退出（返回码 {child.returncode}），正在重启")
            if max_restarts and restarts >= max_restarts:
                jobs.import_jobs_fail_orphans()
                break
            # A worker that dies at once is restarted slower and slower, not in a tight loop.
            backoff = 1.0 if time.monotonic() - started > 60 else min(backoff * 2, MAX_BACKOFF)
            time.sleep(backoff)

    def _stop(self, signum, frame):
        self.stopping = True


def _stop_child(child: subprocess.Popen) -> None:
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
