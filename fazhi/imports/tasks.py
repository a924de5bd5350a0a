"""Background work: long imports run in the django-tasks worker (`manage.py db_worker`)."""

from django_tasks import task

from .services import import_job_run


@task()
def run_import(job_id: int) -> dict:
    job = import_job_run(job_id=job_id)
    return {"status": job.status}
