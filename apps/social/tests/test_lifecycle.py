"""social's handlers in the two registries: lists, review details, votes and reports."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.merging import run_mover
from apps.social import lifecycle
from apps.social.models import HelpfulVote, ReviewMeta, ReviewReport, UserList, UserListItem

pytestmark = pytest.mark.django_db


def _list(owner, slug):
    return UserList.objects.create(owner=owner, name=slug, slug=slug, is_public=True)


def test_votes_reports_and_review_details_are_exported():
    user, author = UserFactory(), UserFactory()
    content = ContentFactory(title="Jersey")
    review = Rating.objects.create(user=author, content=content, rating=8, review="Moving")
    mine = Rating.objects.create(user=user, content=ContentFactory(), rating=6, review="Long")
    ReviewMeta.objects.create(rating=mine, spoiler=True, language="te")
    HelpfulVote.objects.create(user=user, rating=review)
    ReviewReport.objects.create(reporter=user, rating=review, reason="spoiler", note="ending")

    assert [v["title"] for v in lifecycle._export_votes(user.pk)] == ["Jersey"]
    reports = lifecycle._export_reports(user.pk)
    assert [(r["title"], r["reason"], r["note"]) for r in reports] == [
        ("Jersey", "spoiler", "ending")
    ]
    reviews = lifecycle._export_reviews(user.pk)
    assert [(r["content_id"], r["spoiler"], r["language"]) for r in reviews] == [
        (mine.content_id, True, "te")
    ]


def test_reports_stay_in_the_queue_without_the_reporter_or_their_words():
    user, author = UserFactory(), UserFactory()
    review = Rating.objects.create(user=author, content=ContentFactory(), rating=8, review="x")
    ReviewReport.objects.create(reporter=user, rating=review, reason="abuse", note="my words")

    lifecycle._anonymise_reports(user.pk)

    report = ReviewReport.objects.get()
    assert (report.reporter_id, report.note, report.reason) == (None, "", "abuse")


def test_merge_keeps_one_list_item_at_the_earlier_date_with_a_note():
    keep, dup = ContentFactory(), ContentFactory()
    owner = UserFactory()
    both, only_dup = _list(owner, "both"), _list(owner, "only-dup")
    early = timezone.now() - timedelta(days=40)
    UserListItem.objects.create(user_list=both, content=keep)
    on_dup = UserListItem.objects.create(user_list=both, content=dup, note="watch with dad")
    UserListItem.objects.filter(pk=on_dup.pk).update(added_at=early)
    UserListItem.objects.create(user_list=only_dup, content=dup)

    run_mover("social.UserListItem.content", source=dup, target=keep)

    kept = UserListItem.objects.get(user_list=both)
    assert (kept.content_id, kept.added_at, kept.note) == (keep.pk, early, "watch with dad")
    assert UserListItem.objects.get(user_list=only_dup).content_id == keep.pk
    assert UserListItem.objects.count() == 2
