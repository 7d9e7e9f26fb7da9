"""Number shapes that once reached `int()` through `str.isdigit()` and answered 500 (issue 23).

Shared by the per-endpoint tests and the fuzz sweep (scripts/fuzz_sweep.py), so a new shape
added here is tried everywhere.
"""

HOSTILE_NUMBERS: tuple[str, ...] = (
    "²",  # superscript two: isdigit() is true, int() fails
    "٣",  # Arabic-Indic three: int() reads 3, so isdigit-then-int let it through as a number
    "1e9999",  # an exponent: float() makes it infinity, Decimal overflows on quantize
    "9" * 19,  # past a 64-bit integer
    "9" * 5000,  # past Python's int() digit limit (ValueError, not a number)
    "1_0",  # int() reads underscores as separators
)


def shape_id(text: object) -> str:
    """A short test id for a long shape."""
    value = str(text)
    return value if len(value) <= 12 else f"{value[:6]}...x{len(value)}"
