"""Export and account deletion walk the one registry of what a person owns (issue 23)."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client

from apps.accounts.email_flows import password_reset_request
from apps.accounts.models import Rating
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.analytics.activity import user_activity_version
from apps.analytics.models import SearchQuery
from apps.analytics.services import search_record
from apps.catalog.tests.factories import ContentFactory
from apps.core.models import OutboxMessage
from apps.core.personal_data import personal_data
from apps.ott.models import Platform, UserPlatform
from apps.portability.models import ImportJob
from apps.social.models import HelpfulVote, ReviewReport
from recommender.serving.keys import batch_key

pytestmark = pytest.mark.django_db
EXPORT = "/api/user/export"
ACCOUNT = "/api/user/account"


def test_export_has_a_section_for_everything_the_person_owns(auth_client, user):
    user.preferred_languages = ["ta"]
    user.country, user.region, user.location_source = "IN", "Tamil Nadu", "ip"
    user.save()
    UserPlatform.objects.create(user=user, platform=Platform.objects.get(slug="netflix"))
    search_record(user=user, query="vikram", filters={}, result_count=2)
    ImportJob.objects.create(user=user, format="imdb", filename="ratings.csv", sha256="0" * 64)
    review = Rating.objects.create(
        user=UserFactory(), content=ContentFactory(title="Vikram"), rating=9, review="Mass"
    )
    HelpfulVote.objects.create(user=user, rating=review)
    ReviewReport.objects.create(reporter=user, rating=review, reason="spoiler")

    body = auth_client.get(EXPORT).json()

    exported = {entry.section for entry in personal_data() if entry.export is not None}
    assert set(body) == exported | {"exported_at"}
    assert body["profile"]["preferred_languages"] == ["ta"]
    assert body["location"] == {"country": "IN", "region": "Tamil Nadu", "source": "ip"}
    assert [p["platform"] for p in body["streaming_services"]] == ["netflix"]
    assert [s["query"] for s in body["search_history"]] == ["vikram"]
    assert [j["filename"] for j in body["imports"]] == ["ratings.csv"]
    assert [v["title"] for v in body["helpful_votes"]] == ["Vikram"]
    assert [r["reason"] for r in body["reports"]] == ["spoiler"]


def test_deletion_erases_search_text_mail_sessions_and_cached_lists(
    api_client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="meera@example.com")
    search_record(user=user, query="meera's secret search", filters={}, result_count=0)
    with django_capture_on_commit_callbacks():
        password_reset_request(email=user.email)
    site = Client()
    site.force_login(user)
    other = Client()
    other.force_login(UserFactory())
    assert Session.objects.count() == 2
    precomputed = batch_key(user.pk)
    cache.set(precomputed, "a list", timeout=3600)
    user_id, version = user.pk, user_activity_version(user.pk)
    api_client.force_authenticate(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.delete(ACCOUNT, {"password": TEST_PASSWORD}, format="json")

    assert response.status_code == 204
    assert SearchQuery.objects.count() == 1  # the day's search count stays
    assert not SearchQuery.objects.exclude(query="").exists()
    assert not OutboxMessage.objects.filter(args__icontains="meera").exists()
    assert Session.objects.count() == 1  # the other person's
    assert site.get("/api/user/profile").status_code in (401, 403)
    assert cache.get(precomputed) is None
    assert user_activity_version(user_id) > version
