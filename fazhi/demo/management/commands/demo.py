import time

from django.core.management.base import BaseCommand, CommandError

from fazhi.demo.builder import build_demo
from fazhi.demo.scale import build_scale


class Command(BaseCommand):
    help = "载入演示数据（虚构的云岭区）；已载入时不重复。加 --townships 等参数生成测量用的大量数据"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--townships", type=int, default=0, help="另外生成的模拟乡镇数（测量用）")
        parser.add_argument("--years", type=int, default=10, help="每个模拟乡镇生成的年数")
        parser.add_argument("--scale", type=int, default=1, help="每年记录量相对演示乡镇的倍数")
        parser.add_argument("--end-year", type=int, default=None, help="生成数据的最后一年（默认去年）")

    def handle(self, *args, seed, townships, years, scale, end_year, **options):
        if townships < 0 or years < 1 or scale < 1:
            raise CommandError("乡镇数不能为负，年数和倍数至少为1")
        result = build_demo(seed=seed)
        if result.created:
            self.stdout.write("已载入演示数据：云岭区（青山镇、清河镇、白云乡）")
        else:
            self.stdout.write("演示数据已存在，未重复载入")
        if townships:
            started = time.perf_counter()
            self.stdout.write(f"生成 {townships} 个模拟乡镇 × {years} 年 × {scale} 倍 ……")
            scaled = build_scale(
                townships=townships, years=years, scale=scale, end_year=end_year, stdout=self.stdout
            )
            self.stdout.write(
                f"已生成 {scaled.records} 条记录、{scaled.children} 条子记录（另有同样数量的历史记录），"
                f"用时 {time.perf_counter() - started:.0f} 秒"
            )
        self.stdout.write("演示账户（密码均可在“我的账户”中修改）：")
        for username, password, label in result.accounts:
            self.stdout.write(f"  {label:<14}用户名 {username:<14}密码 {password}")
        self.stdout.write(
            "系统管理员、安全管理员、审计管理员和区级督查须使用双因素认证：首次登录时页面显示二维码和密钥，"
            "用手机验证器绑定即可。"
        )
