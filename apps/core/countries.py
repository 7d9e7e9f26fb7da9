"""Country codes every API accepts (`country=` of lists, recommendations and where to watch):
ISO 3166-1 alpha-2 (the 249 officially assigned codes). Validated once, by
`apps.catalog.api.fields.CountryField`.

TMDB's watch-provider data covers a subset (GET /watch/providers/regions); a valid code outside
it simply has no offers, while a code that is not a country at all is a 400.
"""

_CODES = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ "
    "BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR "
    "CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR "
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU "
    "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ "
    "LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF "
    "PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
    "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR "
    "TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW "
)
ISO_3166_1_ALPHA_2 = frozenset(_CODES.split())
# TMDB also answers for Kosovo under the user-assigned code XK.
KNOWN_COUNTRIES = ISO_3166_1_ALPHA_2 | {"XK"}


def country_normalise(value: str) -> str | None:
    """'in' -> 'IN'; None for anything that is not a known country code."""
    code = value.strip().upper()
    return code if code in KNOWN_COUNTRIES else None
