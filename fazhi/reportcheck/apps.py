from django.apps import AppConfig


class ReportcheckConfig(AppConfig):
    name = "fazhi.reportcheck"
    verbose_name = "报告检查"

    def ready(self):
        # reports sits below this app: it reaches the check only through what is registered here.
        from django.apps import apps

        if not apps.is_installed("fazhi.reports"):
            return
        from fazhi.reports.checking import Checker, register_checker

        from . import drafts, submissions

        register_checker(
            Checker(
                findings=drafts.findings,
                check_version=submissions.check_version,
                archive_accepted=submissions.archive_accepted,
            )
        )
