"""Seed a throwaway database for `make fuzz`: a few titles, a user and a staff account.

Run with `manage.py shell < scripts/fuzz_seed.py`; prints nothing but errors.
"""

from apps.accounts.models import Rating, User, WatchlistItem
from apps.catalog.models import Content, ContentKind
from apps.catalog.text import normalize_title
from apps.curation.roles import curator_group

LANGUAGES = ["te", "hi", "ta", "kn", "ml", "en", "ja"]
KINDS = [ContentKind.MOVIE, ContentKind.MOVIE, ContentKind.TV, ContentKind.ANIME]
titles = []
for n in range(1, 41):
    title = f"Fuzz title {n}"
    titles.append(
        Content.objects.create(
            kind=KINDS[n % len(KINDS)],
            title=title,
            normalized_title=normalize_title(title),
            original_language=LANGUAGES[n % len(LANGUAGES)],
            year=1990 + n % 35,
            popularity=float(n),
        )
    )
for email, staff in (("fuzz-user@example.com", False), ("fuzz-staff@example.com", True)):
    user = User.objects.create_user(
        email=email,
        username=email.split("@")[0],
        password="fuzz-Passphrase-42",  # noqa: S106 (a throwaway fuzzing database)
        is_staff=staff,
    )
    if staff:  # a curator: the admin API answers staff without the group 403
        user.groups.add(curator_group())
    for content in titles[:5]:
        Rating.objects.create(user=user, content=content, rating=7)
        WatchlistItem.objects.create(user=user, content=content)
