from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.orgs.models import ApiToken, User


class Command(BaseCommand):
    help = "为用户创建一个API令牌并打印（只显示这一次）"

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="用户名")
        parser.add_argument("--name", default="命令行创建", help="令牌名称")

    def handle(self, *args, user, name, **options):
        account = User.objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"用户“{user}”不存在或已停用")
        _, raw = ApiToken.issue(account, name)
        audit_record(user=account, action=AuditAction.TOKEN, detail="命令行创建API令牌")
        self.stdout.write(raw)
