"""Small helpers the site's views share."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from apps.web.viewing import viewer

__all__ = ["safe_next", "to_signin", "viewer"]


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def to_signin(request: HttpRequest, next_url: str) -> HttpResponse:
    """Send a visitor to sign in; an htmx request is told to navigate the whole page."""
    url = f"{reverse('web:signin')}?next={next_url}"
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
