"""What issues 14-16 and 18 add to the site: rows from the visitor's location (with DB-IP's
attribution), the curated hero, festival, free-to-watch and regional trending rows, where to
watch on cards and "only my services", share tags and reviews, public lists, and the pages the
account e-mails link to."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import resolve, reverse

from apps.accounts.models import Rating, User
from apps.accounts.tests.factories import UserFactory
from apps.curation.models import FeaturedItem
from apps.curation.tests.factories import CollectionFactory
from apps.ott.models import Platform, UserPlatform
from apps.ott.tests.factories import AvailabilityFactory
from apps.regional.models import Festival, FestivalPin
from apps.social.models import ReviewMeta, UserList

PASSWORD = "a-long-enough-passphrase"
TELANGANA = "14.139.64.1"  # DB-IP: Hyderabad, Telangana
PROXY = "10.0.0.7"  # the trusted proxy's own address (what REMOTE_ADDR shows behind it)


@pytest.fixture
def member(db: None) -> User:
    user = UserFactory(username="ravi", display_name="Ravi", email="ravi@example.com", country="IN")
    user.set_password(PASSWORD)
    user.save()
    return user


def _rows(body: str) -> list[str]:
    return re.findall(r'data-row="([^"]+)"', body)


def _row(body: str, key: str) -> str:
    return body.split(f'data-row="{key}"')[1].split("</section>")[0]


def test_telangana_visitor_through_one_trusted_proxy_sees_telugu_rows_first(
    client, catalogue, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    # the client may send anything on the left; the proxy appends the address it saw
    located = client.get(
        "/", HTTP_X_FORWARDED_FOR=f"203.0.113.9, {TELANGANA}", REMOTE_ADDR=PROXY
    ).content.decode()
    youtube = Platform.objects.get(slug="youtube")
    AvailabilityFactory(content=catalogue["te"][4], platform=youtube, monetisation="free")
    free_page = client.get(
        reverse("web:free"), HTTP_X_FORWARDED_FOR=TELANGANA, REMOTE_ADDR=PROXY
    ).content.decode()
    settings.TRUSTED_PROXY_COUNT = 0  # the header is not trusted: no location
    unlocated = client.get("/", HTTP_X_FORWARDED_FOR=TELANGANA, REMOTE_ADDR=PROXY).content.decode()

    rows = _rows(located)
    assert rows.index("trending-te") < rows.index("anime")
    assert next(r for r in rows if r.startswith("trending")) == "trending-te"
    assert "New in Telugu" in located  # no activity in the fixture: the newest Telugu films
    telugu = _row(located, "trending-te")
    assert "Telugu Action 7" in telugu
    assert "English Comedy" not in telugu
    assert "Popular Telugu movies" in located
    assert '<a href="https://db-ip.com" rel="noopener">IP Geolocation by DB-IP</a>' in located
    assert "Showing picks for Telangana." in located
    assert "IP Geolocation by DB-IP" not in unlocated
    assert "IP Geolocation by DB-IP" in free_page  # its offers' country came from the address
    assert "trending-te" not in _rows(unlocated)
    assert "Trending this week" in unlocated


def test_a_chosen_language_filter_wins_over_the_location(client, catalogue, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    body = client.get(
        "/", {"lang": "hi"}, HTTP_X_FORWARDED_FOR=TELANGANA, REMOTE_ADDR=PROXY
    ).content.decode()

    assert "trending-hi" in _rows(body)
    assert "trending-te" not in _rows(body)
    assert "IP Geolocation by DB-IP" in body  # the festival and hero rows still use the state


def test_the_hero_is_what_curators_feature_for_the_visitors_state(client, catalogue, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    pick = catalogue["hi"][2]
    FeaturedItem.objects.create(
        content=pick, slot="hero", states=["IN-TS"], starts_at=datetime(2026, 1, 1, tzinfo=UTC)
    )

    hyderabad = client.get("/", HTTP_X_FORWARDED_FOR=TELANGANA, REMOTE_ADDR=PROXY)
    elsewhere = client.get("/")

    assert "Hindi Drama 2" in _row(hyderabad.content.decode(), "featured")
    assert "Hindi Drama 2" not in _row(elsewhere.content.decode(), "featured")


def test_festival_row_and_page_for_the_visitors_region(client, catalogue, settings, monkeypatch):
    settings.TRUSTED_PROXY_COUNT = 1
    sankranti = Festival.objects.get(slug="sankranti")
    FestivalPin.objects.create(festival=sankranti, content=catalogue["te"][6], position=0)
    monkeypatch.setattr(
        "apps.web.pages.home.timezone.now", lambda: datetime(2026, 1, 10, 6, tzinfo=UTC)
    )

    body = client.get("/", HTTP_X_FORWARDED_FOR=TELANGANA, REMOTE_ADDR=PROXY).content.decode()
    page = client.get(reverse("web:festival", args=["sankranti"]))

    row = _row(body, "festival")
    assert "Sankranti: Telugu and Kannada family films (in 4 days)" in row
    assert "Telugu Action 6" in row
    assert 'href="/festivals/sankranti/"' in row
    assert page.status_code == 200
    assert "Telugu Action 6" in page.content.decode()
    assert client.get(reverse("web:festivals")).status_code == 200
    assert client.get("/festivals/no-such-festival/").status_code == 404


def test_free_row_and_where_to_watch_on_cards(client, catalogue):
    youtube = Platform.objects.get(slug="youtube")
    netflix = Platform.objects.get(slug="netflix")
    free_film, paid_film = catalogue["te"][4], catalogue["en"][0]
    AvailabilityFactory(content=free_film, platform=youtube, monetisation="free", source="youtube")
    AvailabilityFactory(content=paid_film, platform=netflix)

    body = client.get("/").content.decode()
    free_page = client.get(reverse("web:free")).content.decode()

    free_row = _row(body, "free")
    assert "Telugu Action 4" in free_row
    assert "English Comedy 0" not in free_row
    assert '<span class="where">free on YouTube</span>' in free_row
    assert '<span class="where">Netflix</span>' in body
    # the Netflix line is TMDB's (JustWatch's) data: its row credits it; the free row's is not
    assert "Where-to-watch data by JustWatch, via TMDB." not in free_row
    credited = [k for k in _rows(body) if "data by JustWatch" in _row(body, k)]
    assert credited
    assert all("English Comedy 0" in _row(body, k) for k in credited)
    assert "Telugu Action 4" in free_page
    assert "English Comedy 0" not in free_page


def test_onboarding_platforms_step_and_only_my_services(client, member, catalogue):
    client.force_login(member)
    client.post(reverse("web:onboarding"), {"preferred_languages": ["te"]})
    step = client.get(reverse("web:onboarding-platforms"))
    done = client.post(reverse("web:onboarding-platforms"), {"platforms": ["netflix", "aha"]})
    bad = client.post(reverse("web:onboarding-platforms"), {"platforms": ["no-such-service"]})

    assert "Step 2 of 3" in step.content.decode()
    assert done.status_code == 302
    assert done["Location"] == reverse("web:onboarding-rate")
    assert sorted(
        UserPlatform.objects.filter(user=member).values_list("platform__slug", flat=True)
    ) == ["aha", "netflix"]
    assert bad.status_code == 200  # a form error, nothing changed
    assert UserPlatform.objects.filter(user=member).count() == 2

    on_netflix, on_youtube, elsewhere = catalogue["en"][1], catalogue["en"][2], catalogue["en"][3]
    AvailabilityFactory(content=on_netflix, platform=Platform.objects.get(slug="netflix"))
    AvailabilityFactory(
        content=on_youtube, platform=Platform.objects.get(slug="youtube"), monetisation="free"
    )
    AvailabilityFactory(content=elsewhere, platform=Platform.objects.get(slug="prime-video"))

    everything = client.get("/", {"lang": "en"}).content.decode()
    mine = client.get("/", {"mine": "1"}).content.decode()
    still_mine = client.get(reverse("web:browse-language", args=["en"])).content.decode()
    off = client.get("/", {"mine": "0"}).content.decode()

    assert 'aria-pressed="false"' in everything
    assert "English Comedy 3" in everything
    assert 'aria-pressed="true"' in mine
    assert "English Comedy 1" in mine
    assert "English Comedy 2" in mine
    assert "English Comedy 3" not in mine
    assert "English Comedy 0" not in mine
    assert "English Comedy 3" not in still_mine
    assert "English Comedy 1" in still_mine
    assert "English Comedy 3" in off


def test_title_page_share_tags_buttons_and_reviews(client, member, catalogue):
    film = catalogue["te"][0]
    film.overview = "A farmer's son <takes> on the city."
    film.save()
    poster = catalogue["te"][1]
    poster.poster_url = "https://image.tmdb.org/t/p/w500/abc.jpg"
    poster.save()
    plain = Rating.objects.create(
        user=member, content=film, rating=8, review="<script>alert(1)</script> great"
    )
    other = UserFactory(username="sita")
    spoiler = Rating.objects.create(user=other, content=film, rating=9, review="The twist: X.")
    ReviewMeta.objects.create(rating=spoiler, spoiler=True, language="en")
    ReviewMeta.objects.create(rating=plain, language="te")

    body = client.get(reverse("web:title", args=[film.pk])).content.decode()
    with_poster = client.get(reverse("web:title", args=[poster.pk])).content.decode()

    url = f"http://testserver/title/{film.pk}/"
    assert f'<meta property="og:url" content="{url}">' in body
    assert '<meta property="og:title" content="Telugu Action 0 (2010)">' in body
    assert "te · A farmer&#x27;s son &lt;takes&gt; on the city." in body
    assert '<meta name="twitter:card" content="summary">' in body
    assert "og:image" not in body
    assert '<meta property="og:image" content="https://image.tmdb.org/t/p/w500/abc.jpg">' in (
        with_poster
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in with_poster
    whatsapp = "https://wa.me/?text=" + quote(f"Telugu Action 0 (2010) {url}")
    assert f'<a href="{whatsapp}" rel="noopener" target="_blank">WhatsApp</a>' in body
    assert 'src="/static/web/share.js"' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; great" in body
    assert "<script>alert(1)" not in body
    spoiler_html = body.split("The twist: X.")[0].rsplit("<article", 1)[1]
    assert "<details><summary>Contains spoilers: show the review</summary>" in spoiler_html
    assert resolve(f"/title/{film.pk}/").url_name == "title"


def test_public_list_page_where_share_cards_point(client, member, catalogue, settings):
    public = UserList.objects.create(owner=member, name="Sankranti నచ్చినవి", is_public=True)
    public.slug = "ravi-sankranti-నచ్చినవి"
    public.save()
    public.items.create(content=catalogue["te"][2])
    private = UserList.objects.create(owner=member, name="Secret", slug="ravi-secret")

    page = client.get(f"/lists/{public.slug}")
    hidden = client.get(f"/lists/{private.slug}")
    client.force_login(member)
    own = client.get(f"/lists/{private.slug}")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Telugu Action 2" in body
    assert '<meta property="og:title" content="Sankranti నచ్చినవి · Ravi">' in body
    assert settings.SHARE_LIST_PATH.format(slug=public.slug) == f"/lists/{public.slug}"
    assert hidden.status_code == 404
    assert own.status_code == 200
    assert "og:title" not in own.content.decode()


def test_site_paths_and_the_link_settings_agree(catalogue, settings):
    film = catalogue["te"][0]
    for template in (settings.SITE_CONTENT_PATH, settings.SHARE_CONTENT_PATH):
        match = resolve(template.format(id=film.pk))
        assert match.url_name == "title"
        assert match.kwargs["content_id"] == film.pk
    assert resolve(settings.SITE_COLLECTION_PATH.format(slug="diwali-picks")).url_name == (
        "collection"
    )
    assert resolve(settings.SHARE_LIST_PATH.format(slug="ravi-my-list")).url_name == "list"


def test_collections_pages(client, catalogue):
    shown = CollectionFactory(slug="monsoon-picks", title="Monsoon picks", description="Rainy.")
    shown.items.create(content=catalogue["hi"][0], order=1)
    shown.items.create(content=catalogue["te"][0], order=0)
    CollectionFactory(slug="draft", title="Draft", is_public=False)

    index = client.get(reverse("web:collections")).content.decode()
    page = client.get(reverse("web:collection", args=["monsoon-picks"])).content.decode()

    assert "Monsoon picks" in index
    assert "Draft" not in index
    assert page.index("Telugu Action 0") < page.index("Hindi Drama 0")
    assert client.get(reverse("web:collection", args=["draft"])).status_code == 404


@pytest.fixture
def send_mail_now(django_capture_on_commit_callbacks, monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)

    def post(client, path, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return post


def test_password_reset_pages_the_e_mail_links_to(client, member, send_mail_now):
    asked = send_mail_now(client, reverse("web:reset-request"), {"email": "RAVI@example.com"})
    link = re.search(r"http://\S+/account/reset/(\S+)/(\S+)", mail.outbox[-1].body)
    assert asked.status_code == 302
    assert link
    path = f"/account/reset/{link.group(1)}/{link.group(2)}"

    form = client.get(path)
    weak = client.post(path, {"password": "12345678", "password_again": "12345678"})
    differ = client.post(path, {"password": "x-New-passphrase-1", "password_again": "other"})
    done = client.post(
        path, {"password": "x-New-passphrase-1", "password_again": "x-New-passphrase-1"}
    )
    again = client.post(
        path, {"password": "y-New-passphrase-2", "password_again": "y-New-passphrase-2"}
    )

    assert form.status_code == 200
    assert 'autocomplete="new-password"' in form.content.decode()
    assert weak.status_code == 200
    assert 'class="error" role="alert"' in weak.content.decode()
    assert "The two passwords differ." in differ.content.decode()
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password("x-New-passphrase-1")
    assert again.status_code == 400  # the link works once
    assert (
        client.post(
            "/account/reset/MQ/nonsense",
            {"password": "z-Pass-phrase-33", "password_again": "z-Pass-phrase-33"},
        ).status_code
        == 400
    )


def test_email_change_page_the_e_mail_links_to(
    client, member, send_mail_now, django_capture_on_commit_callbacks
):
    from apps.accounts import email_flows

    with django_capture_on_commit_callbacks(execute=True):
        email_flows.email_change_request(
            user=member, password=PASSWORD, new_email="new@example.com"
        )
    link = re.search(r"http://\S+(/account/email/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    path = link.group(1)

    shown = client.get(path)
    member.refresh_from_db()
    assert shown.status_code == 200
    assert member.email == "ravi@example.com"
    confirmed = client.post(path)
    member.refresh_from_db()
    assert confirmed.status_code == 302
    assert member.email == "new@example.com"
    assert client.post(path).status_code == 400
    assert client.post("/account/email/forged:token").status_code == 400


def test_no_inline_script_or_style_on_the_new_pages(client, member, catalogue):
    film = catalogue["te"][0]
    public = UserList.objects.create(owner=member, name="Mine", slug="ravi-mine", is_public=True)
    paths = [
        "/",
        reverse("web:title", args=[film.pk]),
        reverse("web:free"),
        reverse("web:festivals"),
        reverse("web:festival", args=["diwali"]),
        reverse("web:collections"),
        f"/lists/{public.slug}",
        reverse("web:reset-request"),
    ]
    for path in paths:
        body = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), path
        assert "<style" not in body, path
        assert " style=" not in body, path
        assert re.search(r"\son[a-z]+=", body) is None, path
