# Where to watch moved to apps/ott (Availability rows); ott 0003 copied the JSON first.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_content_availability"),
        ("ott", "0003_move_content_availability"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="content",
            name="availability",
        ),
    ]
