"""Targeting by Indian state: ISO 3166-2:IN codes (2023 edition) from the shared vocabulary,
with retired codes, short codes and state names accepted (IN-TG -> IN-TS), so targeting written
either way matches."""

from apps.core.vocabulary import state_lookup


def canonical_state(code: str) -> str | None:
    """The current ISO 3166-2:IN code for a code, a retired alias or the state's name; None when
    unknown."""
    state = state_lookup(code.strip())
    return state.code if state is not None else None
