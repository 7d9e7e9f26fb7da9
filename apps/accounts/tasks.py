from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(
    name="accounts.send_email",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def send_email(to: str, subject: str, body: str) -> None:
    """One plain-text message through EMAIL_BACKEND (SMTP from the environment in production)."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
