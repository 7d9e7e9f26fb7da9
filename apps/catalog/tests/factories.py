import factory
from factory.django import DjangoModelFactory

from apps.catalog.models import Content, ContentKind
from apps.catalog.phonetic import phonetic_key
from apps.catalog.text import normalize_title


class ContentFactory(DjangoModelFactory[Content]):
    class Meta:
        model = Content

    kind = ContentKind.MOVIE
    title = factory.Sequence(lambda n: f"Title {n}")
    normalized_title = factory.LazyAttribute(lambda o: normalize_title(o.title))
    search_key = factory.LazyAttribute(lambda o: phonetic_key(o.title))
    original_language = "te"
    year = 2019
    popularity = 10.0
