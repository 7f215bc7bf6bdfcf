"""Bilingual sites: a process page translated with Wagtail's own internationalisation.

The Swedish pages are served at /, their English translations under /en/ (the example site's
i18n_patterns); each page speaks the language of its locale, whatever the browser prefers.
"""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale, Site
from wagtail.test.utils.form_data import querydict_from_html

from tests import factories
from wagtail_medborgardialog import antispam, workflows
from wagtail_medborgardialog.models import (
    Contribution,
    ContributionStatus,
    DialogueProcessPage,
    StepStatus,
)

pytestmark = pytest.mark.usefixtures("run_on_commit", "fast_forms")

ENGLISH_STEP_NAMES = [
    "Preparation",
    "Collecting perspectives",
    "Dialogue, experimentation and co-creation",
    "Proposals, measures and commitments",
    "Decision on implementation",
    "Implementation",
    "Capacity building",
]


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, locale):
    """``page`` copied into ``locale`` (with its untranslated ancestors), all published."""
    translated = page.copy_for_translation(locale, copy_parents=True)
    for ancestor in translated.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.live:
            publish(ancestor)
    Site.clear_site_root_paths_cache()
    return publish(translated.specific)


@pytest.fixture
def swedish(index):
    return factories.make_process_with_steps(
        index,
        title="Nya parken",
        slug="nya-parken",
        step_statuses=[StepStatus.DONE, StepStatus.ONGOING],
    )


@pytest.fixture
def translated(swedish, english):
    page = translate(swedish, english)
    page.title = "The new park"
    page.question = "How should the new park be used?"
    return publish(page)


def contribution_form(**overrides):
    data = {
        "text": "More benches by the pond, please.",
        "display_name": "Sam",
        "organisation": "",
        "email": "sam@example.org",
        "consent": "on",
        "website": "",
        "form_ts": antispam.make_timestamp(),
    }
    data.update(overrides)
    return data


# --- the page speaks its own language -------------------------------------------------------


def test_the_english_translation_is_served_under_en_in_english(client, translated):
    assert translated.url == "/en/medborgardialoger/nya-parken/"
    response = client.get(translated.url)
    assert response.status_code == 200
    html = response.text
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert "The new park" in html
    assert "How should the new park be used?" in html


def test_the_english_translation_shows_the_steps_in_english(client, translated):
    assert [s.title for s in translated.steps.all()] == ENGLISH_STEP_NAMES
    html = client.get(translated.url).text
    assert "Collecting perspectives" in html
    assert "Everyone affected by the issue is asked for their experiences and views." in html
    assert "Perspektivinsamling" not in html


def test_the_contribution_form_on_the_english_page_is_in_english(client, translated):
    html = client.get(translated.url).text
    assert "Your contribution" in html
    assert "E-mail address" in html
    assert "Din synpunkt" not in html


def test_the_swedish_page_stays_swedish_when_the_browser_asks_for_english(
    client, swedish, translated
):
    response = client.get(swedish.url, HTTP_ACCEPT_LANGUAGE="en")
    html = response.text
    assert '<html lang="sv">' in html
    assert response["Content-Language"] == "sv"
    assert "Perspektivinsamling" in html
    assert "Din synpunkt" in html
    assert "Your contribution" not in html


def test_without_language_prefixes_the_browser_does_not_change_a_swedish_page(
    client, settings, swedish
):
    settings.ROOT_URLCONF = "tests.urls_without_language_prefix"
    response = client.get(swedish.url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="sv">' in response.text
    assert "Perspektivinsamling" in response.text
    assert "Din synpunkt" in response.text


@pytest.mark.parametrize("site_language", ["sv", "en"])
def test_the_page_language_does_not_follow_language_code(client, settings, swedish, site_language):
    settings.LANGUAGE_CODE = site_language
    html = client.get(swedish.url).text
    assert '<html lang="sv">' in html
    assert "Perspektivinsamling" in html


def test_an_english_index_page_is_in_english(client, translated):
    index = translated.get_parent().specific
    html = client.get(index.url).text
    assert '<html lang="en">' in html
    assert "Filter citizen dialogues" in html


# --- step texts -------------------------------------------------------------------------------


def test_a_new_process_in_an_english_index_gets_english_steps(english):
    page = DialogueProcessPage.with_default_steps(title="The park", locale=english)
    assert [s.title for s in page.steps.all()] == ENGLISH_STEP_NAMES


def test_the_admin_prefills_english_steps_under_an_english_index(admin_client, translated):
    index = translated.get_parent()
    response = admin_client.get(
        f"/admin/pages/add/wagtail_medborgardialog/dialogueprocesspage/{index.pk}/"
    )
    data = querydict_from_html(response.text, form_id="page-edit-form")
    assert [data[f"steps-{i}-title"] for i in range(7)] == ENGLISH_STEP_NAMES


def test_translation_keeps_the_steps_an_editor_wrote_and_translates_the_defaults(swedish, english):
    own = swedish.steps.get(skr_step=3)
    own.title = "Workshoppar i Norrby"
    own.save()
    page = swedish.copy_for_translation(english, copy_parents=True).specific
    titles = [s.title for s in page.steps.all()]
    assert titles[0] == "Preparation"
    assert titles[2] == "Workshoppar i Norrby"
    # The draft the translator opens in the admin carries the same texts.
    draft = page.get_latest_revision_as_object()
    assert [s.title for s in draft.steps.all()] == titles
    # The statuses and order are the source's.
    assert [s.status for s in page.steps.all()] == [s.status for s in swedish.steps.all()]


# --- contributions and e-mail -----------------------------------------------------------------


def test_a_contribution_in_english_gets_its_confirmation_in_english(client, translated):
    response = client.post(translated.url + "synpunkter/", contribution_form())
    assert response.status_code == 302
    assert response["Location"].startswith("/en/medborgardialoger/nya-parken/")
    contribution = Contribution.objects.get()
    assert contribution.page_id == translated.pk
    assert contribution.language == "en"
    (message,) = mail.outbox
    assert message.subject == "Confirm your contribution to The new park"
    assert "Bekräfta" not in message.body
    assert "/en/medborgardialoger/nya-parken/" in message.body


def test_the_swedish_page_takes_contributions_in_swedish_even_from_an_english_browser(
    client, swedish, translated
):
    client.post(swedish.url + "synpunkter/", contribution_form(), HTTP_ACCEPT_LANGUAGE="en")
    contribution = Contribution.objects.get()
    assert contribution.language == "sv"
    assert mail.outbox[0].subject == "Bekräfta din synpunkt på Nya parken"


def test_contributions_belong_to_the_translation_they_were_written_on(client, swedish, translated):
    factories.make_contribution(swedish, text="Fler bänkar vid dammen.")
    factories.make_contribution(translated, text="A playground for older children.")
    assert list(swedish.public_contributions().values_list("text", flat=True)) == [
        "Fler bänkar vid dammen."
    ]
    assert list(translated.public_contributions().values_list("text", flat=True)) == [
        "A playground for older children."
    ]
    english_html = client.get(translated.url).text
    assert "A playground for older children." in english_html
    assert "Fler bänkar vid dammen." not in english_html
    swedish_html = client.get(swedish.url).text
    assert "Fler bänkar vid dammen." in swedish_html
    assert "A playground for older children." not in swedish_html


def test_the_process_leader_moderates_the_english_page_and_the_author_hears_in_english(
    client, django_user_model, swedish, translated
):
    # medborgardialog_setup, run again after translating, covers the English tree too.
    workflows.setup_defaults()
    leader = django_user_model.objects.create_user("processledare", "pl@exempelkommun.se", "x")
    leader.groups.add(Group.objects.get(name=workflows.PROCESS_LEADERS))
    waiting = factories.make_contribution(
        translated,
        text="A playground for older children.",
        status=ContributionStatus.PENDING,
        language="en",
        notify_author=True,
        email="sam@example.org",
    )
    client.force_login(leader)
    queue = client.get(
        reverse("wagtailsnippets_wagtail_medborgardialog_contribution:list") + "?status=pending"
    )
    assert queue.status_code == 200
    assert "A playground for older children." in queue.text
    edit = reverse("wagtailsnippets_wagtail_medborgardialog_contribution:edit", args=[waiting.pk])
    assert client.post(edit, {"action": "approve"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ContributionStatus.PUBLISHED
    (message,) = mail.outbox
    assert message.subject == "Your contribution to The new park is published"
    assert "A playground for older children." in client.get(translated.url).text


# --- the index --------------------------------------------------------------------------------


def test_the_english_index_lists_and_filters_only_english_pages(client, index, translated):
    factories.make_process_with_steps(
        index, title="Skolan", slug="skolan", step_statuses=[StepStatus.ONGOING]
    )
    english_index = translated.get_parent().specific
    html = client.get(english_index.url).text
    assert "The new park" in html
    assert "Skolan" not in html
    assert "Nya parken" not in html
    assert "1 citizen dialogue found" in html
    filtered = client.get(english_index.url, {"status": "ongoing"}).text
    assert "The new park" in filtered
    assert "Skolan" not in filtered
    assert [p.title for p in english_index.get_processes()] == ["The new park"]
    swedish = client.get(index.url, {"status": "ongoing"}).text
    assert "Skolan" in swedish and "Nya parken" in swedish
    assert "The new park" not in swedish


# --- the example site's language switcher ------------------------------------------------------


def test_each_page_links_to_its_translation_in_the_header(client, swedish, translated):
    html = client.get(swedish.url).text
    assert '<nav class="site-header__languages" aria-label="Språk">' in html
    assert '<a href="/en/medborgardialoger/nya-parken/" lang="en" hreflang="en">English</a>' in html
    english_html = client.get(translated.url).text
    assert 'aria-label="Language"' in english_html
    assert '<a href="/medborgardialoger/nya-parken/" lang="sv" hreflang="sv">Svenska</a>' in (
        english_html
    )


def test_an_unpublished_translation_is_not_offered(client, swedish, english):
    swedish.copy_for_translation(english, copy_parents=True)
    html = client.get(swedish.url).text
    assert "site-header__languages" not in html


def test_a_decision_on_the_swedish_page_opens_skr_step_five_on_its_translation(
    client, swedish, english
):
    from wagtail_medborgardialog.models.decisions import IMPLEMENTATION_KINDS, decision_on_record

    decision = factories.record_decision(swedish, decided_text="Parken byggs enligt förslaget.")
    page = translate(swedish, english)
    assert decision_on_record(page, IMPLEMENTATION_KINDS) == decision
    # The English page may go past step 4 on the same decision, and shows it in its history.
    steps = list(page.steps.all())
    steps[4].status = StepStatus.ONGOING
    steps[4].full_clean()
    html = client.get(page.url).text
    assert "Parken byggs enligt förslaget." in html
