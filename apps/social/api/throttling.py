"""Per-user limit on writing reviews, votes, reports and lists: its own rate, apart from the
general API throttle (REVIEW_WRITE_RATE, default 20/hour)."""

from django.conf import settings

from apps.core.api.throttling import UserThrottle


class SocialWriteThrottle(UserThrottle):
    scope = "social_write"

    def get_rate(self) -> str | None:
        return str(getattr(settings, "REVIEW_WRITE_RATE", "20/hour"))
