"""`fazhi import --township 青山镇 --ledger disputes FILE.xlsx [--dry-run]`: the same checks as the page."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from fazhi.core import ledgers
from fazhi.imports.importer import CONFLICT_POLICIES, import_workbook
from fazhi.imports.services import mapping_for
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.roles import Role


class Command(BaseCommand):
    help = "从Excel文件导入一个台账（全部行校验通过才写入）"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--township", required=True, help="乡镇名称、简称或区划代码（区名：区本级记录）")
        parser.add_argument("--ledger", required=True, help="台账，如 disputes")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument(
            "--on-conflict",
            choices=CONFLICT_POLICIES,
            default="stop",
            help="与已有记录冲突时：停止/跳过/更新",
        )
        parser.add_argument("--user", help="以该用户身份导入（默认：该乡镇的一名经办人）")

    def handle(self, *args, **opts):
        spec = ledgers.get(opts["ledger"])
        if spec is None:
            keys = "、".join(s.key for s in ledgers.all_ledgers())
            raise CommandError(f"没有台账“{opts['ledger']}”。可用：{keys}")
        name = opts["township"]
        named = Organisation.objects.filter(Q(name=name) | Q(short_name=name) | Q(code=name))
        # A district's name imports its own records (区本级), in the ledgers kept at district level.
        township = named.filter(kind=OrgKind.TOWNSHIP).first() or named.filter(kind=OrgKind.DISTRICT).first()
        if township is None:
            raise CommandError(f"没有乡镇“{name}”")
        if township.kind == OrgKind.DISTRICT and not spec.district_level:
            raise CommandError(f"{spec.label}台账只按乡镇登记，不能导入到{township.name}")
        user = self._user(opts.get("user"), township)
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        bars: dict[str, tqdm] = {}

        def progress(stage, done, total):
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(total=total, desc=stage, unit="行", file=self.stderr._out)
            bar.update(done - bar.n)

        result = import_workbook(
            spec=spec,
            township=township,
            user=user,
            content=path.read_bytes(),
            filename=path.name,
            dry_run=opts["dry_run"],
            on_conflict=opts["on_conflict"],
            mapping=mapping_for(township=township, ledger=spec.key),
            progress=progress,
        )
        for bar in bars.values():
            bar.close()
        for error in result.errors:
            self.stderr.write(str(error))
        for c in result.conflicts:
            self.stderr.write(f"第{c['row']}行 与已有记录 {c['number']} 冲突：{'、'.join(c['columns'])}不同")
        if result.errors or (result.conflicts and opts["on_conflict"] == "stop"):
            raise CommandError(
                result.summary()
                if result.errors
                else "存在冲突，未导入任何记录（可用 --on-conflict skip 或 update）"
            )
        self.stdout.write(("校验通过：" if opts["dry_run"] else "导入完成：") + result.summary())

    def _user(self, username, township):
        users = get_user_model().objects
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"没有用户“{username}”")
            return user
        role = Role.DISTRICT_REVIEWER if township.kind == OrgKind.DISTRICT else Role.TOWNSHIP_CLERK
        user = users.filter(role_assignments__role=role, role_assignments__organisation=township).first()
        if user is None:
            raise CommandError(f"{township.name}没有经办人账户，请用 --user 指定导入人")
        return user
