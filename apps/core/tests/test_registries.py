"""The two registries cover every table: a new model with a relation to the user or to a title
fails here until its app registers it (apps/*/lifecycle.py)."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import ForeignKey, Model

from apps.catalog.models import Content
from apps.core import personal_data, title_merge


def _relations_to(target: type[Model]) -> set[tuple[type[Model], str]]:
    """Every concrete foreign key or one-to-one to `target`, many-to-many through tables included
    (their foreign keys are concrete fields of the through model)."""
    return {
        (model, field.name)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if isinstance(field, ForeignKey) and field.related_model is target
    }


def test_every_table_that_refers_to_a_person_is_exported_or_erased():
    found = {model for model, _field in _relations_to(get_user_model())}
    entries = personal_data.personal_data()

    assert len(found) >= 18  # the walk sees the whole project, contrib apps included
    assert {m._meta.label for m in personal_data.covered_models()} == {m._meta.label for m in found}
    for entry in entries:
        if entry.models:
            assert entry.erase is not None, entry.section
        assert entry.export is not None or entry.not_exported, entry.section


def test_every_relation_to_a_title_is_moved_or_declared_dropped_on_merge():
    found = {f"{model._meta.label}.{field}" for model, field in _relations_to(Content)}
    references = title_merge.title_references()

    assert len(found) >= 15
    assert {reference.key for reference in references} == found
    for reference in references:
        assert reference.move is not None or reference.dropped_because, reference.key


def test_a_section_registered_twice_or_without_a_reason_is_refused():
    with pytest.raises(ValueError, match="twice"):
        personal_data.register_personal_data(
            section="ratings", erase=lambda user_id: None, export=lambda user_id: []
        )
    with pytest.raises(ValueError, match="why"):
        personal_data.register_personal_data(section="new", erase=lambda user_id: None)
    with pytest.raises(ValueError, match="eraser"):
        personal_data.register_personal_data(
            section="new", erase=None, export=lambda user_id: [], models=(Content,)
        )


def test_a_relation_registered_twice_or_dropped_without_a_reason_is_refused(monkeypatch):
    monkeypatch.setattr(title_merge, "_references", dict(title_merge._references))
    with pytest.raises(ValueError, match="twice"):
        title_merge.register_title_mover(Content.genres.through, "content")
    with pytest.raises(ValueError, match="why"):
        title_merge.register_title_dropped(Content.genres.through, "genre", because="")

    title_merge.register_title_dropped(Content.genres.through, "genre", because="a test")

    dropped = [r for r in title_merge.title_references() if r.dropped_because]
    assert [(r.key, r.move) for r in dropped] == [("catalog.Content_genres.genre", None)]
