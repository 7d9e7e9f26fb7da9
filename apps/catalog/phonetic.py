"""A phonetic search key shared by stored titles and queries, whatever the script.

Native Indic scripts go to Latin (IAST) through `indic-transliteration` (Tamil through its
`tamil_superscripted` scheme: the plain one garbles Tamil), then both native and romanised text
are folded the same way, so మగధీర, "Magadheera" and "magadira" share the key "magadir":

- accents off (ā -> a, ṭ -> t, ṇ -> n, ṃ -> n), lower case, punctuation and spaces dropped;
- long vowels spelt double fold to short (ee -> i, oo -> u), aspirates lose their h
  (kh, gh, ch, jh, th, dh, ph, bh, sh), doubled letters become one;
- sounds romanisations spell several ways fold together (c/s as Tamil ச, w -> v, z -> j, q -> k,
  f -> p, x -> ks);
- a word-final inherent a is dropped (दंगल is "daṃgala" letter by letter; people write Dangal).

No Django imports: the catalogue's migration, merge, loader and search all call it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from indic_transliteration import sanscript

# Unicode blocks of the Indic scripts the catalogue's languages use -> transliteration scheme.
_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0900, 0x097F, sanscript.DEVANAGARI),
    (0x0980, 0x09FF, sanscript.BENGALI),
    (0x0A00, 0x0A7F, sanscript.GURMUKHI),
    (0x0A80, 0x0AFF, sanscript.GUJARATI),
    (0x0B00, 0x0B7F, sanscript.ORIYA),
    (0x0B80, 0x0BFF, sanscript.TAMIL_SUP),
    (0x0C00, 0x0C7F, sanscript.TELUGU),
    (0x0C80, 0x0CFF, sanscript.KANNADA),
    (0x0D00, 0x0D7F, sanscript.MALAYALAM),
)

_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ee", "i"),
        (r"oo", "u"),
        (r"([kgcjtdpbs])h", r"\1"),
        (r"x", "ks"),
        (r"ck", "k"),
        (r"c", "s"),
        (r"w", "v"),
        (r"z", "j"),
        (r"q", "k"),
        (r"f", "p"),
        (r"(.)\1+", r"\1"),
        (r"(?<=[^aeiou])a\b", ""),
    )
)
_NON_LETTER = re.compile(r"[^a-z\s]")
_SPACES = re.compile(r"\s+")


def _scheme(char: str) -> str | None:
    point = ord(char)
    for low, high, scheme in _SCRIPTS:
        if low <= point <= high:
            return scheme
    return None


def to_latin(text: str) -> str:
    """Indic-script runs transliterated to IAST; everything else left as it is."""
    out: list[str] = []
    run: list[str] = []
    run_scheme: str | None = None
    for char in text:
        scheme = _scheme(char)
        if scheme != run_scheme and run:
            out.append(_flush(run, run_scheme))
            run = []
        run_scheme = scheme
        run.append(char)
    if run:
        out.append(_flush(run, run_scheme))
    return "".join(out)


def _flush(run: list[str], scheme: str | None) -> str:
    text = "".join(run)
    return sanscript.transliterate(text, scheme, sanscript.IAST) if scheme else text


@lru_cache(maxsize=8192)
def phonetic_key(text: str) -> str:
    """The folded key of a title or query ('' when nothing Latin or Indic is left)."""
    latin = to_latin(text).lower().replace("ṃ", "n").replace("ṁ", "n")
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    words = _SPACES.sub(" ", _NON_LETTER.sub(" ", ascii_text)).split()
    folded = []
    for word in words:
        for pattern, replacement in _FOLDS:
            word = pattern.sub(replacement, word)
        folded.append(word)
    return "".join(folded) or _other_script_key(text)


def _other_script_key(text: str) -> str:
    """Scripts with no Latin reading here (Japanese, Chinese, Korean): NFKC, case-folded, letters only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def title_forms(
    title: str,
    original_title: str = "",
    titles: dict[str, str] | None = None,
    aliases: list[str] | None = None,
) -> list[str]:
    """Every form of a title, the main one first, without repeats or blanks."""
    forms = [title, original_title, *(titles or {}).values(), *(aliases or [])]
    return list(dict.fromkeys(f.strip() for f in forms if f and f.strip()))


def search_keys(
    title: str,
    original_title: str = "",
    titles: dict[str, str] | None = None,
    aliases: list[str] | None = None,
) -> tuple[str, str]:
    """(key of the title, ' k1 k2 ... ' keys of the other forms) as Content stores them."""
    forms = title_forms(title, original_title, titles, aliases)
    main = phonetic_key(forms[0]) if forms else ""
    others = [
        key for key in dict.fromkeys(phonetic_key(f) for f in forms[1:]) if key and key != main
    ]
    return main, f" {' '.join(others)} " if others else ""


def keys_of(names: list[str] | None) -> str:
    """' k1 k2 ... ': the padded, space-separated phonetic keys of some names (synonyms)."""
    keys = [key for key in dict.fromkeys(phonetic_key(n) for n in names or []) if key]
    return f" {' '.join(keys)} " if keys else ""
