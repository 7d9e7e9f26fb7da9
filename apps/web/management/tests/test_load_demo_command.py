"""`manage.py load_demo` (run by `make run`): a progress bar and one summary line that says how
many pairs wait for curators and where, not one log line per queued pair."""

from __future__ import annotations

import logging
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from apps.catalog.demo_loader import DemoStats
from apps.catalog.models import MatchReview
from apps.catalog.services.merge import TitleCandidate, content_ingest
from apps.catalog.tests.factories import ContentFactory
from apps.web.management.commands import load_demo as command

pytestmark = pytest.mark.django_db


def _ingest_ambiguous(progress) -> DemoStats:
    """What the TV step does for an ambiguous series: queue it through the real ingestion."""
    ContentFactory(title="Breaking Bad", kind="tv", year=2008)
    candidate = TitleCandidate(
        source="tvmaze", source_key="tvmaze:1", kind="tv", title="Breaking Bad", values={}
    )
    assert content_ingest(candidate).action == "queued"
    progress("TV series")
    return DemoStats(titles=1, users=0, ratings=0, queued_for_review=1, seconds=0.1)


def test_load_demo_prints_one_summary_line_instead_of_a_line_per_queued_pair(monkeypatch, caplog):
    monkeypatch.setattr(command, "load_demo", _ingest_ambiguous)
    monkeypatch.setattr(
        command, "load_demo_availability", lambda: SimpleNamespace(created=0, lines=list)
    )
    caplog.set_level(logging.INFO)
    out, err = StringIO(), StringIO()

    call_command("load_demo", stdout=out, stderr=err)

    assert MatchReview.objects.filter(status="pending").count() == 1
    assert [r.getMessage() for r in caplog.records if "queued for review" in r.getMessage()] == []
    summary = [line for line in out.getvalue().splitlines() if line.startswith("Demo data:")]
    assert len(summary) == 1
    assert "1 ambiguous matches wait for curators" in summary[0]
    assert "/admin/catalog/matchreview/?status__exact=pending" in summary[0]
    assert "demo data" in err.getvalue()  # the progress bar
    assert logging.getLogger(command.QUIET).level == logging.NOTSET  # restored afterwards
