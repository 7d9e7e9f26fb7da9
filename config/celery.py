"""Celery application; configuration is read from Django settings (CELERY_* names)."""

import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging, task_postrun, task_prerun

from apps.core.heartbeat import worker_heartbeat_record
from apps.core.request_context import request_id_var

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("cinerec")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect(weak=False)
def _django_logging(**_: Any) -> None:
    """Workers log through Django's LOGGING (its secrets filter included) instead of Celery
    replacing the root handlers with its own."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@task_prerun.connect(weak=False)
def _bind_task_id(task_id: str | None = None, **_: Any) -> None:
    """Log lines written by a task carry its task id where a request carries its request id."""
    request_id_var.set(task_id or "-")


@task_postrun.connect(weak=False)
def _heartbeat(task: Any = None, **_: Any) -> None:
    """A worker that finished a task is alive (apps/core/heartbeat.py); eager runs are not workers."""
    request = getattr(task, "request", None)
    if request is not None and not request.is_eager:
        worker_heartbeat_record(hostname=request.hostname or "")
