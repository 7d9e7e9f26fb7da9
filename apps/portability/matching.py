"""Which catalogue title an imported row means: IMDb id, then MAL id, then normalised title +
year + kind through the catalogue's own matcher. A row that none of these settle stays unmatched:
the import report lists it rather than guessing."""

from __future__ import annotations

from collections.abc import Iterable

from apps.catalog.models import Content
from apps.catalog.services.merge import AUTO_MERGE, match_by_title
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
        imdb_id, mal_id = other_ids
        if (row.imdb_id and imdb_id and imdb_id != row.imdb_id) or (
            row.mal_id and mal_id and mal_id != row.mal_id
        ):
            return None
        return content.pk
