from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.backup.services import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库（SQLite 在线备份或 pg_dump）和附件到一个 .tar.gz 文件（权限 0600）"

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.VAR_DIR / "backups"), help="备份目录")

    def handle(self, *args, output, **options):
        try:
            archive = backup_create(output_dir=Path(output))
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"备份完成：{archive}")
