"""Shared storage in the database and each host's local, memory-mapped copy."""

import os
import time

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.accounts.tests.factories import UserFactory
from recommender.algorithms.ease import EaseConfig, EaseRecommender
from recommender.artifact_cache import local_path, materialise, prune
from recommender.artifact_store import DatabaseStorage
from recommender.artifacts import artifact_create, artifact_delete, artifact_load
from recommender.models import ArtifactChunk, ModelArtifact
from recommender.storage import MANIFEST
from recommender.tests.data import checkerboard

pytestmark = pytest.mark.django_db


def test_database_storage_round_trips_a_file_in_chunks():
    store = DatabaseStorage(chunk_bytes=1000)
    payload = os.urandom(2500)

    name = store.save("recommender/x/v1.npz", ContentFile(payload))

    assert ArtifactChunk.objects.filter(name=name).count() == 3
    assert store.exists(name)
    assert store.size(name) == 2500
    with store.open(name) as handle:
        assert handle.read() == payload
    assert store.save("recommender/x/v1.npz", ContentFile(b"")) != name  # never overwrites
    store.delete(name)
    assert not store.exists(name)
    with pytest.raises(FileNotFoundError):
        store.open(name)


def test_empty_file_exists_in_database_storage():
    store = DatabaseStorage()
    name = store.save("empty.npz", ContentFile(b""))
    assert store.exists(name)
    assert store.size(name) == 0


def test_artifact_bytes_live_in_the_database_not_in_media_root(settings):
    data = checkerboard()
    artifact = artifact_create(model=EaseRecommender().fit(data), data=data)

    assert ArtifactChunk.objects.filter(name=artifact.file.name).exists()
    assert not (settings.MEDIA_ROOT / artifact.file.name).exists()
    assert len(artifact.checksum) == 64
    assert artifact.file.size == artifact.size_bytes


def test_loading_unpacks_once_and_maps_the_local_copy(settings):
    data = checkerboard()
    model = EaseRecommender(EaseConfig(l2=10.0)).fit(data)
    artifact = ModelArtifact.objects.get(pk=artifact_create(model=model, data=data).pk)

    first = artifact_load(artifact)
    target = local_path(artifact)
    stamp = (target / MANIFEST).stat().st_mtime_ns
    second = artifact_load(artifact)

    assert target.parent == settings.ARTIFACT_CACHE_DIR
    assert target.name == f"{artifact.pk}-{artifact.checksum[:16]}"
    assert (target / MANIFEST).stat().st_mtime_ns == stamp  # not unpacked again
    assert isinstance(second.weights_.base, np.memmap)
    assert first.recommend(user_id=5, n=3) == model.recommend(user_id=5, n=3)
    assert sorted(p.name for p in settings.ARTIFACT_CACHE_DIR.iterdir()) == [
        f".{target.name}.lock",
        target.name,
    ]


def test_a_file_that_does_not_match_its_checksum_is_not_served():
    data = checkerboard()
    artifact = artifact_create(model=EaseRecommender().fit(data), data=data)
    ModelArtifact.objects.filter(pk=artifact.pk).update(checksum="0" * 64)
    artifact.refresh_from_db()

    with pytest.raises(ValueError, match="does not match"):
        materialise(artifact)
    assert not local_path(artifact).exists()


def test_prune_removes_copies_of_other_versions_and_nothing_it_did_not_write(settings):
    data = checkerboard()
    old, new = (artifact_create(model=EaseRecommender().fit(data), data=data) for _ in range(2))
    old_path, new_path = materialise(old), materialise(new)
    foreign = settings.ARTIFACT_CACHE_DIR / "notes"
    foreign.mkdir()
    stale = settings.ARTIFACT_CACHE_DIR / ".tmp-9-abc"
    stale.mkdir()
    os.utime(stale, (time.time() - 7200, time.time() - 7200))

    removed = prune(keep={new.pk})

    assert sorted(removed) == sorted([old_path, stale])
    assert new_path.exists()
    assert foreign.exists()
    assert not old_path.exists()


def test_deleting_a_version_removes_its_bytes_from_shared_storage():
    data = checkerboard()
    artifact = artifact_create(model=EaseRecommender().fit(data), data=data)
    name = artifact.file.name

    artifact_delete(artifact=artifact)

    assert not ModelArtifact.objects.filter(pk=artifact.pk).exists()
    assert not ArtifactChunk.objects.filter(name=name).exists()


def test_admin_bulk_delete_takes_the_bytes_along(client):
    data = checkerboard()
    artifact = artifact_create(model=EaseRecommender().fit(data), data=data)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:recommender_modelartifact_changelist"),
        {"action": "delete_selected", "_selected_action": [artifact.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not ArtifactChunk.objects.filter(name=artifact.file.name).exists()
