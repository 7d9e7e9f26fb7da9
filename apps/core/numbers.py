"""Numbers read from text a person or a file sent: one place that decides what is a number.

`str.isdigit()` is true for superscripts and other Unicode digits ("²", "٣") that `int()` then
rejects or reads differently, and `Decimal("1e999999999")` overflows when it is quantised. Every
parse of untrusted text goes through these helpers: only ASCII digits, a bounded length, and a
clear `None` for anything else, so the caller answers with a 4xx in the error shape (or skips the
row, for imports) and never a 500. No Django here: the vocabulary of numbers is plain Python.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_INT = re.compile(r"[+-]?[0-9]{1,18}", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]{0,15})?|\.[0-9]{1,15})", re.ASCII)


def is_ascii_int(text: str, *, signed: bool = False) -> bool:
    """True when `text` is 1-18 ASCII digits (optionally with a sign when `signed`)."""
    if not isinstance(text, str) or not _INT.fullmatch(text):
        return False
    return signed or text[0] not in "+-"


def parse_int(
    text: object,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    signed: bool = False,
) -> int | None:
    """The integer `text` spells in ASCII digits, within [minimum, maximum]; else None.

    Whitespace around the digits is ignored; an int passes through the same range check.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str):
        stripped = text.strip()
        if not is_ascii_int(stripped, signed=signed):
            return None
        value = int(stripped)
    else:
        return None
    return value if _within(value, minimum, maximum) else None


def parse_decimal(
    text: object,
    *,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
) -> Decimal | None:
    """A plain decimal ("7", "3.5", "-0.25") within [minimum, maximum]; else None.

    No exponents, no NaN or infinity, at most 15 digits either side of the point: whatever
    `Decimal` would accept beyond that (and overflow on later) is refused here.
    """
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if not _DECIMAL.fullmatch(stripped):
        return None
    try:
        value = Decimal(stripped)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return None
    return value if _within(value, minimum, maximum) else None


def _within(
    value: int | Decimal, minimum: int | Decimal | None, maximum: int | Decimal | None
) -> bool:
    """Whether `value` lies in [minimum, maximum]; a bound of None is no bound."""
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)
