"""SYNTHETIC title words in every script the site searches (docs/scale.md): made-up words, never
real titles, for the 1M-title catalogue benchmark.

Indic words are built from Harvard-Kyoto syllables and written in the language's own script with
`indic-transliteration`; their Latin spelling is the same word in IAST with the accents dropped
(what a search box receives from most people). Japanese words are romaji syllables with their
hiragana. Latin words are real English title words mixed with made-up ones. A word's phonetic
key is computed once (apps/catalog/phonetic.py folds word by word, so a title's key is the join
of its words' keys: `form_key`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from indic_transliteration import sanscript

from apps.catalog.phonetic import phonetic_key

# Original language -> the script its native titles are written in ("" = Latin only).
SCRIPTS: dict[str, str] = {
    "hi": sanscript.DEVANAGARI,
    "mr": sanscript.DEVANAGARI,
    "te": sanscript.TELUGU,
    "ta": sanscript.TAMIL,
    "kn": sanscript.KANNADA,
    "ml": sanscript.MALAYALAM,
    "bn": sanscript.BENGALI,
}
_CONSONANTS = [
    "k",
    "kh",
    "g",
    "gh",
    "c",
    "ch",
    "j",
    "t",
    "th",
    "d",
    "dh",
    "n",
    "p",
    "ph",
    "b",
    "bh",
    "m",
    "y",
    "r",
    "l",
    "v",
    "s",
    "z",
    "h",
    "T",
    "D",
    "N",
]
_TAMIL_CONSONANTS = [
    "k",
    "c",
    "T",
    "t",
    "p",
    "N",
    "n",
    "m",
    "y",
    "r",
    "l",
    "v",
    "L",
]  # Tamil writes no aspirates
_VOWELS = ["a", "a", "a", "A", "i", "I", "u", "U", "e", "o", "ai"]
_ROMAJI = [
    "ka",
    "ki",
    "ku",
    "ke",
    "ko",
    "sa",
    "shi",
    "su",
    "se",
    "so",
    "ta",
    "chi",
    "tsu",
    "te",
    "to",
    "na",
    "ni",
    "nu",
    "ne",
    "no",
    "ha",
    "hi",
    "fu",
    "he",
    "ho",
    "ma",
    "mi",
    "mu",
    "me",
    "mo",
    "ya",
    "yu",
    "yo",
    "ra",
    "ri",
    "ru",
    "re",
    "ro",
    "wa",
    "ga",
    "gi",
    "gu",
    "ge",
    "go",
    "za",
    "ji",
    "zu",
    "ze",
    "zo",
    "da",
    "de",
    "do",
    "ba",
    "bi",
    "bu",
    "be",
    "bo",
    "kyo",
    "sho",
    "ryu",
    "n",
]
_HIRAGANA = [
    "か",
    "き",
    "く",
    "け",
    "こ",
    "さ",
    "し",
    "す",
    "せ",
    "そ",
    "た",
    "ち",
    "つ",
    "て",
    "と",
    "な",
    "に",
    "ぬ",
    "ね",
    "の",
    "は",
    "ひ",
    "ふ",
    "へ",
    "ほ",
    "ま",
    "み",
    "む",
    "め",
    "も",
    "や",
    "ゆ",
    "よ",
    "ら",
    "り",
    "る",
    "れ",
    "ろ",
    "わ",
    "が",
    "ぎ",
    "ぐ",
    "げ",
    "ご",
    "ざ",
    "じ",
    "ず",
    "ぜ",
    "ぞ",
    "だ",
    "で",
    "ど",
    "ば",
    "び",
    "ぶ",
    "べ",
    "ぼ",
    "きょ",
    "しょ",
    "りゅ",
    "ん",
]
_KANA = dict(zip(_ROMAJI, _HIRAGANA, strict=True))
ENGLISH_WORDS = [
    "the",
    "last",
    "night",
    "love",
    "story",
    "return",
    "king",
    "house",
    "city",
    "blood",
    "game",
    "dark",
    "girl",
    "boy",
    "war",
    "life",
    "man",
    "world",
    "dream",
    "secret",
    "road",
    "home",
    "fire",
    "song",
    "heart",
    "star",
    "time",
    "shadow",
    "river",
    "moon",
    "rain",
    "storm",
    "journey",
    "brother",
    "sister",
    "father",
    "mother",
    "family",
    "friend",
    "promise",
    "revenge",
    "hunter",
    "queen",
    "kingdom",
    "legend",
    "empire",
    "summer",
    "winter",
    "village",
    "school",
    "college",
    "murder",
    "mystery",
    "island",
    "ghost",
]
_LATIN_SYLLABLES = [
    "ka",
    "ra",
    "ma",
    "la",
    "ne",
    "to",
    "vi",
    "do",
    "sa",
    "ri",
    "no",
    "be",
    "lu",
    "ta",
    "mi",
    "go",
    "re",
    "si",
    "an",
    "el",
    "or",
]


@dataclass(frozen=True)
class Word:
    latin: str  # how it is typed in Latin letters
    native: str  # its own script ("" for Latin-only languages)
    key: str  # phonetic key of the word (same for both spellings but for rare folds)
    native_key: str


def _indic_word(rng: random.Random, tamil: bool) -> str:
    consonants = _TAMIL_CONSONANTS if tamil else _CONSONANTS
    syllables = [rng.choice(consonants) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.15:
        syllables[-1] += "M"  # anusvara: Dangal, Mangalam
    return "".join(syllables)


def _ascii(iast: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", iast).encode("ascii", "ignore").decode()


def indic_words(language: str, count: int, rng: random.Random) -> list[Word]:
    """`count` distinct made-up words of an Indic language, in its script and in Latin."""
    script = SCRIPTS[language]
    seen: dict[str, Word] = {}
    while len(seen) < count:
        hk = _indic_word(rng, tamil=script == sanscript.TAMIL)
        if hk in seen:
            continue
        native = sanscript.transliterate(hk, sanscript.HK, script)
        latin = _ascii(sanscript.transliterate(hk, sanscript.HK, sanscript.IAST)).capitalize()
        seen[hk] = Word(latin, native, phonetic_key(latin), phonetic_key(native))
    return list(seen.values())


def japanese_words(count: int, rng: random.Random) -> list[Word]:
    """Made-up romaji words with their hiragana."""
    seen: dict[str, Word] = {}
    while len(seen) < count:
        parts = [rng.choice(_ROMAJI[:-1]) for _ in range(rng.randint(2, 4))]
        latin = "".join(parts)
        if latin in seen:
            continue
        native = "".join(_KANA[p] for p in parts)
        seen[latin] = Word(latin.capitalize(), native, phonetic_key(latin), phonetic_key(native))
    return list(seen.values())


def latin_words(count: int, rng: random.Random) -> list[Word]:
    """English title words first, then made-up Latin words."""
    words = [w.capitalize() for w in ENGLISH_WORDS]
    seen = dict.fromkeys(words)
    while len(seen) < count:
        seen.setdefault(
            "".join(rng.choice(_LATIN_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        )
    return [Word(w, "", phonetic_key(w), "") for w in seen]


def form_key(keys: list[str]) -> str:
    """The phonetic key of a title made of words with these keys (phonetic_key joins words)."""
    return "".join(keys)
