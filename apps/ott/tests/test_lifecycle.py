"""ott's handlers in the two registries: streaming services, offers and offer checks."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.merging import run_mover
from apps.ott import lifecycle
from apps.ott.models import Availability, OfferCheck, Platform, UserPlatform
from apps.ott.tests.factories import AvailabilityFactory

pytestmark = pytest.mark.django_db


def test_streaming_services_are_exported_and_erased():
    user, other = UserFactory(), UserFactory()
    netflix = Platform.objects.get(slug="netflix")
    UserPlatform.objects.create(user=user, platform=netflix)
    UserPlatform.objects.create(user=other, platform=netflix)

    assert [p["platform"] for p in lifecycle._export_platforms(user.pk)] == ["netflix"]

    lifecycle._erase_platforms(user.pk)

    assert list(UserPlatform.objects.values_list("user_id", flat=True)) == [other.pk]


def test_merge_moves_offers_keeping_the_curated_then_the_newer_of_two_alike():
    keep, dup = ContentFactory(), ContentFactory()
    AvailabilityFactory(content=keep, as_of=date(2026, 1, 1))
    AvailabilityFactory(content=dup, as_of=date(2026, 6, 1))  # newer: replaces keep's
    AvailabilityFactory(content=keep, country="US", curated=True, as_of=date(2025, 1, 1))
    AvailabilityFactory(content=dup, country="US", as_of=date(2026, 6, 1))  # loses to curated
    AvailabilityFactory(content=dup, country="GB")

    run_mover("ott.Availability.content", source=dup, target=keep)

    offers = {o.country: (o.as_of, o.curated) for o in Availability.objects.filter(content=keep)}
    assert offers == {
        "IN": (date(2026, 6, 1), False),
        "US": (date(2025, 1, 1), True),
        "GB": (date(2026, 11, 1), False),
    }
    assert not Availability.objects.filter(content=dup).exists()


def test_merge_moves_offer_checks_keeping_the_older_so_the_title_is_refreshed_first():
    keep, dup = ContentFactory(), ContentFactory()
    now = timezone.now()
    OfferCheck.objects.create(content=keep, source="tmdb", checked_at=now)
    OfferCheck.objects.create(content=dup, source="tmdb", checked_at=now - timedelta(days=9))
    OfferCheck.objects.create(content=dup, source="youtube", checked_at=now)

    run_mover("ott.OfferCheck.content", source=dup, target=keep)

    checks = dict(OfferCheck.objects.values_list("source", "checked_at"))
    assert checks == {"tmdb": now - timedelta(days=9), "youtube": now}
    assert set(OfferCheck.objects.values_list("content_id", flat=True)) == {keep.pk}
