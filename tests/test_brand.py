"""The brand in every page's header and footer is kept per content version
(`home.brand`), and so is Wagtail's site with its home page (`home.sites`): a saved
brand setting, site name, logo file or statement shows on the next page at once,
and a kept page reads none of them."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from home.models import AccessibilityStatementPage, BrandSettings

pytestmark = pytest.mark.django_db

_reads = itertools.count()


@pytest.fixture
def url(upcoming_session) -> str:
    return upcoming_session.url


def read(client, url: str) -> str:
    response = client.get(f"{url}?read={next(_reads)}")
    assert response.status_code == 200
    return response.content.decode()


def brand() -> BrandSettings:
    return BrandSettings.for_site(Site.objects.get(is_default_site=True))


def logo_src(html: str) -> str:
    return html.split('class="site-header__logo" src="', 1)[1].split('"', 1)[0]


def test_a_saved_colour_and_site_name_show_at_once(client, url):
    assert f"--accent: {brand().brand_colour};" in read(client, url)
    settings = brand()
    settings.brand_colour = "#7a1f5c"
    settings.save()
    assert "--accent: #7a1f5c;" in read(client, url)

    site = Site.objects.get(is_default_site=True)
    site.site_name = "SoTalk Bergen"
    site.save()
    html = read(client, url)
    assert "<span>SoTalk Bergen</span>" in html
    assert "· SoTalk Bergen</title>" in html


def test_a_new_logo_and_a_new_logo_file_show_at_once(client, url):
    from wagtail.images import get_image_model

    image = get_image_model().objects.create(
        title="Logo", file=get_test_image_file(filename="logo.png")
    )
    read(client, url)  # the brand is kept
    settings = brand()
    settings.logo = image
    settings.save()
    assert "/logo" in logo_src(read(client, url))

    # As Wagtail's image edit view does with a new file.
    image.file = get_test_image_file(filename="logo-ny.png")
    image.save()
    image.renditions.all().delete()
    assert "/logo-ny" in logo_src(read(client, url))


def test_the_statement_link_follows_its_page(client, url):
    statement = AccessibilityStatementPage.objects.get(locale__language_code="nb")
    settings = brand()
    settings.accessibility_statement = statement
    settings.save()
    assert f">{statement.title}</a>" in read(client, url)
    statement.title = "Tilgjengelighet hos SoTalk"
    statement.save_revision().publish()
    assert ">Tilgjengelighet hos SoTalk</a>" in read(client, url)
    statement.unpublish()
    assert "Tilgjengelighet hos SoTalk" not in read(client, url)


def test_a_kept_brand_takes_no_query(client, url):
    read(client, url)
    with CaptureQueriesContext(connection) as queries:
        read(client, url)
    sql = [query["sql"] for query in queries]
    assert not [query for query in sql if "home_brandsettings" in query]
    # Nor for the site and its home page, kept too (home.sites).
    assert not [query for query in sql if 'FROM "wagtailcore_site"' in query]
    assert not [query for query in sql if 'FROM "home_homepage"' in query]
