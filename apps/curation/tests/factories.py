import factory
from factory.django import DjangoModelFactory

from apps.curation.models import Collection


class CollectionFactory(DjangoModelFactory[Collection]):
    class Meta:
        model = Collection

    slug = factory.Sequence(lambda n: f"collection-{n}")
    title = factory.Sequence(lambda n: f"Collection {n}")
