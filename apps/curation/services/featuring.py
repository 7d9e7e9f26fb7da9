"""Featured slots: create and remove, validated and audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.catalog.models import Content
from apps.core.exceptions import ApplicationError
from apps.core.vocabulary import ISO_639_1
from apps.curation.models import Audience, FeaturedItem
from apps.curation.regions import canonical_state
from apps.curation.services.audit import audit_record
from apps.curation.versions import curation_changed


def _clean_targeting(
    languages: list[str], states: list[str], countries: list[str]
) -> tuple[list[str], list[str], list[str]]:
    langs = sorted({code.strip().lower() for code in languages})
    bad_langs = [code for code in langs if code not in ISO_639_1]
    canon = {code: canonical_state(code) for code in states}
    bad_states = [code for code, value in canon.items() if value is None]
    ccs = sorted({code.strip().upper() for code in countries})
    bad_countries = [code for code in ccs if len(code) != 2 or not code.isalpha()]
    if bad_langs or bad_states or bad_countries:
        raise ApplicationError(
            "Unknown targeting codes.",
            code="invalid_targeting",
            details={"languages": bad_langs, "states": bad_states, "countries": bad_countries},
        )
    return langs, sorted({v for v in canon.values() if v}), ccs


@transaction.atomic
def featured_create(
    *,
    actor: User | None,
    content: Content,
    slot: str,
    languages: list[str] | None = None,
    states: list[str] | None = None,
    countries: list[str] | None = None,
    audience: str = Audience.ALL,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    order: int = 0,
    note: str = "",
) -> FeaturedItem:
    """Feature a title in a slot for a targeted audience and window (ISO codes validated)."""
    langs, state_codes, ccs = _clean_targeting(languages or [], states or [], countries or [])
    start = starts_at or timezone.now()
    if ends_at is not None and ends_at <= start:
        raise ApplicationError(
            "The end must come after the start.",
            code="invalid_window",
            details={"ends_at": str(ends_at)},
        )
    if content.hidden:
        raise ApplicationError("A hidden title cannot be featured.", code="content_hidden")
    item = FeaturedItem.objects.create(
        content=content,
        slot=slot,
        languages=langs,
        states=state_codes,
        countries=ccs,
        audience=audience,
        starts_at=start,
        ends_at=ends_at,
        order=order,
        note=note,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="feature",
        target_type="content",
        target_id=content.pk,
        payload=_featured_payload(item),
    )
    curation_changed()
    return item


def _featured_payload(item: FeaturedItem) -> dict[str, Any]:
    return {
        "featured_id": item.pk,
        "slot": item.slot,
        "languages": item.languages,
        "states": item.states,
        "countries": item.countries,
        "audience": item.audience,
        "starts_at": item.starts_at.isoformat(),
        "ends_at": item.ends_at.isoformat() if item.ends_at else None,
        "order": item.order,
        "note": item.note,
    }


@transaction.atomic
def featured_delete(*, actor: User | None, item: FeaturedItem) -> None:
    payload = _featured_payload(item)
    content_id = item.content_id
    item.delete()
    audit_record(
        actor=actor,
        action="unfeature",
        target_type="content",
        target_id=content_id,
        payload=payload,
    )
    curation_changed()
