"""accounts' handlers in the two registries: export sections, erasers and merge movers."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import signing
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from apps.accounts import lifecycle
from apps.accounts.email_flows import email_change_confirm, password_reset_request
from apps.accounts.email_messages import EMAIL_CHANGE_SALT
from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import SearchQuery
from apps.analytics.services import search_record
from apps.catalog.tests.factories import ContentFactory
from apps.core.models import OutboxMessage
from apps.core.tests.merging import run_mover

pytestmark = pytest.mark.django_db


def _signed_in_session(user: User) -> str:
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session.create()
    assert session.session_key is not None
    return session.session_key


def test_export_gives_profile_preferences_and_the_derived_location():
    user = UserFactory(
        preferred_languages=["te", "hi"],
        preferred_genres=["drama"],
        country="IN",
        region="Telangana",
        location_source="ip",
    )
    user.groups.add(Group.objects.create(name="curators"))

    assert lifecycle._export_profile(user.pk)["preferred_languages"] == ["te", "hi"]
    assert lifecycle._export_profile(user.pk)["preferred_genres"] == ["drama"]
    assert "country" not in lifecycle._export_profile(user.pk)
    assert lifecycle._export_location(user.pk) == {
        "country": "IN",
        "region": "Telangana",
        "source": "ip",
    }
    assert lifecycle._export_groups(user.pk) == {"groups": ["curators"], "permissions": []}
    assert lifecycle._export_account(user.pk)["email"] == user.email


def test_sign_ins_erased_are_the_persons_sessions_and_tokens_only():
    user, other = UserFactory(), UserFactory()
    mine, theirs = _signed_in_session(user), _signed_in_session(other)
    RefreshToken.for_user(user).blacklist()
    RefreshToken.for_user(other)
    assert OutstandingToken.objects.filter(user=user).count() == 1

    lifecycle._erase_sign_ins(user.pk)

    assert not Session.objects.filter(pk=mine).exists()
    assert Session.objects.filter(pk=theirs).exists()
    assert not OutstandingToken.objects.filter(user=user).exists()
    assert not BlacklistedToken.objects.exists()  # went with the person's token
    assert OutstandingToken.objects.filter(user=other).count() == 1


def test_mail_erased_is_every_message_naming_the_address(django_capture_on_commit_callbacks):
    user, other = UserFactory(email="asha.old@example.com"), UserFactory()
    token = signing.dumps(
        {"user": user.pk, "old": user.email, "new": "Asha@example.com"}, salt=EMAIL_CHANGE_SALT
    )
    with django_capture_on_commit_callbacks():
        email_change_confirm(token=token)  # a notice to the old address naming the new one
        password_reset_request(email="asha@example.com")
        password_reset_request(email=other.email)
    assert OutboxMessage.objects.filter(task_name=lifecycle.MAIL_TASK).count() == 3

    lifecycle._erase_mail(user.pk)

    left = list(OutboxMessage.objects.filter(task_name=lifecycle.MAIL_TASK))
    assert len(left) == 1
    assert left[0].kwargs["user_id"] == other.pk
    assert "asha" not in str(left[0].kwargs).lower()


def test_merge_keeps_the_newer_rating_of_a_person_who_rated_both():
    keep, dup = ContentFactory(), ContentFactory()
    newer_on_dup, newer_on_keep, only_dup = UserFactory(), UserFactory(), UserFactory()
    old = timezone.now() - timedelta(days=3)
    Rating.objects.create(user=newer_on_dup, content=keep, rating=4)
    Rating.objects.create(user=newer_on_dup, content=dup, rating=9)
    Rating.objects.create(user=newer_on_keep, content=dup, rating=2)
    Rating.objects.create(user=newer_on_keep, content=keep, rating=7)
    Rating.objects.filter(user=newer_on_dup, content=keep).update(updated_at=old)
    Rating.objects.filter(user=newer_on_keep, content=dup).update(updated_at=old)
    Rating.objects.create(user=only_dup, content=dup, rating=6)

    run_mover("accounts.Rating.content", source=dup, target=keep)

    assert dict(Rating.objects.values_list("user_id", "rating")) == {
        newer_on_dup.pk: 9,
        newer_on_keep.pk: 7,
        only_dup.pk: 6,
    }
    assert set(Rating.objects.values_list("content_id", flat=True)) == {keep.pk}


@pytest.mark.parametrize("model", [WatchlistItem, Favorite])
def test_merge_keeps_one_library_entry_at_the_earlier_date(model):
    keep, dup = ContentFactory(), ContentFactory()
    user, other = UserFactory(), UserFactory()
    early = timezone.now() - timedelta(days=30)
    model.objects.create(user=user, content=keep)
    model.objects.create(user=user, content=dup, added_at=early)
    model.objects.create(user=other, content=dup)
    run_mover(f"{model._meta.label}.content", source=dup, target=keep)

    entries = model.objects.filter(content=keep)
    assert entries.count() == 2
    assert entries.get(user=user).added_at == early
    assert not model.objects.filter(content=dup).exists()


def test_an_admins_deletion_erases_like_the_persons_own(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    person, other = UserFactory(), UserFactory()
    search_record(user=person, query="what they typed", filters={}, result_count=1)
    search_record(user=other, query="what others typed", filters={}, result_count=1)
    client.force_login(admin_user)

    one = client.post(f"/admin/accounts/user/{person.pk}/delete/", {"post": "yes"})
    bulk = client.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )

    assert (one.status_code, bulk.status_code) == (302, 302)
    assert not User.objects.filter(pk__in=[person.pk, other.pk]).exists()
    assert SearchQuery.objects.count() == 2
    assert list(SearchQuery.objects.values_list("query", flat=True)) == ["", ""]
