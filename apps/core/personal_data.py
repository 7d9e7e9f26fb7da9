"""The one list of everything a person owns: what goes in their export and what goes with their
account.

Each app registers, from its AppConfig.ready(), one entry per kind of data it keeps about a person:
the tables it covers, an exporter (the export section's JSON-able value) and an eraser (delete or
anonymise). apps.portability's export and account deletion walk this list and name no other app's
tables; a test walks every relation to the user model through `_meta` and fails on a table no entry
covers. Exporters and erasers take the user's id, so this module needs no user model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

Exporter = Callable[[int], Any]
Eraser = Callable[[int], None]


@dataclass(frozen=True)
class PersonalData:
    section: str
    # None: the data sits on the user row itself, which account deletion removes last.
    erase: Eraser | None
    export: Exporter | None = None
    models: tuple[type[Model], ...] = ()
    # Why there is nothing to export (required when `export` is None).
    not_exported: str = ""


_entries: dict[str, PersonalData] = {}


def register_personal_data(
    *,
    section: str,
    erase: Eraser | None,
    export: Exporter | None = None,
    models: Iterable[type[Model]] = (),
    not_exported: str = "",
) -> None:
    """Declare one kind of personal data; registering a section twice is a programming error."""
    if export is None and not not_exported:
        raise ValueError(f"{section}: say why it is not exported")
    if erase is None and models:
        raise ValueError(f"{section}: its tables need an eraser")
    if section in _entries:
        raise ValueError(f"personal data section {section!r} is registered twice")
    _entries[section] = PersonalData(
        section=section,
        erase=erase,
        export=export,
        models=tuple(models),
        not_exported=not_exported,
    )


def personal_data() -> tuple[PersonalData, ...]:
    """Every registered entry, in registration order (app order in INSTALLED_APPS)."""
    return tuple(_entries.values())


def covered_models() -> set[type[Model]]:
    return {model for entry in _entries.values() for model in entry.models}


def erase_person(user_id: int) -> None:
    """Run every eraser; the caller deletes the user row next, in the same transaction (account
    deletion by the person, or by an admin)."""
    for entry in _entries.values():
        if entry.erase is not None:
            entry.erase(user_id)
