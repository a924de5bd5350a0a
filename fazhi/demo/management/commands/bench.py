import json

from django.core.management.base import BaseCommand

from fazhi.demo.bench import GOALS, run
from fazhi.district.bench import GOALS as DISTRICT_GOALS


class Command(BaseCommand):
    help = "测量：全区规模数据下报告、列表、统计口径、导入是否仍与单个乡镇一样快（先运行 fazhi demo --townships 50 --years 10）"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="输出一个JSON对象")
        parser.add_argument("--repeat", type=int, default=7, help="每项重复次数（取中位数/p95）")
        parser.add_argument("--import-rows", type=int, default=100_000, help="导入测量的工作簿行数")
        parser.add_argument("--district", action="store_true", help="只测区级总览的三项（较快）")
        parser.add_argument(
            "--keep-small",
            action="store_true",
            help="保留只有演示区的小库，下次测量直接使用（不再重建演示数据）",
        )
        parser.add_argument(
            "--encryption",
            action="store_true",
            help="只测个人信息加密的代价：列表与查看完整信息的p95，加密存储÷同样的行以明文存储",
        )
        parser.add_argument(
            "--no-small",
            action="store_true",
            help="不另建只有演示区的新库（规模比值须与在演示库上的另一次测量相除得出）",
        )

    def handle(
        self,
        *args,
        json: bool,
        repeat: int,
        import_rows: int,
        district: bool,
        no_small: bool,
        keep_small: bool,
        encryption: bool,
        **options,
    ):
        if encryption:
            from fazhi.demo.encbench import measure

            self.stdout.write(_dumps({**measure(repeat), "repeat": repeat}))
            return
        result = run(
            repeat=repeat,
            import_rows=import_rows,
            district_only=district,
            small=not no_small,
            keep_small=keep_small,
        )
        if json or district:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(
            f"数据库：{result['database']['engine']} {result['database']['version']}；CPU {result['cpu_count']} 核"
        )
        self.stdout.write(
            f"规模：全量 {result['records']['full']} 条记录/{result['townships']['full']} 个乡镇；"
            f"小规模 {result['records']['small']} 条/{result['townships']['small']} 个乡镇"
        )
        self.stdout.write(f"{'指标':<28}{'比值':>8}{'目标':>8}  结论")
        for key, goal in {**GOALS, **DISTRICT_GOALS}.items():
            value = result[key]
            self.stdout.write(f"{key:<28}{value:>8.2f}{goal:>8.2f}  {'达标' if value <= goal else '未达标'}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
