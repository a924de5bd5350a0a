from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import crypto
from fazhi.core.rotation import add_key_to_file, reencrypt_all


class Command(BaseCommand):
    help = (
        "个人信息密钥轮换：把主表和历史表中所有加密字段、保存的导入文件重新加密为当前密钥，并重算盲索引。"
        "--new-key 先在密钥文件中生成新密钥并设为当前密钥（使用环境变量 FAZHI_DATA_KEY 时，把新密钥放在第一位后运行本命令）"
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="在密钥文件中生成新密钥并设为当前密钥")
        parser.add_argument("--batch", type=int, default=1000, help="每批重新加密的行数（每批单独提交）")

    def handle(self, *args, new_key, batch, **options):
        if batch < 1:
            raise CommandError("--batch 至少为 1")
        if new_key:
            if settings.FAZHI_DATA_KEY:
                raise CommandError(
                    "数据密钥来自环境变量 FAZHI_DATA_KEY：请把新密钥以“编号:base64”放在第一位，再运行本命令"
                )
            self.stdout.write(f"新密钥 {add_key_to_file()} 已设为当前密钥")
        ring = crypto.keyring()
        self.stdout.write(f"当前密钥 {ring.current}（{ring.cipher}）")

        def progress(name, count):
            self.stdout.write(f"{name}：重新加密 {count} 行")

        total = sum(reencrypt_all(batch=batch, progress=progress).values())
        self.stdout.write(f"完成：共重新加密 {total} 行；旧密钥可在确认备份后从密钥配置中移除")
