"""Curated text in the site's languages: the English text in its own field, the others in a JSON
field beside it ({"te": "...", "hi": "..."}) that curators fill in the admin.

`pick` chooses what a reader sees: the requested language, then the region's language (a festival
of Telugu films shows its Telugu title on the Hindi site when nobody wrote a Hindi one), then the
English text. `TranslationsForm` is the admin's form for such fields: one text box per language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.utils.translation import get_language, get_language_info

BASE_LANGUAGE = "en"


def translated_languages() -> list[str]:
    """The site's languages other than English, in the order of settings.LANGUAGES."""
    return [code for code, _name in settings.LANGUAGES if code != BASE_LANGUAGE]


def pick(
    base: str,
    translations: Mapping[str, Any] | None,
    *,
    language: str | None = None,
    region_languages: Iterable[str] = (),
) -> str:
    """The text to show: `language` (default: the active one), then the region's languages in
    order, then `base` (English)."""
    found = translations or {}
    wanted = [language or get_language() or BASE_LANGUAGE, *region_languages]
    for code in wanted:
        if code == BASE_LANGUAGE and base:
            return base
        text = found.get(code) if code else None
        if isinstance(text, str) and text.strip():
            return text.strip()
    return base


class _TranslationsForm(forms.ModelForm):
    translated: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for json_field in self.translated:
            stored = getattr(self.instance, json_field, None) or {}
            for code in translated_languages():
                self.fields[f"{json_field}__{code}"].initial = stored.get(code, "")

    def save(self, commit: bool = True) -> Any:
        for json_field in self.translated:
            values = {
                code: self.cleaned_data.get(f"{json_field}__{code}", "").strip()
                for code in translated_languages()
            }
            setattr(self.instance, json_field, {k: v for k, v in values.items() if v})
        return super().save(commit=commit)


def translations_form(model: type[Any], translated: dict[str, str]) -> type[forms.ModelForm]:
    """The admin's model form for `model` with one text box per site language for each translated
    JSON field: `translated = {"json_field": "base_field"}`. The boxes are `<json_field>__<code>`,
    labelled with the base field's label and the language's own name; a box left empty removes
    that language (the reader then sees the fallback)."""
    declared: dict[str, Any] = {}
    for json_field, base_field in translated.items():
        label = model._meta.get_field(base_field).verbose_name
        for code in translated_languages():
            declared[f"{json_field}__{code}"] = forms.CharField(
                required=False,
                max_length=300,
                label=f"{label} ({get_language_info(code)['name_local']})",
            )
    meta = type("Meta", (), {"model": model, "exclude": list(translated)})
    attrs = {**declared, "Meta": meta, "translated": translated, "__module__": __name__}
    return type(f"{model.__name__}TranslationsForm", (_TranslationsForm,), attrs)
