"""Seeds the curated festival table (curators edit it in the admin; dates come from `holidays`)."""

from django.db import migrations

FESTIVALS = [
    {
        "slug": "sankranti",
        "name": "Sankranti",
        "holiday_names": ["Makar Sankranti"],
        "regions": ["AP", "TS", "KA"],
        "languages": ["te", "kn"],
        "genres": ["family", "drama", "comedy"],
        "collection_title": "Sankranti: Telugu and Kannada family films",
        "description": "The harvest festival, with the year's big family releases.",
        "duration_days": 3,
    },
    {
        "slug": "pongal",
        "name": "Pongal",
        "holiday_names": ["Pongal"],
        "regions": ["TN", "PY"],
        "languages": ["ta"],
        "genres": ["family", "drama", "comedy"],
        "collection_title": "Pongal: Tamil films for the family",
        "description": "Tamil Nadu's harvest festival, the season of big Tamil releases.",
        "duration_days": 4,
    },
    {
        "slug": "ugadi",
        "name": "Ugadi",
        "holiday_names": ["Ugadi"],
        "regions": ["AP", "TS", "KA"],
        "languages": ["te", "kn"],
        "genres": ["family", "drama"],
        "collection_title": "Ugadi: a new year with Telugu and Kannada films",
        "description": "New Year's Day of the Telugu and Kannada calendars.",
        "duration_days": 1,
    },
    {
        "slug": "onam",
        "name": "Onam",
        "holiday_names": ["Onam"],
        "regions": ["KL", "LD"],
        "languages": ["ml"],
        "genres": ["family", "drama", "comedy"],
        "collection_title": "Onam: Malayalam films for the family",
        "description": "Kerala's harvest festival.",
        "duration_days": 4,
    },
    {
        "slug": "diwali",
        "name": "Diwali",
        "holiday_names": ["Diwali"],
        "regions": [],
        "languages": ["hi"],
        "genres": ["family", "comedy"],
        "collection_title": "Diwali: Hindi family films and comedies",
        "description": "The festival of lights.",
        "duration_days": 5,
    },
    {
        "slug": "eid-al-fitr",
        "name": "Eid al-Fitr",
        "holiday_names": ["Eid al-Fitr"],
        "regions": [],
        "languages": ["hi", "ur"],
        "genres": ["romance"],
        "collection_title": "Eid: Hindi and Urdu romance",
        "description": "The end of Ramadan.",
        "duration_days": 3,
    },
    {
        "slug": "dussehra",
        "name": "Dussehra",
        "holiday_names": ["Dussehra"],
        "regions": [],
        "languages": ["hi", "kn", "bn"],
        "genres": ["action", "fantasy", "drama"],
        "collection_title": "Dussehra: good over evil",
        "description": "Dussehra, Mysuru Dasara and Durga Puja.",
        "duration_days": 1,
    },
    {
        "slug": "christmas",
        "name": "Christmas",
        "holiday_names": ["Christmas"],
        "regions": [],
        "languages": ["en"],
        "genres": ["family", "animation", "comedy"],
        "collection_title": "Christmas: English family films",
        "description": "Family films for the holidays.",
        "duration_days": 2,
    },
]


def seed(apps, schema_editor):
    Festival = apps.get_model("regional", "Festival")
    for row in FESTIVALS:
        Festival.objects.update_or_create(slug=row["slug"], defaults=row)


def unseed(apps, schema_editor):
    Festival = apps.get_model("regional", "Festival")
    Festival.objects.filter(slug__in=[row["slug"] for row in FESTIVALS]).delete()


class Migration(migrations.Migration):
    dependencies = [("regional", "0001_initial"), ("catalog", "0003_content_availability")]

    operations = [migrations.RunPython(seed, unseed)]
