"""The language a response is rendered in: the signed-in user's `ui_language`, else the
request's Accept-Language (Django's LocaleMiddleware), else English.

LocaleMiddleware runs before DRF authenticates a token, so API views that render text apply the
user's choice once authentication has run (`UserLanguageMixin.initial`). `ui_language` defaults
to "en" and an untouched default cannot be told from a choice, so only a non-default language
overrides the browser's.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from rest_framework.request import Request
from rest_framework.views import APIView


def user_language(user: Any) -> str | None:
    """The user's chosen interface language when it is one the product speaks."""
    code = str(getattr(user, "ui_language", "") or "").lower()
    default = settings.LANGUAGE_CODE.split("-")[0]
    supported = {lang for lang, _ in settings.LANGUAGES}
    return code if code in supported and code != default else None


class UserLanguageMixin(APIView):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        code = user_language(request.user) if request.user.is_authenticated else None
        if code is not None:
            translation.activate(code)
            request.LANGUAGE_CODE = code
