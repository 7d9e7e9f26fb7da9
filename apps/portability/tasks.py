"""Imports run on the default queue; the task takes the job id and calls one service."""

from celery import shared_task

from apps.portability import services


@shared_task(name="portability.import_run")
def import_run(job_id: int) -> dict[str, object]:
    job = services.import_run(job_id=job_id)
    return {"id": job.pk, "status": job.status, "counts": job.counts}
