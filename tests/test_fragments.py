"""Rendered parts of public pages come from the cache until something they show changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.models import Contribution, ContributionStatus, ProcessContact

pytestmark = pytest.mark.usefixtures("run_on_commit")


def get(client, page, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url, params)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def reads(queries, table):
    return sum(f'"wagtail_medborgardialog_{table}"' in sql for sql in queries)


def test_a_second_visit_is_served_from_the_cache_with_the_same_html(client, process):
    factories.make_contribution(process, text="Fler bänkar vid dammen.")
    factories.record_decision(process)
    first, first_queries = get(client, process)
    second, second_queries = get(client, process)
    assert "Fler bänkar vid dammen." in second
    assert "Kommunstyrelsen" in second
    # The decision, the page of contributions and the contacts are not read again.
    assert reads(first_queries, "decision") and not reads(second_queries, "decision")
    assert reads(first_queries, "processcontact") and not reads(second_queries, "processcontact")
    # The same page but for the form's render time, which is the request's own second.
    strip = lambda html: re.sub(r'name="form_ts" value="[^"]*"', "", html)  # noqa: E731
    assert strip(first) == strip(second)


def test_the_forms_fill_time_value_is_never_frozen_in_the_cache(client, process, monkeypatch):
    from wagtail_medborgardialog import antispam

    def form_ts(html):
        return re.search(r'name="form_ts" value="([^"]+)"', html).group(1)

    monkeypatch.setattr(antispam, "clock", lambda: 1_800_000_000)
    first, _ = get(client, process)
    monkeypatch.setattr(antispam, "clock", lambda: 1_800_000_100)
    second, _ = get(client, process)
    # The form's body comes from the cache; its render time is the request's own.
    assert form_ts(first) == antispam.make_timestamp(now=1_800_000_000)
    assert form_ts(second) == antispam.make_timestamp(now=1_800_000_100)
    assert 'id="mbd-contribution-form"' in second


def test_moderation_shows_at_once(client, process, django_user_model):
    moderator = factories.make_moderator("moderator", process)
    contribution = factories.make_contribution(
        process, text="Belysning på gångbron.", status=ContributionStatus.PENDING
    )
    assert "Belysning på gångbron." not in get(client, process)[0]
    moderation.approve(contribution, moderator)
    assert "Belysning på gångbron." in get(client, process)[0]
    moderation.reply(Contribution.objects.get(pk=contribution.pk), moderator, "Vi ser över det.")
    assert "Vi ser över det." in get(client, process)[0]
    moderation.unpublish(Contribution.objects.get(pk=contribution.pk), moderator, "Fel sida")
    assert "Belysning på gångbron." not in get(client, process)[0]


def test_rows_changed_without_save_signals_still_show_after_a_moderation_step(client, process):
    contribution = factories.make_contribution(process, text="Gammal text.")
    assert "Gammal text." in get(client, process)[0]
    Contribution.objects.filter(pk=contribution.pk).update(text="Rättad text.")
    moderation._purge(contribution)
    assert "Rättad text." in get(client, process)[0]


def test_a_changed_snippet_shows_at_once(client, process):
    contact = factories.make_contact("Anna Lind")
    ProcessContact.objects.create(page=process, contact_person=contact)
    assert "Anna Lind" in get(client, process)[0]
    contact.name = "Anna Lind-Berg"
    contact.save()
    assert "Anna Lind-Berg" in get(client, process)[0]


def test_a_published_child_page_shows_in_its_parent(client, process):
    assert "Part of this dialogue" not in get(client, process)[0]
    factories.make_consultation(process, title="Enkät om parken")
    assert "Enkät om parken" in get(client, process)[0]


def test_an_edit_published_shows_at_once(client, process):
    get(client, process)
    process.question = "Vad ska parken heta?"
    process.save_revision().publish()
    assert "Vad ska parken heta?" in get(client, process)[0]


def test_closing_the_input_window_shows_at_once_even_without_a_save(client, process):
    html_open = get(client, process)[0]
    type(process).objects.filter(pk=process.pk).update(
        closes_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    html_closed = get(client, process)[0]
    assert 'href="#mbd-contribution-form"' in html_open
    assert 'href="#mbd-contribution-form"' not in html_closed


def test_the_order_and_page_of_the_list_are_cached_apart(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_PAGINATE_BY = 2
    for number in range(3):
        factories.make_contribution(process, text=f"Synpunkt nummer {number}.")
    newest, _ = get(client, process)
    oldest, _ = get(client, process, ordning="aldst")
    second_page, _ = get(client, process, synpunkter=2)
    assert "Synpunkt nummer 2." in newest and "Synpunkt nummer 0." not in newest
    assert "Synpunkt nummer 0." in oldest and "Synpunkt nummer 2." not in oldest
    assert "Synpunkt nummer 0." in second_page


def test_previews_are_never_served_from_the_cache(admin_client, client, process):
    get(client, process)
    process.question = "Utkast: en ny fråga?"
    process.save_revision()
    response = admin_client.get(f"/admin/pages/{process.pk}/view_draft/")
    assert "Utkast: en ny fråga?" in response.content.decode()
    assert "Utkast: en ny fråga?" not in get(client, process)[0]


def test_setting_zero_renders_every_time(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_FRAGMENT_CACHE_SECONDS = 0
    factories.record_decision(process)
    get(client, process)
    _, second = get(client, process)
    assert reads(second, "decision")


def test_the_cached_form_keeps_each_visitors_tokens_and_a_changed_privacy_text(client, process):
    from wagtail.models import Site

    from wagtail_medborgardialog.models import MedborgardialogSettings

    first, _ = get(client, process)
    second, _ = get(client, process)
    token = lambda html: html.split('name="form_ts"')[1].split('value="')[1].split('"')[0]  # noqa: E731
    assert token(first) and token(second)
    assert 'name="text"' in second and 'name="consent"' in second
    settings_row = MedborgardialogSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.privacy_text_sv = "<p>Vi sparar din text i två år.</p>"
    settings_row.save()
    assert "Vi sparar din text i två år." in get(client, process)[0]


def test_a_form_sent_back_with_errors_keeps_the_text(client, process, fast_forms):
    get(client, process)
    response = client.post(
        process.url + "synpunkter/",
        {"text": "Min synpunkt utan samtycke", "form_ts": "", "email": "a@example.se"},
    )
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Min synpunkt utan samtycke" in html


def counts(queries):
    return sum(sql.startswith("SELECT COUNT(*)") and "contribution" in sql for sql in queries)


def test_the_published_count_is_kept_until_a_contribution_changes(client, process):
    moderator = factories.make_moderator("moderator", process)
    factories.make_contribution(process, text="Första.")
    html, first = get(client, process)
    assert "Synpunkter (1)" in html and counts(first) == 1
    html, second = get(client, process)
    assert "Synpunkter (1)" in html and counts(second) == 0
    pending = factories.make_contribution(process, text="Andra.", status=ContributionStatus.PENDING)
    moderation.approve(pending, moderator)
    assert "Synpunkter (2)" in get(client, process)[0]
    moderation.unpublish(Contribution.objects.get(pk=pending.pk), moderator, "Fel sida")
    assert "Synpunkter (1)" in get(client, process)[0]


def test_a_view_restriction_removed_shows_the_contributions_count_at_once(
    client, process, django_user_model
):
    from wagtail.models import PageViewRestriction

    factories.make_contribution(process, text="Första.")
    restriction = PageViewRestriction.objects.create(
        page=process, restriction_type=PageViewRestriction.LOGIN
    )
    client.force_login(django_user_model.objects.create_user("invanare"))
    assert "Synpunkter (0)" in get(client, process)[0]  # restricted: nothing is public
    restriction.delete()
    assert "Synpunkter (1)" in get(client, process)[0]
