from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from fazhi.backup.services import BackupError, backup_restore, restore_check


class Command(BaseCommand):
    help = "把 `fazhi backup` 的备份恢复到当前配置的空数据库，并核对每张表的行数、校验和与审计日志哈希链"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件 .tar.gz")

    def handle(self, *args, archive, **options):
        connection = connections["default"]
        if connection.vendor != "sqlite" and connection.introspection.table_names():
            raise CommandError("目标数据库不是空的：恢复只写入空数据库")
        connection.close()
        try:
            manifest = backup_restore(archive=Path(archive), db=connection.settings_dict)
        except BackupError as exc:
            raise CommandError(str(exc))
        problems = restore_check(manifest=manifest, connection=connection)
        if problems:
            raise CommandError("恢复后核对不一致：\n" + "\n".join(problems))
        self.stdout.write(f"恢复完成：{len(manifest['tables'])} 张表与备份一致，审计日志哈希链完整")
