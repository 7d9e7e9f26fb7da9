"""The Curators group with the model permissions curators need (apps/curation/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from apps.curation.roles import CURATORS, sync_curator_group


def create_curators(apps, schema_editor):
    # Permissions are made after all migrations (post_migrate); a fresh database needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(
            app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps
        )
        app_config.models_module = None
    sync_curator_group(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


def drop_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CURATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0002_curated_text_languages"),
        ("catalog", "0008_search_indexes_without_pending_list"),
        ("analytics", "0002_daily_rollups"),
        ("regional", "0003_festival_theme_and_languages"),
        ("recommender", "0003_experiment_event_user_set_null"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators, drop_curators)]
