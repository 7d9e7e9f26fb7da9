"""regional's handler in the merge registry: festival pins."""

import pytest

from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.merging import run_mover
from apps.regional.models import Festival, FestivalPin

pytestmark = pytest.mark.django_db


def _festival(slug):
    return Festival.objects.create(slug=slug, name=slug, collection_title=slug)


def test_merge_keeps_one_pin_per_festival_at_the_higher_place():
    keep, dup = ContentFactory(), ContentFactory()
    diwali, onam = _festival("diwali-test"), _festival("onam-test")
    FestivalPin.objects.create(festival=diwali, content=keep, position=5)
    FestivalPin.objects.create(festival=diwali, content=dup, position=1)
    FestivalPin.objects.create(festival=onam, content=dup, position=3)

    run_mover("regional.FestivalPin.content", source=dup, target=keep)

    pins = {(p.festival_id, p.content_id): p.position for p in FestivalPin.objects.all()}
    assert pins == {(diwali.pk, keep.pk): 1, (onam.pk, keep.pk): 3}
