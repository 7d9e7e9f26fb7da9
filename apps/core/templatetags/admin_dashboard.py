"""`{% admin_dashboard %}`: the blocks of apps/core/dashboard.py the signed-in user may see."""

from __future__ import annotations

from typing import Any

from django import template

from apps.core.dashboard import dashboard_for

register = template.Library()


@register.inclusion_tag("admin/dashboard/blocks.html", takes_context=True)
def admin_dashboard(context: template.Context) -> dict[str, Any]:
    return {"blocks": dashboard_for(context["request"].user), "request": context["request"]}
