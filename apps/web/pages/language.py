from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.accounts.services import profile_update
from apps.web.pages.account import remember_language
from apps.web.pages.common import safe_next, viewer


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the UI language: kept in a cookie and, when signed in, in the user's ui_language."""
    code = request.POST.get("language", "")
    response = redirect(safe_next(request, "/"))
    if code not in dict(settings.LANGUAGES):
        return response
    user = viewer(request)
    if user is not None and user.ui_language != code:
        profile_update(user=user, data={"ui_language": code})
    return remember_language(response, code)
