"""Indian states and union territories as ISO 3166-2:IN codes (2023 edition), with the codes the
2023 revision replaced accepted as aliases (IN-TG -> IN-TS, IN-OR -> IN-OD, IN-CT -> IN-CG,
IN-UT -> IN-UK), so targeting written with either matches."""

INDIAN_STATES: dict[str, str] = {
    "IN-AN": "Andaman and Nicobar Islands",
    "IN-AP": "Andhra Pradesh",
    "IN-AR": "Arunachal Pradesh",
    "IN-AS": "Assam",
    "IN-BR": "Bihar",
    "IN-CH": "Chandigarh",
    "IN-CG": "Chhattisgarh",
    "IN-DH": "Dadra and Nagar Haveli and Daman and Diu",
    "IN-DL": "Delhi",
    "IN-GA": "Goa",
    "IN-GJ": "Gujarat",
    "IN-HP": "Himachal Pradesh",
    "IN-HR": "Haryana",
    "IN-JH": "Jharkhand",
    "IN-JK": "Jammu and Kashmir",
    "IN-KA": "Karnataka",
    "IN-KL": "Kerala",
    "IN-LA": "Ladakh",
    "IN-LD": "Lakshadweep",
    "IN-MH": "Maharashtra",
    "IN-ML": "Meghalaya",
    "IN-MN": "Manipur",
    "IN-MP": "Madhya Pradesh",
    "IN-MZ": "Mizoram",
    "IN-NL": "Nagaland",
    "IN-OD": "Odisha",
    "IN-PB": "Punjab",
    "IN-PY": "Puducherry",
    "IN-RJ": "Rajasthan",
    "IN-SK": "Sikkim",
    "IN-TN": "Tamil Nadu",
    "IN-TR": "Tripura",
    "IN-TS": "Telangana",
    "IN-UK": "Uttarakhand",
    "IN-UP": "Uttar Pradesh",
    "IN-WB": "West Bengal",
}
ALIASES = {"IN-TG": "IN-TS", "IN-OR": "IN-OD", "IN-CT": "IN-CG", "IN-UT": "IN-UK"}


def canonical_state(code: str) -> str | None:
    """The current ISO 3166-2:IN code for a code, its pre-2023 alias or the state's English name;
    None when unknown."""
    by_name = {name.lower(): key for key, name in INDIAN_STATES.items()}
    if code.strip().lower() in by_name:  # profiles may hold the state's name
        return by_name[code.strip().lower()]
    value = code.strip().upper()
    if not value.startswith("IN-"):
        value = f"IN-{value}"
    value = ALIASES.get(value, value)
    return value if value in INDIAN_STATES else None
