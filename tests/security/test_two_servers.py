"""#17, more than one machine: two app servers and one worker against one PostgreSQL database share the
work. Each process has a folder of its own (FAZHI_VAR_DIR), as on separate machines, so nothing can pass
through local files: a check started through one server shows its progress and result through the other,
the import confirmed there is written once, and an attachment uploaded through one downloads through the
other. Attachments and the uploaded workbook (encrypted) go through Django's STORAGES, here a folder all
three mount (FAZHI_MEDIA_ROOT): the worker reads the file server A wrote."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from fazhi.core.models import Attachment
from fazhi.disputes.models import Dispute
from fazhi.imports.bench import _township, build_workbook
from fazhi.imports.models import ImportJob
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
# Servers of one deployment share the personal-data keys (docs/security.md), as they share the database:
# here the test process's own, since it reads what they write.
SHARED_KEYS = {"FAZHI_DATA_KEY": settings.FAZHI_DATA_KEY, "FAZHI_INDEX_KEY": settings.FAZHI_INDEX_KEY}
ROWS = 10_000
pytestmark = pytest.mark.django_db(transaction=True)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(var_dir: Path, media: Path) -> dict:
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "FAZHI_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.development",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        FAZHI_VAR_DIR=str(var_dir),
        FAZHI_MEDIA_ROOT=str(media),
        **SHARED_KEYS,
    )
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture
def servers():
    """Two gunicorn servers and one `fazhi worker`, each with its own var folder, on one database."""
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share a PostgreSQL database")
    base = Path(tempfile.mkdtemp(prefix="fazhi-two-"))
    media = base / "shared-media"
    python = sys.executable
    # `migrate` creates the cache tables (the schema itself is there already: --fake).
    subprocess.run(
        [python, "manage.py", "migrate", "--fake", "--noinput", "-v0"],
        cwd=ROOT,
        env=_env(base / "setup", media),
        check=True,
        timeout=600,
    )
    procs, urls = [], []
    try:
        for name in ("a", "b"):
            port = _port()
            procs.append(
                subprocess.Popen(
                    [python, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
                    + ["--workers", "1", "--threads", "4", "--timeout", "300"],
                    cwd=ROOT,
                    env=_env(base / name, media),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        procs.append(
            subprocess.Popen(
                [python, "manage.py", "worker", "--interval", "0.5"],
                cwd=ROOT,
                env=_env(base / "worker", media),
                stdout=subprocess.DEVNULL,
                # Kept, so that a failed job's traceback is shown with the failing assertion.
                stderr=open(base / "worker.log", "wb"),  # noqa: SIM115 - closed with the process
                # Its own process group, so the test can pause it with the parsing child it starts.
                start_new_session=True,
            )
        )
        deadline = time.monotonic() + 300
        for url in urls:
            while True:
                try:
                    if requests.get(f"{url}/login/", timeout=60).status_code == 200:
                        break
                except requests.RequestException:  # not listening yet, or still loading
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.5)
        procs[-1].log = base / "worker.log"
        yield urls, procs[-1], media
    finally:
        with contextlib.suppress(ProcessLookupError):  # a test may leave the worker paused
            os.killpg(procs[-1].pid, signal.SIGCONT)
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def _csrf(session, url) -> str:
    page = session.get(url, timeout=60)
    assert page.status_code == 200, (url, page.status_code)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _step(worker, seconds: float) -> None:
    """Let the paused worker (and its children) run for a moment, then pause it again."""
    os.killpg(worker.pid, signal.SIGCONT)
    time.sleep(seconds)
    os.killpg(worker.pid, signal.SIGSTOP)


def test_a_job_started_on_one_server_is_seen_on_the_other(servers):
    (a, b), worker, media = servers
    township, clerk = _township()
    # The servers run with the production hashers, not the tests' fast one.
    hasher = PBKDF2PasswordHasher()
    clerk.password = hasher.encode(f.PASSWORD, hasher.salt())
    clerk.save()
    content = build_workbook(ROWS, [f"测速{i}村" for i in range(10)])
    web = requests.Session()
    signed_in = web.post(
        f"{a}/login/",
        {
            "username": clerk.username,
            "password": f.PASSWORD,
            "csrfmiddlewaretoken": _csrf(web, f"{a}/login/"),
        },
        timeout=60,
    )
    assert signed_in.status_code == 200 and "/login/" not in signed_in.url, signed_in.url

    # The check (a background job) is started through server A...
    # The worker is paused and let run in short steps, each followed by a look through B: however fast
    # the machine, B is asked while the check is running, not only after it has finished.
    os.killpg(worker.pid, signal.SIGSTOP)
    started = web.post(
        f"{a}/imports/disputes/",
        {"township": township.pk, "csrfmiddlewaretoken": _csrf(web, f"{a}/imports/disputes/")},
        files={"file": ("纠纷.xlsx", content)},
        allow_redirects=False,
        timeout=120,
    )
    assert started.status_code == 302, started.status_code
    path = started.headers["Location"]
    job = ImportJob.objects.get(pk=int(path.rstrip("/").rsplit("/", 1)[1]))
    # The uploaded file is in the shared folder, encrypted, where the worker (another machine) reads it.
    stored = (media / job.upload.name).read_bytes()
    assert job.upload.name.startswith("imports/") and stored.startswith(b"v1:t1:")
    assert len(stored) == len(b"v1:t1:") + 12 + len(content) + 16  # nonce, AES-GCM ciphertext, tag
    assert not list((media.parent / "a").rglob("*.bin"))  # nothing in server A's own folder

    # ...and followed through server B: the progress the worker writes, then the result.
    seen = set()
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline:
            _step(worker, 0.05)
            page = web.get(f"{b}{path}", headers={"HX-Request": "true", "X-Fazhi-Poll": "1"}, timeout=60)
            assert page.status_code == 200
            progress = re.search(r"已处理 (\d+) / (\d+)", page.text)
            if progress:
                seen.add((int(progress.group(1)), int(progress.group(2))))
            if "alert-success" in page.text or "alert-danger" in page.text:
                break
    finally:
        os.killpg(worker.pid, signal.SIGCONT)
    assert "alert-success" in page.text, (page.text[:2000], worker.log.read_text(errors="replace")[-6000:])
    assert seen and all(total == ROWS for _, total in seen)  # progress while it ran, seen through B
    job.refresh_from_db()
    assert job.status == "done" and job.result["total"] == ROWS

    # The import itself, confirmed through B, is followed through A to its end.
    confirmed = web.post(
        f"{b}{path}confirm/",
        {"csrfmiddlewaretoken": _csrf(web, f"{b}{path}")},
        allow_redirects=False,
        timeout=60,
    )
    assert confirmed.status_code == 302
    second = confirmed.headers["Location"]
    while time.monotonic() < deadline:
        page = web.get(f"{a}{second}", timeout=60)
        if "alert-success" in page.text or "alert-danger" in page.text:
            break
        time.sleep(0.5)
    assert "alert-success" in page.text, page.text[:2000]
    assert Dispute.objects.filter(township=township).count() == ROWS

    # An attachment uploaded through A downloads through B.
    record = Dispute.objects.filter(township=township).order_by("pk").first()
    detail = f"/ledger/disputes/{record.pk}/"
    uploaded = web.post(
        f"{a}{detail}attachments/",
        {"kind": "other", "csrfmiddlewaretoken": _csrf(web, f"{a}{detail}")},
        files={"file": ("现场记录.txt", "现场记录：两户已和解".encode())},
        allow_redirects=False,
        timeout=60,
    )
    assert uploaded.status_code == 302, uploaded.status_code
    attachment = Attachment.objects.get(object_id=record.pk)
    downloaded = web.get(f"{b}/ledger/disputes/{record.pk}/attachments/{attachment.pk}/", timeout=60)
    assert downloaded.status_code == 200 and downloaded.content == "现场记录：两户已和解".encode()
