"""Which catalogue title an imported row means: IMDb id, then MAL id, then normalised title +
year + kind through the catalogue's own matcher. A row that none of these settle stays unmatched:
the import report lists it rather than guessing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from apps.catalog.models import Content
from apps.catalog.services.merge import AUTO_MERGE, match_by_title
from apps.catalog.text import normalize_title
from apps.integrations.types import SourceTitle
from apps.portability.parsers import ImportRow


class Matcher:
    """Matches many rows with two id look-ups up front, then one title query per leftover row."""

    def __init__(self, rows: Iterable[ImportRow]) -> None:
        rows = list(rows)
        imdb_ids = {row.imdb_id for row in rows if row.imdb_id}
        mal_ids = {row.mal_id for row in rows if row.mal_id}
        self._by_imdb = dict(
            Content.objects.filter(imdb_id__in=imdb_ids).values_list("imdb_id", "id")
        )
        self._by_mal = dict(Content.objects.filter(mal_id__in=mal_ids).values_list("mal_id", "id"))
        self._exact = self._exact_titles(rows)

    @staticmethod
    def _exact_titles(
        rows: list[ImportRow],
    ) -> dict[tuple[str, str, int | None], list[tuple[int, Any, Any]]]:
        """Records whose normalised title, kind and year equal a row's, in one query: the common
        case (score 100, same year) needs no fuzzy scoring."""
        names = {normalize_title(row.title) for row in rows if row.title and row.year}
        found: dict[tuple[str, str, int | None], list[tuple[int, Any, Any]]] = {}
        qs = Content.objects.filter(normalized_title__in=names - {""}, year__isnull=False)
        for pk, name, kind, year, imdb_id, mal_id in qs.values_list(
            "id", "normalized_title", "kind", "year", "imdb_id", "mal_id"
        ):
            found.setdefault((name, kind, year), []).append((pk, imdb_id, mal_id))
        return found

    def content_id(self, row: ImportRow) -> int | None:
        if row.imdb_id and row.imdb_id in self._by_imdb:
            return self._by_imdb[row.imdb_id]
        if row.mal_id and row.mal_id in self._by_mal:
            return self._by_mal[row.mal_id]
        return self._by_title(row)

    def _by_title(self, row: ImportRow) -> int | None:
        """Same kind, same known year, title similarity at the merge's auto-merge bar; a record
        that carries a different id for the same service is another title."""
        if not row.title or not row.year or not row.kind:
            return None
        exact = self._exact.get((normalize_title(row.title), row.kind, row.year), [])
        if len(exact) == 1:
            pk, imdb_id, mal_id = exact[0]
            return None if self._conflicts(row, imdb_id, mal_id) else pk
        if len(exact) > 1:
            return None  # two records with this very title and year: not ours to pick one
        candidate = SourceTitle(
            source="import",
            source_key="",
            kind=row.kind,
            title=row.title,
            values={"year": row.year},
        )
        content, score, gap = match_by_title(candidate)
        if content is None or score < AUTO_MERGE or gap != 0:
            return None
        other_ids = Content.objects.filter(pk=content.pk).values_list("imdb_id", "mal_id").first()
        assert other_ids is not None
        return None if self._conflicts(row, *other_ids) else content.pk

    @staticmethod
    def _conflicts(row: ImportRow, imdb_id: str | None, mal_id: int | None) -> bool:
        """A record carrying a different id of the same service is another title."""
        return bool(
            (row.imdb_id and imdb_id and imdb_id != row.imdb_id)
            or (row.mal_id and mal_id and mal_id != row.mal_id)
        )
