"""Who may call the admin API: staff holding the model permissions the view names per method.

`is_staff` alone opens nothing: a view lists, for each HTTP method, the permissions it needs
(`required_perms`), and the Curators group (apps/curation/roles.py) holds them. HEAD and OPTIONS
need what GET needs, or else what the view's first method needs.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


def required_for(view: Any, method: str) -> tuple[str, ...] | None:
    perms: dict[str, tuple[str, ...]] = getattr(view, "required_perms", {})
    if method in perms:
        return perms[method]
    if method in ("HEAD", "OPTIONS") and perms:
        return perms.get("GET") or next(iter(perms.values()))
    return None


class HasModelPermissions(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        required = required_for(view, request.method or "")
        return required is not None and user.has_perms(required)


def require_perms(request: Request, perms: tuple[str, ...]) -> None:
    """403 unless the caller holds `perms` (for checks that depend on the request's body)."""
    if not request.user.has_perms(perms):
        raise PermissionDenied(
            _("You do not have permission for this action."), code="permission_denied"
        )
