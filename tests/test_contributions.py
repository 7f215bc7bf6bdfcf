"""Citizens' contributions on a page: submitting, confirming, refusals, showing, visibility."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from tests import factories
from wagtail_medborgardialog import antispam
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.contributions.tokens import make_confirmation_token
from wagtail_medborgardialog.models import (
    Contribution,
    ContributionStatus,
    MedborgardialogSettings,
)

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit")
TEXT = "Bättre belysning vid busshållplatsen, tack! 🌙"


def form_data(**overrides):
    data = {
        "text": TEXT,
        "display_name": "Kvällspendlaren",
        "organisation": "",
        "email": "anna@example.se",
        "consent": "on",
        "website": "",
        "form_ts": antispam.make_timestamp(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, page, **overrides):
    return client.post(page.url + "synpunkter/", form_data(**overrides))


def log_actions(contribution, short):
    from wagtail.models import ModelLogEntry

    return ModelLogEntry.objects.filter(
        object_id=str(contribution.pk), action=moderation.action_name(short)
    ).count()


def confirm_url_from_mail(message):
    return next(line for line in message.body.splitlines() if "/bekrafta/" in line).strip()


# --- the form --------------------------------------------------------------------------


def test_open_page_shows_the_form_and_privacy_text(client, process):
    html = client.get(process.url).content.decode()
    assert 'id="mbd-contribution-form"' in html
    assert 'action="/medborgardialoger/nya-parken/synpunkter/#mbd-error-summary"' in html
    assert 'id="mbd-privacy"' in html
    assert "Synpunkter (0)" in html


def test_get_on_the_submit_route_leads_to_the_page(client, process):
    response = client.get(process.url + "synpunkter/")
    assert response.status_code == 302
    assert response["Location"] == process.url + "#mbd-contributions"


@pytest.mark.usefixtures("fast_forms")
def test_valid_contribution_is_stored_unconfirmed_and_a_link_is_mailed(client, process):
    response = submit(client, process)
    assert response.status_code == 302
    assert response["Location"].endswith("synpunkter/tack/?status=check-email")
    contribution = Contribution.objects.get()
    assert contribution.status == S.UNCONFIRMED
    assert contribution.text == TEXT
    assert contribution.display_name == "Kvällspendlaren"
    assert len(contribution.ip_hash) == 64
    assert "127.0.0.1" not in contribution.ip_hash
    assert [m.to for m in mail.outbox] == [["anna@example.se"]]
    assert "/bekrafta/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


@pytest.mark.usefixtures("fast_forms")
def test_thank_you_page_tells_the_citizen_to_check_their_mail(client, process):
    response = client.get(process.url + "synpunkter/tack/?status=check-email")
    assert response.status_code == 200
    assert "Vi har skickat ett mejl" in response.content.decode()


@pytest.mark.usefixtures("fast_forms")
def test_confirmation_link_sends_the_contribution_to_moderation(client, process):
    submit(client, process)
    response = client.post(confirm_url_from_mail(mail.outbox[0]))
    assert response.status_code == 200
    contribution = Contribution.objects.get()
    assert contribution.status == S.PENDING
    assert contribution.confirmed_at is not None
    assert TEXT not in client.get(process.url).content.decode()


@pytest.mark.usefixtures("fast_forms")
def test_confirmation_publishes_at_once_on_a_post_moderated_page(client, process):
    process.moderation_mode = "post"
    process.save_revision().publish()
    submit(client, process)
    client.post(confirm_url_from_mail(mail.outbox[0]))
    assert Contribution.objects.get().status == S.PUBLISHED
    assert TEXT in client.get(process.url).content.decode()


@pytest.mark.usefixtures("fast_forms")
def test_confirming_twice_changes_nothing(client, process):
    submit(client, process)
    url = confirm_url_from_mail(mail.outbox[0])
    client.post(url)
    assert client.post(url).status_code == 200
    assert Contribution.objects.get().status == S.PENDING


def test_double_click_on_confirm_with_a_stale_row_is_harmless(process):
    """The second click loaded the row before the first one confirmed it."""
    first = factories.make_contribution(process, status=S.UNCONFIRMED)
    second = Contribution.objects.get(pk=first.pk)
    moderation.confirm(first)
    assert moderation.confirm(second).status == S.PENDING
    assert log_actions(first, "confirm") == 1


@pytest.mark.usefixtures("fast_forms")
def test_expired_link_says_so_and_offers_a_new_one(client, process, settings):
    submit(client, process)
    url = confirm_url_from_mail(mail.outbox[0])
    settings.WAGTAIL_MEDBORGARDIALOG_CONFIRMATION_MAX_AGE = -1
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "bekrafta-igen/" in html
    assert Contribution.objects.get().status == S.UNCONFIRMED
    token = url.rstrip("/").rsplit("/", 1)[-1]
    settings.WAGTAIL_MEDBORGARDIALOG_CONFIRMATION_MAX_AGE = 3600
    response = client.post(process.url + "bekrafta-igen/", {"token": token})
    assert response.status_code == 200
    assert len(mail.outbox) == 2
    client.post(confirm_url_from_mail(mail.outbox[1]))
    assert Contribution.objects.get().status == S.PENDING


@pytest.mark.usefixtures("fast_forms")
def test_opening_the_link_asks_for_a_button_press_and_changes_nothing(client, process):
    submit(client, process)
    response = client.get(confirm_url_from_mail(mail.outbox[0]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="post"' in html
    assert TEXT in html
    assert Contribution.objects.get().status == S.UNCONFIRMED


def test_forged_confirmation_link_is_not_found(client, process):
    response = client.get(process.url + "bekrafta/forged-token/")
    assert response.status_code == 404


@pytest.mark.usefixtures("fast_forms")
def test_double_opt_in_can_be_switched_off_for_a_site(client, process):
    site_settings = MedborgardialogSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.double_opt_in = False
    site_settings.save()
    response = submit(client, process)
    assert response["Location"].endswith("?status=pending")
    assert Contribution.objects.get().status == S.PENDING
    assert not [m for m in mail.outbox if "anna@example.se" in m.to]


@pytest.mark.usefixtures("fast_forms")
def test_project_default_for_double_opt_in_applies_without_a_site_choice(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_DOUBLE_OPT_IN = False
    submit(client, process)
    assert Contribution.objects.get().status == S.PENDING


# --- refusals --------------------------------------------------------------------------


def close(page):
    page.closes_at = timezone.now() - timedelta(hours=1)
    page.save_revision().publish()


def test_closed_page_shows_that_it_is_closed_and_no_form(client, process):
    close(process)
    html = client.get(process.url).content.decode()
    assert "Stängd för synpunkter" in html
    assert 'id="mbd-contribution-form"' not in html


def test_page_not_yet_open_has_no_form(client, process):
    process.opens_at = timezone.now() + timedelta(days=2)
    process.save_revision().publish()
    html = client.get(process.url).content.decode()
    assert 'id="mbd-contribution-form"' not in html
    assert "Inte öppen för synpunkter än" in html


@pytest.mark.usefixtures("fast_forms")
def test_post_to_a_closed_page_is_refused_and_stores_nothing(client, process):
    close(process)
    response = submit(client, process)
    assert response.status_code == 403
    assert "Inget sparades" in response.content.decode()
    assert not Contribution.objects.exists()
    assert not mail.outbox


REFUSALS = [
    ("honeypot", {"website": "https://spam.example"}, 400),
    ("missing_consent", {"consent": None}, 400),
    ("invalid_email", {"email": "inte-en-adress"}, 400),
    ("missing_email", {"email": ""}, 400),
    ("too_long", {"text": TEXT + "x" * 5000}, 400),
    ("no_timestamp", {"form_ts": "forged"}, 400),
]


@pytest.mark.usefixtures("fast_forms")
@pytest.mark.parametrize(("case", "overrides", "status"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_contribution_is_not_stored_and_the_text_is_kept(
    client, process, case, overrides, status
):
    response = submit(client, process, **overrides)
    assert response.status_code == status
    html = response.content.decode()
    assert TEXT[:30] in html
    assert 'class="mbd-error-summary"' in html
    assert not Contribution.objects.exists()


def test_too_fast_a_submission_is_refused_with_the_text_kept(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 60
    response = submit(client, process)
    assert response.status_code == 400
    assert TEXT in response.content.decode()
    assert not Contribution.objects.exists()


@pytest.mark.usefixtures("fast_forms")
def test_spam_gets_a_neutral_message(client, process):
    html = submit(client, process, website="x").content.decode()
    assert "Vänta en stund" in html
    assert "honeypot" not in html.lower()


@pytest.mark.usefixtures("fast_forms")
def test_rate_limit_per_email(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_EMAIL = 2
    for n in range(2):
        assert submit(client, process, text=f"Synpunkt nummer {n}").status_code == 302
    response = submit(client, process, text="Synpunkt nummer 3")
    assert response.status_code == 429
    assert "Synpunkt nummer 3" in response.content.decode()
    assert Contribution.objects.count() == 2


@pytest.mark.usefixtures("fast_forms")
def test_rate_limit_per_ip_address(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_IP = 1
    assert submit(client, process, email="a@example.se").status_code == 302
    response = submit(client, process, email="b@example.se", text="En annan synpunkt")
    assert response.status_code == 429
    assert Contribution.objects.count() == 1


@pytest.mark.usefixtures("fast_forms")
def test_duplicate_text_is_refused(client, process):
    assert submit(client, process).status_code == 302
    response = submit(client, process, email="annan@example.se")
    assert response.status_code == 400
    assert Contribution.objects.count() == 1


@pytest.mark.usefixtures("fast_forms")
def test_duplicate_from_before_midnight_utc_is_refused(client, process):
    """The check reads the keys of today and yesterday: a day's window crosses midnight."""
    earlier = timezone.now() - timedelta(hours=23)
    factories.make_contribution(
        process,
        text="Samma text igen",
        created_at=earlier,
        duplicate_key=antispam.duplicate_key("Samma text igen", earlier),
    )
    assert antispam.is_duplicate(process, "Samma text igen")
    assert not antispam.is_duplicate(process, "En annan text")
    Contribution.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert not antispam.is_duplicate(process, "Samma text igen")


@pytest.mark.usefixtures("fast_forms")
def test_error_summary_links_to_the_field_and_takes_focus(client, process):
    html = submit(client, process, email="fel").content.decode()
    assert '<a href="#id_email">' in html
    assert 'tabindex="-1" autofocus' in html
    assert 'aria-describedby="id_email-error id_email-help"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.usefixtures("fast_forms")
def test_markup_in_the_form_is_stored_as_written(client, process):
    submit(client, process, text="<script>alert(1)</script>Hej", display_name="<b>Eva</b>")
    contribution = Contribution.objects.get()
    assert contribution.text == "<script>alert(1)</script>Hej"
    assert contribution.display_name == "<b>Eva</b>"


@pytest.mark.usefixtures("fast_forms")
def test_form_keeps_less_than_sign_as_written_and_page_escapes_it(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_DOUBLE_OPT_IN = False
    process.moderation_mode = "post"
    process.save_revision().publish()
    submit(client, process, text="Hastigheten bör vara <30 km/h", display_name="<Kalle> Anka")
    contribution = Contribution.objects.get()
    assert contribution.text == "Hastigheten bör vara <30 km/h"
    assert contribution.display_name == "<Kalle> Anka"
    html = client.get(process.url).content.decode()
    assert "Hastigheten bör vara &lt;30 km/h" in html
    assert "&lt;Kalle&gt; Anka" in html


@pytest.mark.usefixtures("fast_forms")
def test_personal_identity_number_is_flagged_and_never_auto_published(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_DOUBLE_OPT_IN = False
    process.moderation_mode = "post"
    process.save_revision().publish()
    submit(
        client,
        process,
        text="Ring mig, jag har personnummer 811218-9876",
        send_personal_number="on",  # the author chose to send it anyway
    )
    contribution = Contribution.objects.get()
    assert contribution.flagged_personal_number
    assert contribution.status == S.PENDING
    assert "811218" not in client.get(process.url).content.decode()


# --- showing ---------------------------------------------------------------------------


def test_published_contributions_show_with_count_and_official_reply(client, process):
    factories.make_contribution(process, text="Synpunkt A", display_name="Ali")
    factories.make_contribution(process, text="Synpunkt B", reply="Vi tittar på det.")
    factories.make_contribution(process, text="Väntar", status=S.PENDING)
    html = client.get(process.url).content.decode()
    assert "Synpunkter (2)" in html
    assert "Synpunkt A" in html and "Ali" in html
    assert "Svar från kommunen" in html and "Vi tittar på det." in html
    assert "Väntar" not in html
    assert "Anonym" in html


def test_contributions_can_be_shown_oldest_first(client, process):
    old = factories.make_contribution(process, text="Den äldsta")
    old.published_at = timezone.now() - timedelta(days=3)
    old.save()
    factories.make_contribution(process, text="Den nyaste")
    newest_first = client.get(process.url).content.decode()
    oldest_first = client.get(process.url + "?ordning=aldst").content.decode()
    assert newest_first.index("Den nyaste") < newest_first.index("Den äldsta")
    assert oldest_first.index("Den äldsta") < oldest_first.index("Den nyaste")


def test_unknown_ordering_falls_back_to_newest(client, process):
    old = factories.make_contribution(process, text="Den äldsta")
    old.published_at = timezone.now() - timedelta(days=3)
    old.save()
    factories.make_contribution(process, text="Den nyaste")
    response = client.get(process.url + "?ordning=pk;drop")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Den nyaste") < html.index("Den äldsta")


def test_contributions_are_paginated(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_PAGINATE_BY = 2
    for n in range(5):
        factories.make_contribution(process, text=f"Nummer {n}")
    html = client.get(process.url + "?synpunkter=3").content.decode()
    assert "Synpunkter (5)" in html
    assert html.count('class="mbd-contribution"') == 1


def test_citizen_strings_are_escaped_on_the_page(client, process):
    factories.make_contribution(
        process,
        text="<img src=x onerror=alert(1)>",
        display_name='<script>alert("namn")</script>',
        organisation="<svg onload=alert(2)>",
    )
    html = client.get(process.url).content.decode()
    assert "<img src=x" not in html
    assert '<script>alert("namn")' not in html
    assert "<svg onload" not in html
    assert "&lt;script&gt;" in html


def test_bare_urls_in_contributions_are_nofollow_links(client, process):
    factories.make_contribution(process, text="Läs https://example.se/plan")
    html = client.get(process.url).content.decode()
    assert 'href="https://example.se/plan" rel="nofollow ugc noopener"' in html


def test_query_count_does_not_grow_with_contributions(client, process, assert_flat_queries):
    def grow(size):
        if size == 5:
            for n in range(5):
                factories.make_contribution(process, text=f"Liten {n}", reply="Svar")
            return
        Contribution.objects.bulk_create(
            Contribution(
                page=process,
                text=f"Stor {n}",
                email="x@example.se",
                status=S.PUBLISHED,
                published_at=timezone.now(),
                reply="Svar",
            )
            for n in range(size - 5)
        )

    def page():
        assert client.get(process.url).status_code == 200

    assert_flat_queries(page, grow=grow, sizes=(5, 500))


# --- visibility: one rule for every public channel -------------------------------------


def test_visible_excludes_everything_but_published(process):
    for status in S:
        factories.make_contribution(process, text=status.value, status=status)
    assert list(Contribution.objects.visible().values_list("text", flat=True)) == ["published"]


def test_contributions_on_an_unpublished_page_are_not_visible(process):
    factories.make_contribution(process)
    process.unpublish()
    assert not Contribution.objects.visible().exists()


def test_contributions_under_a_view_restriction_are_not_visible(index, process):
    factories.make_contribution(process)
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    assert not Contribution.objects.visible().exists()


def test_api_serves_only_visible_contributions(client, process):
    factories.make_contribution(process, text="Offentlig")
    factories.make_contribution(process, text="Hemlig", status=S.PENDING)
    response = client.get(f"/api/v2/pages/{process.pk}/?fields=public_contributions")
    assert response.status_code == 200
    texts = [c["text"] for c in response.json()["public_contributions"]]
    assert texts == ["Offentlig"]


def test_api_serves_no_contributions_of_a_restricted_page(client, index, process):
    factories.make_contribution(process, text="Offentlig")
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    assert list(process.public_contributions()) == []


def test_search_text_holds_only_visible_contributions(process):
    factories.make_contribution(process, text="Offentlig")
    factories.make_contribution(process, text="Hemlig", status=S.REJECTED)
    assert process.contributions_search_text() == "Offentlig"


def test_unpublished_page_serves_no_contributions_publicly(client, process):
    factories.make_contribution(process, text="Offentlig")
    process.unpublish()
    assert client.get(process.url).status_code == 404
    assert client.get(process.url + "anmal/1/").status_code == 404


# --- reports ---------------------------------------------------------------------------


def test_report_form_is_shown_for_a_published_contribution(client, process):
    contribution = factories.make_contribution(process)
    response = client.get(process.url + f"anmal/{contribution.pk}/")
    assert response.status_code == 200
    assert "Anmäl" in response.content.decode()


def test_pending_contribution_cannot_be_reported(client, process):
    contribution = factories.make_contribution(process, status=S.PENDING)
    assert client.get(process.url + f"anmal/{contribution.pk}/").status_code == 404


def test_enough_reports_send_a_contribution_back_to_moderation(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_REPORT_THRESHOLD = 2
    contribution = factories.make_contribution(process)
    url = process.url + f"anmal/{contribution.pk}/"
    client.post(url, {"reason": "Kränkande"}, REMOTE_ADDR="10.0.1.1")
    contribution.refresh_from_db()
    assert contribution.status == S.PUBLISHED
    client.post(url, {"reason": ""}, REMOTE_ADDR="10.0.2.1")
    contribution.refresh_from_db()
    assert contribution.status == S.PENDING
    assert contribution.reports.count() == 2


def test_one_person_reporting_repeatedly_counts_once(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_REPORT_THRESHOLD = 2
    contribution = factories.make_contribution(process)
    for _ in range(3):
        client.post(process.url + f"anmal/{contribution.pk}/", {}, REMOTE_ADDR="10.0.0.1")
    contribution.refresh_from_db()
    assert contribution.status == S.PUBLISHED


def test_confirmation_link_for_another_page_is_not_accepted(client, index, process):
    other = factories.make_process(index, title="Annan", slug="annan")
    contribution = factories.make_contribution(process, status=S.UNCONFIRMED)
    token = make_confirmation_token(contribution)
    assert client.get(other.url + f"bekrafta/{token}/").status_code == 404


# --- demo ------------------------------------------------------------------------------


def test_demo_holds_published_pending_and_answered_contributions(demo):
    statuses = set(Contribution.objects.values_list("status", flat=True))
    assert {S.PUBLISHED, S.PENDING} <= statuses
    assert Contribution.objects.visible().exclude(reply="").exists()
    count = Contribution.objects.count()
    factories.load_demo()
    assert Contribution.objects.count() == count


def test_reports_are_rate_limited_per_address(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_IP = 2
    contribution = factories.make_contribution(process)
    for _ in range(4):
        response = client.post(process.url + f"anmal/{contribution.pk}/", {})
        assert response.status_code == 302
    assert contribution.reports.count() == 2


def test_honeypot_report_is_not_stored(client, process):
    contribution = factories.make_contribution(process)
    client.post(process.url + f"anmal/{contribution.pk}/", {"website": "x"})
    assert contribution.reports.count() == 0


def test_input_registered_from_a_meeting_shows_its_channel(client, process):
    factories.make_contribution(process, text="Från mötet", channel="meeting")
    assert "Inkom via: Möte" in client.get(process.url).content.decode()


def test_privacy_text_matches_the_moderation_mode(client, process):
    assert "innan de publiceras" in client.get(process.url).content.decode()
    process.moderation_mode = "post"
    process.save_revision().publish()
    assert "publiceras direkt" in client.get(process.url).content.decode()


def test_visible_on_a_page_agrees_with_the_visibility_rule(index):
    from wagtail_medborgardialog.models import Contribution

    open_process = factories.make_process(index, title="Öppen", slug="oppen")
    hidden_process = factories.make_process(index, title="Skyddad", slug="skyddad")
    for page in (open_process, hidden_process):
        factories.make_contribution(page, text=f"Publicerad på {page.slug}")
        factories.make_contribution(page, text="Väntar", status=ContributionStatus.PENDING)
    PageViewRestriction.objects.create(
        page=hidden_process, restriction_type=PageViewRestriction.LOGIN
    )
    for page in (open_process, hidden_process):
        expected = set(Contribution.objects.visible().for_page(page))
        assert set(Contribution.objects.visible_on(page)) == expected
    assert Contribution.objects.visible_on(open_process).count() == 1
    assert Contribution.objects.visible_on(hidden_process).count() == 0
    open_process.unpublish()
    assert Contribution.objects.visible_on(open_process).count() == 0


@pytest.mark.usefixtures("fast_forms")
def test_duplicate_check_is_atomic(client, process, monkeypatch):
    """A parallel post passed the form's check too: the database keeps one row per day."""
    submit(client, process)
    monkeypatch.setattr(antispam, "is_duplicate", lambda page, text: False)
    response = submit(client, process)
    assert response.status_code == 400
    assert Contribution.objects.count() == 1
    html = response.content.decode()
    assert "Vänta en stund och skicka den" in html
    assert TEXT in html


@pytest.mark.usefixtures("fast_forms")
def test_refused_posts_do_not_use_up_the_victims_e_mail_quota(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_IP = 2
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_EMAIL = 5
    attacker = {"REMOTE_ADDR": "198.51.100.7"}
    for n in range(2):
        client.post(process.url + "synpunkter/", form_data(text=f"Eget {n}"), **attacker)
    for n in range(5):
        response = client.post(
            process.url + "synpunkter/",
            form_data(text=f"I någon annans namn {n}", email="offer@example.se"),
            **attacker,
        )
        assert response.status_code == 429
    response = submit(client, process, email="offer@example.se", text="Min egen synpunkt")
    assert response.status_code == 302
    assert Contribution.objects.filter(email="offer@example.se").count() == 1


@pytest.mark.usefixtures("fast_forms")
def test_one_cached_copy_of_the_form_serves_many_visitors_and_a_flood_from_it_is_stopped(
    client, process, settings
):
    """Every visitor of a cached page posts the same form value: two people's different texts
    are both taken, and one copy posted in a loop meets the per-e-mail limit (429)."""
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_EMAIL = 2
    token = antispam.make_timestamp()
    for who in ("a", "b"):
        response = submit(client, process, form_ts=token, email=f"{who}@example.se", text=who * 20)
        assert response.status_code == 302
    for n in range(2):
        submit(client, process, form_ts=token, email="bot@example.se", text=f"Reklam {n}")
    response = submit(client, process, form_ts=token, email="bot@example.se", text="Reklam 3")
    assert response.status_code == 429
    assert Contribution.objects.filter(email="bot@example.se").count() == 2
    assert Contribution.objects.count() == 4


@pytest.mark.usefixtures("fast_forms")
def test_form_rerendered_after_an_error_carries_a_fresh_token(client, process):
    import re

    response = submit(client, process, email="")
    assert response.status_code == 400
    html = response.content.decode()
    token = re.search(r'name="form_ts" value="([^"]+)"', html).group(1)
    assert submit(client, process, form_ts=token).status_code == 302
    assert Contribution.objects.count() == 1


@pytest.mark.usefixtures("fast_forms")
def test_page_closing_while_the_form_is_checked_answers_403_not_500(client, process, monkeypatch):
    # The view's check (input_window) saw it open; by the time the state machine asks
    # (accepts_contributions) it has closed.
    monkeypatch.setattr(type(process), "accepts_contributions", lambda page, now=None: False)
    response = submit(client, process)
    assert response.status_code == 403
    assert Contribution.objects.count() == 0
