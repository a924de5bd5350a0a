from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.services import audit_purge, audit_verify


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链；purge 删除超过保存期限（至少183天）的记录"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "purge"])

    def handle(self, *args, action, **options):
        if action == "purge":
            self.stdout.write(f"已删除 {audit_purge()} 条超过保存期限的审计记录")
            return
        count, broken = audit_verify()
        if broken is not None:
            pk, reason = broken
            raise CommandError(f"审计日志校验失败：第一处断链在记录 {pk}：{reason}（已检查 {count} 条）")
        self.stdout.write(f"审计日志完整：{count} 条记录的哈希链校验通过")
