"""Move catalog.Content.availability (TMDB names per region and offer type) and
Content.free_youtube_id into Availability rows; catalog 0004 then drops the JSON field."""

from typing import Any

from django.db import migrations

from apps.ott.seed import KIND_FOR_MONETISATION, slug_for_provider

OFFER_TYPES = ("flatrate", "free", "ads", "rent", "buy")


def move(apps: Any, schema_editor: Any) -> None:
    Content = apps.get_model("catalog", "Content")
    Platform = apps.get_model("ott", "Platform")
    Availability = apps.get_model("ott", "Availability")
    platforms = {p.slug: p for p in Platform.objects.all()}

    def platform(name: str, monetisation: str) -> Any:
        slug = slug_for_provider(name)
        if slug not in platforms:
            platforms[slug] = Platform.objects.create(
                slug=slug, name=name[:80], kind=KIND_FOR_MONETISATION[monetisation]
            )
        return platforms[slug]

    rows = []
    for content in Content.objects.exclude(availability={}).iterator():
        for country, block in (content.availability or {}).items():
            if len(country) != 2 or not isinstance(block, dict):
                continue
            for monetisation in OFFER_TYPES:
                for name in block.get(monetisation) or []:
                    rows.append(
                        Availability(
                            content_id=content.pk,
                            platform=platform(str(name), monetisation),
                            country=country.upper(),
                            monetisation=monetisation,
                            source="tmdb",
                            as_of=content.updated_at.date(),
                        )
                    )
    youtube = platforms.get("youtube")
    if youtube is not None:
        for content in Content.objects.exclude(free_youtube_id="").iterator():
            rows.append(
                Availability(
                    content_id=content.pk,
                    platform=youtube,
                    country="IN",
                    monetisation="free",
                    deep_link=f"https://www.youtube.com/watch?v={content.free_youtube_id}",
                    source="youtube",
                    as_of=content.updated_at.date(),
                )
            )
    Availability.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("ott", "0002_seed_platforms"), ("catalog", "0003_content_availability")]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
