import os
from pathlib import Path

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _private_sqlite_file(sender, connection, **kwargs):
    # The embedded database holds personal data: readable by the service account only (0600), whatever
    # the umask it was created under.
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict.get("NAME") or "")
        if name and not name.startswith(":memory:") and "mode=memory" not in name and Path(name).exists():
            if os.stat(name).st_mode & 0o077:
                os.chmod(name, 0o600)


class BackupConfig(AppConfig):
    name = "fazhi.backup"
    verbose_name = "备份与恢复"

    def ready(self):
        connection_created.connect(_private_sqlite_file, dispatch_uid="fazhi-private-sqlite")
