"""#17, more than one machine: by default the cache and import progress live in the database (tables that
`migrate` creates), reached through their own connection; REDIS_URL moves them to Redis; FAZHI_S3_BUCKET
moves attachments to an S3-compatible store. Nothing is kept in files under var/ that another server
would need."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
default_storage = storages["default"]
from django.db import router
from django.core.cache.backends.db import BaseDatabaseCache
print(json.dumps({
    "caches": {a: type(caches[a]).__name__ for a in settings.CACHES},
    "cache_db": router.db_for_write(caches["progress"].cache_model_class)
    if isinstance(caches["progress"], BaseDatabaseCache) else None,
    "cache_engine": settings.DATABASES.get("cache", {}).get("ENGINE"),
    "storage": type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
    "auth": getattr(default_storage, "querystring_auth", None),
    "media": str(settings.MEDIA_ROOT),
}))
"""


def _show(**env) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FAZHI_", "REDIS_"))}
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.development", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_by_default_cache_and_progress_are_database_tables_on_their_own_connection(tmp_path):
    shown = _show(FAZHI_VAR_DIR=str(tmp_path), DATABASE_URL="postgres://fazhi@127.0.0.1:5432/fazhi")
    assert shown["caches"] == {"default": "DatabaseCache", "progress": "DatabaseCache"}
    assert shown["cache_db"] == "cache" and shown["cache_engine"] == "django.db.backends.postgresql"
    assert shown["storage"] == "FileSystemStorage"
    # SQLite: the cache tables in a file of their own, so a progress write never waits for an import.
    sqlite = _show(FAZHI_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/fazhi.sqlite3")
    assert sqlite["cache_db"] == "cache" and sqlite["cache_engine"] == "django.db.backends.sqlite3"


def test_redis_and_s3_when_configured(tmp_path):
    shown = _show(
        FAZHI_VAR_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/0",
        FAZHI_S3_BUCKET="fazhi-files",
        FAZHI_S3_ENDPOINT_URL="https://oss.example.gov.cn",
        FAZHI_S3_ACCESS_KEY="k",
        FAZHI_S3_SECRET_KEY="s",
    )
    assert shown["caches"] == {"default": "RedisCache", "progress": "RedisCache"}
    assert shown["storage"] == "S3Storage" and shown["bucket"] == "fazhi-files" and shown["auth"] is True


def test_attachments_folder_can_be_a_shared_mount(tmp_path):
    shown = _show(FAZHI_VAR_DIR=str(tmp_path), FAZHI_MEDIA_ROOT=str(tmp_path / "nfs" / "media"))
    assert shown["media"] == str(tmp_path / "nfs" / "media")
