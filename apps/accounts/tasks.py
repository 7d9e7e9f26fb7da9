from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from apps.accounts.email_messages import render


@shared_task(
    name="accounts.send_account_email",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def send_account_email(*, kind: str, user_id: int, params: dict[str, Any]) -> None:
    """Render one account e-mail now (its link made now) and send it through EMAIL_BACKEND.

    The outbox row and the broker message carry only `kind`, `user_id` and non-secret `params`.
    """
    message = render(kind=kind, user_id=user_id, params=params)
    if message is not None:
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
