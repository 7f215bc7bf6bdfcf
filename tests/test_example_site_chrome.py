"""The example site's own chrome (base.html) speaks Swedish, and its addresses are ASCII."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from example_site.home.models import StandardPage

EXAMPLE_SITE = Path(__file__).resolve().parent.parent / "example_site"
BASE_TEMPLATE = EXAMPLE_SITE / "templates" / "base.html"
SWEDISH_CATALOGUE = EXAMPLE_SITE / "locale" / "sv" / "LC_MESSAGES" / "django.po"
# Text of base.html that is the same in every language: the municipality's name and address.
NAMES = {"Exempelkommun", "– Exempelkommun", "Exempelkommun · Storgatan 1 · 123 45 Exempelstad"}


def test_the_skip_link_is_swedish_on_a_swedish_page(client, home):
    html = client.get(home.url).content.decode()

    assert '<a class="skip-link" href="#main">Hoppa till innehållet</a>' in html
    assert "Skip to content" not in html


def test_every_text_of_the_chrome_is_translatable():
    """Every word a visitor reads in base.html goes through {% translate %}, but names."""
    template = BASE_TEMPLATE.read_text()
    without_tags = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", template, flags=re.S)
    texts = {
        text.strip()
        for text in re.sub(r"<[^>]*>", "\n", without_tags).splitlines()
        if text.strip() and text.strip() != "<!DOCTYPE html>"
    }
    assert texts <= NAMES, texts - NAMES
    assert re.findall(r'{% translate "([^"]+)" %}', template)


def test_every_string_of_the_example_site_has_swedish():
    catalogue = SWEDISH_CATALOGUE.read_text()
    entries = re.findall(r'\nmsgid "(.+)"\nmsgstr "(.*)"', catalogue)
    assert ("Skip to content", "Hoppa till innehållet") in entries
    assert [msgid for msgid, msgstr in entries if not msgstr] == []
    assert "#, fuzzy" not in catalogue
    with translation.override("sv"):
        assert translation.gettext("Skip to content") == "Hoppa till innehållet"


def test_new_pages_get_ascii_addresses(home):
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False
    page = StandardPage(title="Äldreomsorg i Östra stan")
    home.add_child(instance=page)

    assert page.slug == "aldreomsorg-i-ostra-stan"


@pytest.mark.django_db
def test_the_admins_slug_field_writes_ascii(client, home):
    """The editor's slug field turns what is typed or copied from the title into ASCII."""
    from django.test import override_settings
    from django.urls import reverse

    from tests.test_accessibility_statement import web_editor

    client.force_login(web_editor("webbredaktor", home))
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", home.pk])

    html = client.get(url).content.decode()
    with override_settings(WAGTAIL_ALLOW_UNICODE_SLUGS=True):
        unicode_html = client.get(url).content.decode()

    # A false attribute is left out, and the editor's slug script then writes ASCII.
    assert 'data-controller="w-slug"' in html
    assert "data-w-slug-allow-unicode-value" not in html
    assert "data-w-slug-allow-unicode-value" in unicode_html
