"""Who is asking, for the priors: plain data, no imports (types and items both use it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Visitor:
    """Where the person asking is (apps.regional's visitor context: profile, else IP, else the
    default country) and the film languages to lead with: the prior for anonymous visitors and
    for whatever a signed-in user's profile leaves empty."""

    country: str = ""
    region: str = ""
    languages: tuple[str, ...] = ()
