"""`fazhi report --township 青山镇 --year 2025 --format docx -o 报告.docx`: a township's report for a year;
`fazhi report --district 云岭区 --year 2025 …`: the district's own report (its townships plus 区本级).

Uses the latest saved version (or, with --approved, the latest approved one); without a saved draft it
drafts one from the records without saving it."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from fazhi.orgs.models import Organisation, OrgKind
from fazhi.reports import outputs, services
from fazhi.reports.models import Report


class Command(BaseCommand):
    help = "输出乡镇或区的年度法治政府建设情况报告（docx、md、html、txt）"

    def add_arguments(self, parser):
        place = parser.add_mutually_exclusive_group(required=True)
        place.add_argument("--township", help="乡镇名称、简称或区划代码")
        place.add_argument("--district", help="区名称、简称或区划代码：输出区本级向市委、市政府的年度报告")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["docx", "md", "html", "txt"], default="docx")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--approved", action="store_true", help="输出最近审批的版本")

    def handle(self, *args, **opts):
        kind, word = (OrgKind.DISTRICT, "区") if opts["district"] else (OrgKind.TOWNSHIP, "乡镇")
        name = (opts["district"] or opts["township"]).strip()
        matches = list(
            Organisation.objects.filter(kind=kind).filter(Q(name=name) | Q(short_name=name) | Q(code=name))
        )
        if not matches:
            raise CommandError(f"没有{word}“{name}”")
        if len(matches) > 1:
            raise CommandError(
                f"“{name}”对应多个{word}，请用区划代码："
                + "、".join(f"{m.name}（{m.code}）" for m in matches)
            )
        # A district's report is drafted from its townships and its own records (drafting.build_body).
        township, year = matches[0], opts["year"]
        try:
            services.check_year(year)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        report = Report.objects.filter(township=township, year=year).first()
        version = None
        if report is not None:
            version = (
                services.latest_approved(report) if opts["approved"] else services.latest_version(report)
            )
        if opts["approved"] and version is None:
            raise CommandError("该报告尚无审批的版本")
        if version is None:
            report = report or Report(township=township, year=year)
            version = services.unsaved_version(township, year)
        document = outputs.document_for(report, version, services.settings_for(township))
        path = Path(opts["output"])
        fmt = opts["format"]
        if fmt == "docx":
            path.write_bytes(outputs.to_docx(document))
        elif fmt == "md":
            path.write_text(outputs.to_markdown(document), encoding="utf-8")
        elif fmt == "txt":
            path.write_text(outputs.to_text(document), encoding="utf-8")
        else:
            link = lambda seg: outputs.figure_link(report, version, seg)  # noqa: E731
            path.write_text(outputs.to_html(document, link), encoding="utf-8")
        self.stdout.write(f"已输出 {path}")
