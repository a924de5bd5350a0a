from django.core.management.base import BaseCommand

from fazhi.demo.builder import build_demo


class Command(BaseCommand):
    help = "载入演示数据（虚构的云岭区）；已载入时不重复"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        result = build_demo(seed=seed)
        if result.created:
            self.stdout.write("已载入演示数据：云岭区（青山镇、清河镇、白云乡）")
        else:
            self.stdout.write("演示数据已存在，未重复载入")
        self.stdout.write("演示账户（密码均可在“我的账户”中修改）：")
        for username, password, label in result.accounts:
            self.stdout.write(f"  {label:<14}用户名 {username:<14}密码 {password}")
