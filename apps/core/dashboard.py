"""The curators' admin home: blocks that each app registers (docs/curation.md).

Core owns only the shape. Every app registers its own block at `AppConfig.ready()` with a
selector that gathers what the block shows in a fixed number of queries, so the admin home
imports no app above core (the layers of docs/architecture.md) and each app owns its numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.utils.functional import Promise


@dataclass(frozen=True)
class DashboardBlock:
    """One block of the admin home, shown to users holding `permission` (app_label.codename)
    and rendered by the template admin/dashboard/<key>.html of the app that registers it."""

    key: str
    title: str | Promise
    permission: str
    gather: Callable[[], Mapping[str, Any]]
    order: int = 100

    @property
    def template(self) -> str:
        return f"admin/dashboard/{self.key}.html"


@dataclass(frozen=True)
class RenderedBlock:
    block: DashboardBlock
    data: Mapping[str, Any]


_BLOCKS: dict[str, DashboardBlock] = {}


def dashboard_block_register(block: DashboardBlock) -> None:
    """Add (or replace, by key) a block; called from an app's AppConfig.ready()."""
    _BLOCKS[block.key] = block


def dashboard_blocks() -> list[DashboardBlock]:
    return sorted(_BLOCKS.values(), key=lambda b: (b.order, b.key))


def dashboard_for(user: PermissionsMixin | AnonymousUser) -> list[RenderedBlock]:
    """The blocks this user may see, each with its data; the others are not even gathered."""
    return [
        RenderedBlock(block, block.gather())
        for block in dashboard_blocks()
        if user.has_perm(block.permission)
    ]
