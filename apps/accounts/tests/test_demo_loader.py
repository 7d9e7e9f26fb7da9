"""The real demo data, loaded twice: thousands of real titles the first time, nothing the second."""

import pytest
from django.db.models import Count

from apps.accounts.demo_loader import load_demo
from apps.accounts.models import Rating, User
from apps.catalog.demo_loader import movielens_dir
from apps.catalog.models import Content

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_load_demo_loads_real_catalogue_and_is_idempotent():
    assert movielens_dir() is not None, "requirements/demo.txt (recbole wheel) must be installed"

    first = load_demo()
    counts = (Content.objects.count(), User.objects.count(), Rating.objects.count())
    second = load_demo()

    assert first.titles > 25000
    assert first.ratings > 500_000
    by_language = dict(Content.objects.values_list("original_language").annotate(n=Count("id")))
    assert all(by_language[code] > 500 for code in ("te", "hi", "ta", "kn", "ml"))
    assert Content.objects.filter(kind="anime").count() > 10000
    assert Content.objects.filter(kind="tv").count() > 2000
    assert Content.objects.get(movielens_id=1).title == "Toy Story"
    assert Content.objects.get(movielens_id=50).title == "Star Wars"
    assert not Content.objects.filter(genres__slug="hentai").exists()
    assert (second.titles, second.users, second.ratings) == (0, 0, 0)
    assert (Content.objects.count(), User.objects.count(), Rating.objects.count()) == counts
    # MovieLens ratings keep their real 1997-98 dates and are doubled onto 1-10
    toy_story = Rating.objects.filter(content__movielens_id=1).order_by("created_at").first()
    assert toy_story.created_at.year in (1997, 1998)
    assert toy_story.rating % 2 == 0
