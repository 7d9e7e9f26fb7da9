from apps.catalog.services.merge import IngestResult, TitleCandidate, content_ingest

__all__ = ["IngestResult", "TitleCandidate", "content_ingest"]
