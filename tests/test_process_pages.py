import pytest
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from example_site.home.models import HomePage
from tests import factories
from wagtail_medborgardialog.models import DialogueIndexPage, DialogueProcessPage


class TestPageTree(WagtailPageTestCase):
    def test_processes_live_under_an_index(self):
        self.assertAllowedParentPageTypes(DialogueProcessPage, {DialogueIndexPage})

    def test_index_can_be_created_under_a_site_page(self):
        self.assertCanCreateAt(HomePage, DialogueIndexPage)
        self.assertCanNotCreateAt(HomePage, DialogueProcessPage)


def test_index_lists_its_live_processes_only(client, index):
    factories.make_process(index, title="Parken", slug="parken")
    draft = factories.make_process(index, title="Utkastet", slug="utkast")
    draft.unpublish()
    response = client.get(index.url)
    assert response.status_code == 200
    assert "Parken" in response.text
    assert "Utkastet" not in response.text


def test_process_page_shows_its_question(client, process):
    response = client.get(process.url)
    assert response.status_code == 200
    assert process.question in response.text


@pytest.mark.parametrize("language, heading", [("sv", "Frågeställning"), ("en", "Question")])
def test_process_page_speaks_the_language_of_its_locale(client, process, language, heading):
    # A site whose content language is English has an English default locale.
    Locale.objects.filter(pk=process.locale_id).update(language_code=language)
    response = client.get(process.url)
    assert f'<html lang="{language}">' in response.text
    assert f'<h2 id="mbd-question-heading">{heading}</h2>' in response.text


def test_editors_find_every_process_in_one_admin_listing(admin_client, index):
    factories.make_process(index, title="Parken", slug="parken")
    factories.make_process(index, title="Bron", slug="bron")
    response = admin_client.get("/admin/medborgardialoger/")
    assert response.status_code == 200
    assert "Parken" in response.text and "Bron" in response.text


def test_the_index_allows_processes_and_networks_below_it():
    from wagtail_medborgardialog.models import MeetingPage, NetworkPage

    assert DialogueIndexPage.allowed_subpage_models() == [
        DialogueProcessPage,
        NetworkPage,
        MeetingPage,
    ]


def test_a_process_holds_its_contracts():
    from wagtail_medborgardialog.models import CommunityContractPage

    assert CommunityContractPage in DialogueProcessPage.allowed_subpage_models()
    assert DialogueProcessPage not in DialogueProcessPage.allowed_subpage_models()
