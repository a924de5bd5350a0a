from django.apps import AppConfig


class ReportcheckConfig(AppConfig):
    name = "fazhi.reportcheck"
    verbose_name = "报告检查"

    def ready(self):
        # reports sits below this app: it reaches the check only through what is registered here.
        from django.apps import apps

        from fazhi.imports.jobs import Watchdog, register_watchdog

        from . import jobs

        # `fazhi worker` fails checks left running or overdue, and restarts a worker stuck in one.
        register_watchdog(Watchdog(jobs.fail_orphans, jobs.overdue_running, jobs.fail_overdue))
        if not apps.is_installed("fazhi.reports"):
            return
        from fazhi.reports.checking import Checker, register_checker

        from . import drafts, submissions

        register_checker(
            Checker(
                queue_findings=drafts.queue_findings,
                findings_state=drafts.findings_state,
                queue_submission_check=submissions.queue_submission_check,
                states=submissions.states,
                archive_accepted=submissions.archive_accepted,
            )
        )
