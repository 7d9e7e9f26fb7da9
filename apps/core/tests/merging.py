"""For each app's tests of its merge movers: run the mover registered for one relation."""

from django.db.models import Model

from apps.core.title_merge import title_reference


def run_mover(key: str, *, source: Model, target: Model) -> None:
    """Move the rows of relation `key` ("app_label.Model.field") from `source` to `target`."""
    move = title_reference(key).move
    assert move is not None, f"{key} is declared dropped, not moved"
    move(source.pk, target.pk)
