"""The one vocabulary of languages and regions; no Django imports, so every layer may use it.

Holds ISO 639-1 codes, the languages the product names (English name, native name, script), the
first-class languages, and India's states and union territories (ISO 3166-2:IN code, name,
dominant film languages). Everything else (catalogue ingestion, the recommender's location
prior, regional lists, geolocation, serializers) imports from here.
"""

from __future__ import annotations

from dataclasses import dataclass

# ISO 639-1 (two-letter) codes.
ISO_639_1 = frozenset(
    [
        "aa",
        "ab",
        "ae",
        "af",
        "ak",
        "am",
        "an",
        "ar",
        "as",
        "av",
        "ay",
        "az",
        "ba",
        "be",
        "bg",
        "bi",
        "bm",
        "bn",
        "bo",
        "br",
        "bs",
        "ca",
        "ce",
        "ch",
        "co",
        "cr",
        "cs",
        "cu",
        "cv",
        "cy",
        "da",
        "de",
        "dv",
        "dz",
        "ee",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "ff",
        "fi",
        "fj",
        "fo",
        "fr",
        "fy",
        "ga",
        "gd",
        "gl",
        "gn",
        "gu",
        "gv",
        "ha",
        "he",
        "hi",
        "ho",
        "hr",
        "ht",
        "hu",
        "hy",
        "hz",
        "ia",
        "id",
        "ie",
        "ig",
        "ii",
        "ik",
        "io",
        "is",
        "it",
        "iu",
        "ja",
        "jv",
        "ka",
        "kg",
        "ki",
        "kj",
        "kk",
        "kl",
        "km",
        "kn",
        "ko",
        "kr",
        "ks",
        "ku",
        "kv",
        "kw",
        "ky",
        "la",
        "lb",
        "lg",
        "li",
        "ln",
        "lo",
        "lt",
        "lu",
        "lv",
        "mg",
        "mh",
        "mi",
        "mk",
        "ml",
        "mn",
        "mr",
        "ms",
        "mt",
        "my",
        "na",
        "nb",
        "nd",
        "ne",
        "ng",
        "nl",
        "nn",
        "no",
        "nr",
        "nv",
        "ny",
        "oc",
        "oj",
        "om",
        "or",
        "os",
        "pa",
        "pi",
        "pl",
        "ps",
        "pt",
        "qu",
        "rm",
        "rn",
        "ro",
        "ru",
        "rw",
        "sa",
        "sc",
        "sd",
        "se",
        "sg",
        "si",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sq",
        "sr",
        "ss",
        "st",
        "su",
        "sv",
        "sw",
        "ta",
        "te",
        "tg",
        "th",
        "ti",
        "tk",
        "tl",
        "tn",
        "to",
        "tr",
        "ts",
        "tt",
        "tw",
        "ty",
        "ug",
        "uk",
        "ur",
        "uz",
        "ve",
        "vi",
        "vo",
        "wa",
        "wo",
        "xh",
        "yi",
        "yo",
        "za",
        "zh",
        "zu",
    ]
)


@dataclass(frozen=True)
class Language:
    """An ISO 639-1 language: English name, name in its own script, and that script (ISO 15924)."""

    code: str
    name: str
    native: str
    script: str


# Languages the product names anywhere (lists, reasons, filters); the rest of ISO 639-1 is valid
# input but is shown by its code.
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("te", "Telugu", "తెలుగు", "Telu"),
        Language("hi", "Hindi", "हिन्दी", "Deva"),
        Language("ta", "Tamil", "தமிழ்", "Taml"),
        Language("kn", "Kannada", "ಕನ್ನಡ", "Knda"),
        Language("ml", "Malayalam", "മലയാളം", "Mlym"),
        Language("en", "English", "English", "Latn"),
        Language("ja", "Japanese", "日本語", "Jpan"),
        Language("bn", "Bengali", "বাংলা", "Beng"),
        Language("mr", "Marathi", "मराठी", "Deva"),
        Language("ko", "Korean", "한국어", "Kore"),
        Language("pa", "Punjabi", "ਪੰਜਾਬੀ", "Guru"),
        Language("gu", "Gujarati", "ગુજરાતી", "Gujr"),
        Language("ur", "Urdu", "اردو", "Arab"),
        Language("or", "Odia", "ଓଡ଼ିଆ", "Orya"),
        Language("as", "Assamese", "অসমীয়া", "Beng"),
        Language("ne", "Nepali", "नेपाली", "Deva"),
        Language("sa", "Sanskrit", "संस्कृतम्", "Deva"),
        Language("zh", "Chinese", "中文", "Hans"),
        Language("fr", "French", "Français", "Latn"),
        Language("es", "Spanish", "Español", "Latn"),
        Language("de", "German", "Deutsch", "Latn"),
        Language("it", "Italian", "Italiano", "Latn"),
        Language("pt", "Portuguese", "Português", "Latn"),
        Language("ru", "Russian", "Русский", "Cyrl"),
        Language("nl", "Dutch", "Nederlands", "Latn"),
        Language("da", "Danish", "Dansk", "Latn"),
        Language("sv", "Swedish", "Svenska", "Latn"),
        Language("tr", "Turkish", "Türkçe", "Latn"),
        Language("th", "Thai", "ไทย", "Thai"),
        Language("id", "Indonesian", "Bahasa Indonesia", "Latn"),
        Language("ar", "Arabic", "العربية", "Arab"),
    )
}

# The languages the product is built around (regional lists, festivals, search across scripts),
# in the order the UI offers them; ja is there for anime.
FIRST_CLASS_LANGUAGES: tuple[str, ...] = ("te", "hi", "ta", "kn", "ml", "en", "ja")

# First-class languages of Indian cinema: what ingestion discovers per language for region IN.
REGIONAL_LANGUAGES: tuple[str, ...] = ("te", "hi", "ta", "kn", "ml")

# Languages of Indian cinema, for regional-versus-international signals (the recommender's
# regional model). Nepali and Sanskrit are Indian languages too, but their films are not
# Indian regional cinema in the catalogue's sources, so they are left out.
INDIAN_LANGUAGES: tuple[str, ...] = (
    "te", "hi", "ta", "kn", "ml", "bn", "mr", "pa", "gu", "ur", "or", "as",
)  # fmt: skip

# The picker's order: first-class languages, then other languages with a large catalogue.
FEATURED_LANGUAGES: dict[str, str] = {
    code: LANGUAGES[code].name for code in (*FIRST_CLASS_LANGUAGES, "bn", "mr", "ko")
}

LANGUAGE_NAMES: dict[str, str] = {code: lang.name for code, lang in LANGUAGES.items()}


def language_name(code: str) -> str:
    """English name of a language code ('te' -> 'Telugu'); unknown codes are shown upper-cased."""
    return LANGUAGE_NAMES.get(code, code.upper() if code else "")


def language_native_name(code: str) -> str:
    """A language's name in its own script ('te' -> 'తెలుగు'), else its English name."""
    lang = LANGUAGES.get(code)
    return lang.native if lang else language_name(code)


@dataclass(frozen=True)
class State:
    """An Indian state or union territory: ISO 3166-2:IN code, English name, film languages.

    `languages` are the dominant film languages, most watched first (a location prior, not a
    rule); `aliases` are other spellings geolocation databases use; `former_codes` are codes ISO
    retired (Telangana was IN-TG until the 2023 newsletter made it IN-TS).
    """

    code: str
    name: str
    languages: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    former_codes: tuple[str, ...] = ()

    @property
    def short_code(self) -> str:
        """The part after 'IN-' (what the `holidays` package calls the subdivision)."""
        return self.code.removeprefix("IN-")


INDIAN_STATES: tuple[State, ...] = (
    State("IN-AN", "Andaman and Nicobar Islands", ("hi", "bn", "ta")),
    State("IN-AP", "Andhra Pradesh", ("te",)),
    State("IN-AR", "Arunachal Pradesh", ("hi", "en")),
    State("IN-AS", "Assam", ("as", "hi", "bn")),
    State("IN-BR", "Bihar", ("hi",)),
    State("IN-CH", "Chandigarh", ("hi", "pa")),
    State("IN-CG", "Chhattisgarh", ("hi",), former_codes=("IN-CT",)),
    State(
        "IN-DH",
        "Dadra and Nagar Haveli and Daman and Diu",
        ("gu", "hi"),
        aliases=("Dadra and Nagar Haveli", "Daman and Diu"),
        former_codes=("IN-DN", "IN-DD"),
    ),
    State(
        "IN-DL", "Delhi", ("hi",), aliases=("National Capital Territory of Delhi", "NCT of Delhi")
    ),
    State("IN-GA", "Goa", ("hi", "mr")),
    State("IN-GJ", "Gujarat", ("gu", "hi")),
    State("IN-HR", "Haryana", ("hi",)),
    State("IN-HP", "Himachal Pradesh", ("hi",)),
    State("IN-JK", "Jammu and Kashmir", ("hi", "ur")),
    State("IN-JH", "Jharkhand", ("hi",)),
    State("IN-KA", "Karnataka", ("kn",)),
    State("IN-KL", "Kerala", ("ml",)),
    State("IN-LA", "Ladakh", ("hi",)),
    State("IN-LD", "Lakshadweep", ("ml",)),
    State("IN-MP", "Madhya Pradesh", ("hi",)),
    State("IN-MH", "Maharashtra", ("mr", "hi")),
    State("IN-MN", "Manipur", ("hi", "en")),
    State("IN-ML", "Meghalaya", ("en", "hi")),
    State("IN-MZ", "Mizoram", ("en",)),
    State("IN-NL", "Nagaland", ("en",)),
    State("IN-OD", "Odisha", ("or",), aliases=("Orissa",), former_codes=("IN-OR",)),
    State("IN-PY", "Puducherry", ("ta",), aliases=("Pondicherry",)),
    State("IN-PB", "Punjab", ("pa", "hi")),
    State("IN-RJ", "Rajasthan", ("hi",)),
    State("IN-SK", "Sikkim", ("ne", "hi")),
    State("IN-TN", "Tamil Nadu", ("ta",)),
    State("IN-TS", "Telangana", ("te", "ur"), former_codes=("IN-TG",)),
    State("IN-TR", "Tripura", ("bn",)),
    State("IN-UP", "Uttar Pradesh", ("hi",)),
    State("IN-UK", "Uttarakhand", ("hi",), aliases=("Uttaranchal",), former_codes=("IN-UT",)),
    State("IN-WB", "West Bengal", ("bn",)),
)

_STATE_KEYS: dict[str, State] = {}
for _state in INDIAN_STATES:
    for _key in (
        _state.code,
        _state.short_code,
        _state.name,
        *_state.aliases,
        *_state.former_codes,
    ):
        _STATE_KEYS[_key.casefold()] = _state
for _state in INDIAN_STATES:  # a retired short code (TG) never shadows a current one
    for _old in _state.former_codes:
        _STATE_KEYS.setdefault(_old.removeprefix("IN-").casefold(), _state)


def state_lookup(value: str) -> State | None:
    """The state for a name, alias, ISO code ('IN-TS') or short code ('TS'); None if unknown."""
    return _STATE_KEYS.get(" ".join(value.split()).casefold()) if value else None


# Dominant film language by state name (lower case), for callers that only hold a profile's
# free-text region, such as the recommender's location prior.
REGION_LANGUAGE: dict[str, str] = {
    name.casefold(): state.languages[0]
    for state in INDIAN_STATES
    for name in (state.name, *state.aliases)
}

# Outside India the default is English plus whatever the visitor chose.
DEFAULT_LANGUAGES: tuple[str, ...] = ("en",)


def default_languages(country: str, state: str = "") -> tuple[str, ...]:
    """Film languages to lead with for a location: the state's, else Hindi for India, else English."""
    found = state_lookup(state) if country.upper() == "IN" else None
    if found is not None:
        return found.languages
    if country.upper() == "IN":
        return ("hi", "en")
    return DEFAULT_LANGUAGES
