"""Backup and restore: one .tar.gz holding the database (SQLite's online backup, or pg_dump), the media
files and a manifest of per-table row counts and checksums, so a restore can be proved identical."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.utils import load_backend
from django.utils import timezone

from fazhi.audit.chain import FIELDS, first_broken

MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


def connect(db: dict):
    """A connection to a database described by a DATABASES entry, outside Django's registry of aliases."""
    return load_backend(db["ENGINE"]).DatabaseWrapper(
        {**connections["default"].settings_dict, **db}, "restored"
    )


def table_fingerprints(connection) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": digest of every row in a fixed order}} for the database's tables."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names from introspection
            ncols = len(cursor.description)
            order = ", ".join(str(i) for i in range(1, ncols + 1))
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            digest, rows = hashlib.sha256(), 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(row)).encode())
                rows += 1
            result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def audit_chain_break(connection):
    """The audit chain's first broken link in the database behind `connection` (the ORM's converters apply)."""
    from fazhi.audit.models import AuditEvent

    compiler = (
        AuditEvent.objects.order_by("pk").values_list(*FIELDS).query.get_compiler(connection=connection)
    )
    return first_broken(dict(zip(FIELDS, row, strict=True)) for row in compiler.results_iter())


def _pg_env(db: dict) -> dict:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def _run(cmd: list[str], db: dict) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"找不到 {cmd[0]}：请安装与数据库服务器版本一致的 postgresql-client")
    done = subprocess.run(cmd, env=_pg_env(db), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} 失败：{done.stderr.strip()[:500]}")


def _dump_database(alias: str, folder: Path) -> str:
    connection = connections[alias]
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)  # the online backup API: consistent while others write
        copy.close()
        return target.name
    if connection.vendor == "postgresql":
        target = folder / "database.pgdump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *_pg_args(db)], db)
        return target.name
    raise BackupError(f"不支持的数据库：{connection.vendor}")


def backup_create(*, output_dir: Path, alias: str = "default", media_root: Path | None = None) -> Path:
    """Write fazhi-backup-<time>.tar.gz (mode 0600) into output_dir and return its path."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"fazhi-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="fazhi-backup-") as tmp:
        folder = Path(tmp)
        dump = _dump_database(alias, folder)
        manifest = {
            "created": timezone.now().isoformat(),
            "engine": connections[alias].vendor,
            "database": dump,
            "tables": table_fingerprints(connections[alias]),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        fd = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(folder / MANIFEST, arcname=MANIFEST)
            tar.add(folder / dump, arcname=dump)
            if media_root.exists():
                tar.add(media_root, arcname="media")
    return archive


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        if member.name.startswith("/") or ".." in Path(member.name).parts or member.issym() or member.islnk():
            raise BackupError(f"备份文件中有不安全的路径：{member.name}")
        yield member


def backup_restore(*, archive: Path, db: dict, media_root: Path | None = None) -> dict:
    """Restore into an empty database described by `db` (a DATABASES entry); returns the manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="fazhi-restore-") as tmp:
        folder = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, members=list(_safe_members(tar)))  # noqa: S202 - members checked above
        manifest = json.loads((folder / MANIFEST).read_text())
        dump = folder / manifest["database"]
        if db["ENGINE"].endswith("sqlite3"):
            target = Path(db["NAME"])
            if target.exists() and target.stat().st_size > 0:
                raise BackupError(f"目标数据库 {target} 已存在：恢复只写入空数据库")
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(dump, target)
            target.chmod(0o600)
        elif db["ENGINE"].endswith("postgresql"):
            _run(["pg_restore", "--no-owner", "--exit-on-error", *_pg_args(db), str(dump)], db)
        else:
            raise BackupError(f"不支持的数据库：{db['ENGINE']}")
        if (folder / "media").exists():
            media_root.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copytree(folder / "media", media_root, dirs_exist_ok=True)
    return manifest


def restore_check(*, manifest: dict, connection) -> list[str]:
    """Differences between the restored database and the manifest, plus a broken audit chain if any."""
    problems = []
    restored = table_fingerprints(connection)
    for table, expected in manifest["tables"].items():
        if restored.get(table) != expected:
            problems.append(
                f"表 {table} 不一致：备份 {expected['rows']} 行，恢复后 {restored.get(table, {}).get('rows')} 行"
            )
    broken = audit_chain_break(connection)
    if broken is not None:
        problems.append(f"审计日志断链：记录 {broken[0]}：{broken[1]}")
    return problems
