"""Seed the platforms CineRec knows by name (apps/ott/seed.py); re-running updates them."""

from typing import Any

from django.db import migrations

from apps.ott.seed import SEED_PLATFORMS


def seed(apps: Any, schema_editor: Any) -> None:
    Platform = apps.get_model("ott", "Platform")
    for row in SEED_PLATFORMS:
        values = {k: v for k, v in row.items() if k != "slug"}
        Platform.objects.update_or_create(slug=row["slug"], defaults=values)


def unseed(apps: Any, schema_editor: Any) -> None:
    Platform = apps.get_model("ott", "Platform")
    Platform.objects.filter(
        slug__in=[row["slug"] for row in SEED_PLATFORMS], offers__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ott", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
