from datetime import date

import factory
from factory.django import DjangoModelFactory

from apps.catalog.tests.factories import ContentFactory
from apps.ott.models import Availability, Platform


class AvailabilityFactory(DjangoModelFactory[Availability]):
    class Meta:
        model = Availability

    content = factory.SubFactory(ContentFactory)
    platform = factory.LazyFunction(lambda: Platform.objects.get(slug="netflix"))
    country = "IN"
    monetisation = "flatrate"
    source = "tmdb"
    as_of = date(2026, 11, 1)
