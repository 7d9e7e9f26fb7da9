# The festival collection's theme (family-friendly) and the festivals' names and collection
# titles in their regions' languages, which the seed festivals (0002) only had in English.

from django.db import migrations, models

TRANSLATIONS = {
    "sankranti": (
        {"te": "సంక్రాంతి", "kn": "ಸಂಕ್ರಾಂತಿ", "hi": "संक्रांति", "ta": "சங்கராந்தி"},
        {
            "te": "సంక్రాంతి: తెలుగు, కన్నడ కుటుంబ చిత్రాలు",
            "kn": "ಸಂಕ್ರಾಂತಿ: ತೆಲುಗು ಮತ್ತು ಕನ್ನಡ ಕುಟುಂಬ ಚಿತ್ರಗಳು",
        },
    ),
    "pongal": (
        {"ta": "பொங்கல்", "hi": "पोंगल", "te": "పొంగల్", "kn": "ಪೊಂಗಲ್"},
        {"ta": "பொங்கல்: குடும்பத்துக்கான தமிழ்த் திரைப்படங்கள்"},
    ),
    "ugadi": (
        {"te": "ఉగాది", "kn": "ಯುಗಾದಿ", "hi": "उगादि"},
        {
            "te": "ఉగాది: తెలుగు, కన్నడ చిత్రాలతో కొత్త సంవత్సరం",
            "kn": "ಯುಗಾದಿ: ತೆಲುಗು ಮತ್ತು ಕನ್ನಡ ಚಿತ್ರಗಳೊಂದಿಗೆ ಹೊಸ ವರ್ಷ",
        },
    ),
    "diwali": (
        {"hi": "दिवाली", "te": "దీపావళి", "ta": "தீபாவளி", "kn": "ದೀಪಾವಳಿ"},
        {"hi": "दिवाली: हिंदी पारिवारिक फ़िल्में और कॉमेडी"},
    ),
    "eid-al-fitr": ({"hi": "ईद उल-फ़ित्र"}, {"hi": "ईद: हिंदी और उर्दू रोमांस"}),
    "dussehra": (
        {"hi": "दशहरा", "kn": "ದಸರಾ", "te": "దసరా"},
        {"hi": "दशहरा: बुराई पर अच्छाई की जीत", "kn": "ದಸರಾ: ಕೆಡುಕಿನ ಮೇಲೆ ಒಳಿತಿನ ಜಯ"},
    ),
}


def translate(apps, schema_editor):
    Festival = apps.get_model("regional", "Festival")
    for slug, (names, titles) in TRANSLATIONS.items():
        Festival.objects.filter(slug=slug).update(names=names, collection_titles=titles)


class Migration(migrations.Migration):
    dependencies = [
        ("regional", "0002_seed_festivals"),
    ]

    operations = [
        migrations.AddField(
            model_name="festival",
            name="collection_titles",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="the collection title in the other site languages",
            ),
        ),
        migrations.AddField(
            model_name="festival",
            name="family_friendly",
            field=models.BooleanField(
                default=True,
                help_text="the collection leaves out mature genres and adult certifications",
            ),
        ),
        migrations.AddField(
            model_name="festival",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="the festival's name in the other site languages",
            ),
        ),
        migrations.RunPython(translate, migrations.RunPython.noop),
    ]
