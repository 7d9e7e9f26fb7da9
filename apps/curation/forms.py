"""Forms for the admin's bulk actions and the provider import page."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.curation.models import Audience, Collection
from apps.curation.services.importing import PROVIDERS


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class FeatureForm(forms.Form):
    slot = forms.SlugField(max_length=40, initial="hero", help_text=_("hero, or a row's slug"))
    languages = forms.CharField(required=False, help_text=_("comma-separated, e.g. te,hi"))
    states = forms.CharField(required=False, help_text=_("comma-separated, e.g. IN-TS,IN-AP"))
    countries = forms.CharField(required=False, help_text=_("comma-separated, e.g. IN"))
    audience = forms.ChoiceField(choices=Audience.choices, initial=Audience.ALL)
    days = forms.IntegerField(min_value=1, max_value=365, initial=7, label=_("for how many days"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def targeting(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "slot": data["slot"],
            "languages": _codes(data["languages"]),
            "states": _codes(data["states"]),
            "countries": _codes(data["countries"]),
            "audience": data["audience"],
            "ends_at": timezone.now() + timedelta(days=data["days"]),
            "note": data["note"],
        }


class CollectionChoiceForm(forms.Form):
    collection = forms.ModelChoiceField(queryset=Collection.objects.all())


class PublishForm(forms.Form):
    campaign = forms.CharField(max_length=64, required=False, help_text=_("empty: no campaign"))


class ImportForm(forms.Form):
    provider = forms.ChoiceField(choices=[(p, p.upper()) for p in PROVIDERS])
    query = forms.CharField(max_length=200)
    limit = forms.IntegerField(min_value=1, max_value=20, initial=5)
