"""Public names: the rules of a person's public handle and display name, and handle generation.

A public name is never the person's e-mail address nor built from it (issue 23): handles are
generated from a word list, and a chosen handle or display name may not contain '@' or be the
address with its punctuation removed (what a slug of the address looks like). Pure functions:
the caller says which handles are taken.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.accounts.handle_words import ADJECTIVES, NOUNS

HANDLE_MIN, HANDLE_MAX = 3, 30
HANDLE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
# Names that would pass for the service itself; compared without '-', '_' and digits.
RESERVED: frozenset[str] = frozenset(
    {
        "abuse", "admin", "administrator", "anonymous", "api", "cinerec", "curator", "curators",
        "help", "info", "mod", "moderator", "noreply", "null", "none", "official", "owner",
        "postmaster", "root", "security", "staff", "support", "system", "team", "undefined",
        "webmaster", "www",
    }
)  # fmt: skip
_GENERATE_ATTEMPTS = 20


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def derived_from_email(name: str, email: str) -> bool:
    """True for the address itself, anything with '@', or the address without its punctuation
    (alice@example.org -> aliceexampleorg, the old list slugs)."""
    letters = _letters(email)
    return "@" in name or (bool(letters) and _letters(name) == letters)


def _format_problem(handle: str) -> str | None:
    if "@" in handle:
        return _("A handle cannot contain @ or be an e-mail address.")
    if not HANDLE_MIN <= len(handle) <= HANDLE_MAX:
        return _("A handle has %(min)d to %(max)d characters.") % {
            "min": HANDLE_MIN,
            "max": HANDLE_MAX,
        }
    if not HANDLE_RE.fullmatch(handle):
        return _("Use letters a-z, digits, - and _ only, starting with a letter or digit.")
    return None


def handle_problem(handle: str, *, email: str = "") -> str | None:
    """Why `handle` cannot be a public handle, or None when it can (uniqueness is the caller's)."""
    problem = _format_problem(handle)
    if problem is not None:
        return problem
    if re.sub(r"[-_0-9]", "", handle.casefold()) in RESERVED:
        return _("This handle is reserved.")
    if email and derived_from_email(handle, email):
        return _("A handle cannot be made from your e-mail address.")
    return None


def display_name_problem(name: str, *, email: str = "") -> str | None:
    """A display name is free text but, like the handle, never an e-mail address."""
    if "@" in name or (email and derived_from_email(name, email)):
        return _("A display name cannot contain @ or be an e-mail address.")
    return None


def validate_handle_format(value: str) -> None:
    """The model field's validator (admin forms): the format rules, not the reserved words, so a
    staff account such as the demo curator's "admin" stays editable."""
    problem = _format_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="invalid_handle")


def generate_handle(*, is_taken: Callable[[str], bool]) -> str:
    """A free handle such as "teal-lotus-4821"; after many clashes "user-" and random hex."""
    for _attempt in range(_GENERATE_ATTEMPTS):
        number = 1000 + secrets.randbelow(9000)
        handle = f"{secrets.choice(ADJECTIVES)}-{secrets.choice(NOUNS)}-{number}"
        if not is_taken(handle):
            return handle
    while True:
        handle = f"user-{secrets.token_hex(6)}"
        if not is_taken(handle):
            return handle
