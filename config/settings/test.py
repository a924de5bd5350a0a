"""Settings for pytest: fast password hashing, files under a temporary folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="fazhi-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders in tests (no collectstatic), so WhiteNoise has nothing to serve.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# A file, not SQLite's shared-cache memory database: concurrent-writer tests then meet the same WAL,
# IMMEDIATE transactions and busy timeout as production instead of shared-cache table locks.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test run (xdist workers add their own suffix), so parallel runs never share a file.
    _run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:8]
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-fazhi-{_run}.sqlite3")}  # noqa: F405

# Tasks run at once, inside the test, instead of waiting for a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Tests run the import in the test's own process: progress kept in its memory, never shared, and no
# second database alias for the cache tables (tests/test_two_servers.py runs real servers for that).
DATABASES.pop("cache", None)  # noqa: F405
DATABASE_ROUTERS: list[str] = []
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "progress"},
}

# Fixed test keys: every test process (xdist workers, subprocesses) reads the same rows.
FAZHI_DATA_KEY = "t1:" + "dGVzdC1kYXRhLWtleS0wMDAwMDAwMDAwMDAwMDAwMDA="
FAZHI_INDEX_KEY = "dGVzdC1pbmRleC1rZXktMDAwMDAwMDAwMDAwMDAwMDA="
FAZHI_KEY_AUTOCREATE = False
