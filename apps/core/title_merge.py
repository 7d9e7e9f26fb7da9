"""What happens to the rows that refer to a title when curators merge two titles.

Each app that refers to `catalog.Content` registers, from its AppConfig.ready(), one mover per
relation (its own rows move from the duplicate to the title kept, resolving its own unique
constraints), or declares the relation deliberately dropped with the reason. The merge service
calls `move_title_references` inside its transaction and names no other app's tables; a test walks
every relation to `Content` through `_meta` and fails on one that is neither moved nor dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


# (source_id, target_id): re-point this app's rows from the duplicate to the title kept.
Mover = Callable[[int, int], None]
# (duplicate's row, kept title's row) -> the row to delete, or None when both may stay; it may
# change the kept row in memory (repoint saves it).
Resolver = Callable[[M, M], Model | None]


@dataclass(frozen=True)
class TitleReference:
    model: type[Model]
    field: str
    move: Mover | None = None
    # Why the duplicate's rows may go with it (required when `move` is None).
    dropped_because: str = ""

    @property
    def key(self) -> str:
        return f"{self.model._meta.label}.{self.field}"


_references: dict[str, TitleReference] = {}


def _register(reference: TitleReference) -> None:
    if reference.key in _references:
        raise ValueError(f"{reference.key} is registered twice")
    _references[reference.key] = reference


def register_title_mover(
    model: type[M],
    field: str,
    *,
    unique_with: tuple[str, ...] = (),
    resolve: Resolver[M] | None = None,
) -> None:
    """On a merge, `model`'s rows move from the duplicate to the kept title (`repoint`, with
    `resolve` settling the pairs a unique constraint on `field` + `unique_with` would refuse)."""

    def move(source_id: int, target_id: int) -> None:
        repoint(
            model,
            field,
            source_id=source_id,
            target_id=target_id,
            unique_with=unique_with,
            resolve=resolve,
        )

    _register(TitleReference(model=model, field=field, move=move))


def register_title_dropped(model: type[Model], field: str, *, because: str) -> None:
    if not because:
        raise ValueError(f"{model._meta.label}.{field}: say why it is dropped")
    _register(TitleReference(model=model, field=field, dropped_because=because))


def title_references() -> tuple[TitleReference, ...]:
    return tuple(_references.values())


def title_reference(key: str) -> TitleReference:
    """The registered handling of one relation, by "app_label.Model.field"."""
    return _references[key]


def move_title_references(*, source_id: int, target_id: int) -> None:
    """Run every mover; the caller holds the transaction (a failure rolls the whole merge back)."""
    for reference in _references.values():
        if reference.move is not None:
            reference.move(source_id, target_id)


def repoint(
    model: type[M],
    field: str,
    *,
    source_id: int,
    target_id: int,
    unique_with: tuple[str, ...] = (),
    resolve: Resolver[M] | None = None,
) -> None:
    """Move `model` rows whose `field` is the duplicate to the title kept. Where a row of each
    shares the values of `unique_with` (the other columns of a unique constraint with `field`),
    `resolve(duplicate_row, kept_row)` settles the pair first: it may change the kept row in
    memory (saved here, in bulk) and names the row to delete where the constraint would not let
    both stay (deleted here, in bulk)."""
    column = f"{field}_id"
    manager = model._default_manager
    if unique_with:
        assert resolve is not None, "a unique constraint needs a resolver"
        first = unique_with[0]
        # only the kept title's rows that may collide: those sharing the first column's value
        theirs = manager.filter(**{column: source_id}).values(first)
        kept = {
            tuple(getattr(row, name) for name in unique_with): row
            for row in manager.filter(**{column: target_id, f"{first}__in": theirs})
        }
        ours = manager.filter(**{column: target_id}).values(first)
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        doomed, changed, touched = [], [], set()
        for row in manager.filter(**{column: source_id, f"{first}__in": ours}):
            twin = kept.get(tuple(getattr(row, name) for name in unique_with))
            if twin is None:
                continue
            before = [getattr(twin, name) for name in names]
            loser = resolve(row, twin)
            if loser is not None:
                doomed.append(loser.pk)
            moved = {n for n, v in zip(names, before, strict=True) if getattr(twin, n) != v}
            if moved and loser is not twin:
                changed.append(twin)
                touched |= moved
        for start in range(0, len(doomed), 1000):
            manager.filter(pk__in=doomed[start : start + 1000]).delete()
        if changed:
            manager.bulk_update(changed, sorted(touched), batch_size=1000)
    manager.filter(**{column: source_id}).update(**{column: target_id})


def keep_least(attr: str, *, fill: tuple[str, ...] = ()) -> Resolver[Model]:
    """A resolver for `repoint`: the kept title's row stays, with the smaller `attr` of the two
    (the earlier date, the higher position) and each `fill` field it has empty taken from the
    duplicate's row; the duplicate's row goes."""

    def resolve(duplicate: Model, kept: Model) -> Model:
        setattr(kept, attr, min(getattr(kept, attr), getattr(duplicate, attr)))
        for name in fill:
            setattr(kept, name, getattr(kept, name) or getattr(duplicate, name))
        return duplicate

    return resolve
