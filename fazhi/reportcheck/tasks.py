"""Background work: report checks run in the django-tasks worker (`manage.py db_worker`), never in
the web request."""

from django_tasks import task

from .services import report_batch_check, report_file_recheck


@task()
def check_batch(batch: str) -> dict:
    rows = report_batch_check(batch=batch)
    return {"checked": len(rows)}


@task()
def check_filed(pk: int) -> dict:
    row = report_file_recheck(pk=pk)
    return {"status": row.status}


@task()
def run_check_job(pk: int) -> dict:
    from .jobs import job_run

    return {"status": job_run(pk).status}
