"""Figures about the running system that apps above analytics own (model versions and training
runs, the Telegram channel): each registers a reader at `AppConfig.ready()`, and the analytics
page's system panel (apps/analytics/system.py) asks this registry instead of importing them
(the layers of docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_FACTS: dict[str, Callable[[], Any]] = {}


def system_fact_register(name: str, read: Callable[[], Any]) -> None:
    """`name` is the panel's key ("models", "training_runs"; "providers" entries are merged)."""
    _FACTS[name] = read


def system_facts() -> dict[str, Any]:
    return {name: read() for name, read in sorted(_FACTS.items())}
