"""`fazhi check-report FILE|DIR [--township NAME_OR_CODE] [--json]`: check annual reports without
changing them. With --township the stated figures are compared with that township's records;
a folder's reports are also compared with each other and with the filed reports for copying."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.reportcheck.analysis import Peer, analyse, resolve_township, township_name_in
from fazhi.reportcheck.checks import check_text, format_text
from fazhi.reportcheck.loader import ReportLoadError, load_report

SUFFIXES = {".docx", ".txt", ".md"}


class Command(BaseCommand):
    help = "检查年度法治政府建设情况报告：结构、比率、序号、时限、与台账比对、雷同段落（不修改原文件）"

    def add_arguments(self, parser):
        parser.add_argument("path", help="报告文件（.docx/.txt/.md）或包含报告的文件夹")
        parser.add_argument("--township", help="乡镇名称或区划代码：与该乡镇在平台上的台账数据比对")
        parser.add_argument(
            "--json", action="store_true", help="输出JSON：单个文件一个对象，文件夹每个文件一行"
        )

    def handle(self, *args, path, township, json: bool, **options):
        target = Path(path)
        if not target.exists():
            raise CommandError(f"找不到文件或文件夹：{path}")
        org = None
        database = _database_ready()
        if township and not database:
            raise CommandError(
                "数据库尚未建立，无法与乡镇台账比对：请先运行 fazhi migrate（不带 --township 可只检查文字）"
            )
        if township:
            org = resolve_township(township)
            if org is None:
                raise CommandError(f"平台上没有乡镇“{township}”（可填写名称、简称或区划代码）")
        files = (
            sorted(p for p in target.iterdir() if p.suffix.lower() in SUFFIXES)
            if target.is_dir()
            else [target]
        )
        if target.is_dir() and not files:
            raise CommandError(f"文件夹中没有 .docx/.txt/.md 报告：{path}")
        failed = False
        loaded = []
        for file in files:
            try:
                loaded.append((file, load_report(file, file.name)))
            except ReportLoadError as exc:
                failed = True
                self.stderr.write(str(exc))
        peers = []
        for file, report in loaded:
            quick = check_text(report)
            name = org.name if org else township_name_in(quick)
            peers.append(Peer(f"{file.name}", name, quick.year, [p.norm for p in report.paragraphs]))
        for i, (file, report) in enumerate(loaded):
            result = analyse(
                report,
                township=org,
                township_name=peers[i].township_name,
                peers=peers[:i] + peers[i + 1 :],
                compare_filed=database,
            )
            if json:
                payload = result.to_json()
                if target.is_dir():
                    payload = {"file": file.name, **payload}
                self.stdout.write(_dumps(payload))
            else:
                if target.is_dir():
                    self.stdout.write(f"==== {file.name} ====")
                self.stdout.write(format_text(result))
        if failed:
            raise CommandError("部分文件无法读取")


def _database_ready() -> bool:
    """Whether the report check's tables exist (the text checks need no database)."""
    from django.db import DatabaseError, connection

    from fazhi.reportcheck.models import ReportFile

    try:
        return ReportFile._meta.db_table in connection.introspection.table_names()
    except DatabaseError:
        return False


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False)
