"""The site's translation catalogues are complete, current and compiled."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("te", "hi", "ta", "kn")


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))

    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]

    assert len(po) > 150
    assert untranslated == [], f"{language}: untranslated {untranslated}"
    assert fuzzy == [], f"{language}: fuzzy {fuzzy}"
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))

    compiled = {e.msgid: e.msgstr or e.msgstr_plural for e in mo if e.msgid}
    source = {e.msgid: e.msgstr or e.msgstr_plural for e in po.translated_entries()}

    assert compiled == source, f"{language}: run msgfmt (see docs/site.md)"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("te", "మీ కోసం"), ("hi", "आपके लिए"), ("ta", "உங்களுக்காக"), ("kn", "ನಿಮಗಾಗಿ")],
)
def test_django_serves_the_translation(language, expected):
    with translation.override(language):
        assert translation.gettext("For you") == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_other_catalogue_overrides_the_sites_wording(language):
    """Apps listed before apps.web (the admin) win on a shared msgid: "Home" would become the
    admin's word for a dwelling. Such strings carry a context; this finds any that do not."""
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    overridden = []
    with translation.override(language):
        for entry in po.translated_entries():
            if entry.msgid_plural:
                continue
            served = (
                translation.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else translation.gettext(entry.msgid)
            )
            if served != entry.msgstr:
                overridden.append((entry.msgid, served))

    assert overridden == []
