"""Issue 26 on the real demo films: a language's popular and trending lists hold films in that
language, not foreign films that IMDb's language search also lists (dubs, a few lines)."""

import pytest
from django.core.cache import cache

from apps.catalog.demo_languages import load_evidence
from apps.catalog.demo_loader import DEMO_DIR, load_indian_films
from apps.catalog.models import Content
from apps.catalog.selectors import ContentFilters
from apps.regional.selectors import regional_popular, regional_trending

LANGUAGES = ("hi", "te", "ta", "kn", "ml", "bn", "mr", "pa", "gu")
# the examples: Basic Instinct 2 under Telugu; Get Smart, A Good Day to Die Hard,
# The Darjeeling Limited and Bulletproof Monk opening the Punjabi list
FOREIGN = {"tt0430912", "tt0425061", "tt1606378", "tt0838221", "tt0245803"}


@pytest.mark.django_db(transaction=True)
def test_no_top_100_title_of_any_language_has_another_original_language():
    load_indian_films()
    cache.clear()
    evidence = load_evidence(DEMO_DIR)  # independent of the scraped label, keyed by IMDb id
    for language in LANGUAGES:
        for ranked in (
            regional_popular(language=language, filters=ContentFilters()),
            regional_trending(language=language, filters=ContentFilters()),
        ):
            top = ranked[:100]
            in_language = Content.objects.filter(original_language=language).count()
            assert len(top) == min(100, in_language) > 70, language
            rows = dict(Content.objects.filter(pk__in=top).values_list("imdb_id", "title"))
            assert len(rows) == len(top)
            contradicted = {
                title
                for imdb_id, title in rows.items()
                if imdb_id in evidence and evidence[imdb_id].language != language
            }
            assert contradicted == set(), language
            assert not FOREIGN & set(rows), language
    listed = Content.objects.filter(imdb_id__in=FOREIGN)
    assert listed.count() == len(FOREIGN)
    assert all(c.spoken_languages in (["te"], ["pa"]) for c in listed)  # still "available in"
