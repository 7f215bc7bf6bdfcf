"""A personnummer is never published by accident: the citizen is told, the moderator redacts
or overrides with a reason, and any span of a text can be redacted."""

import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from tests import factories
from tests.test_consultations import FREE, post, response_data
from tests.test_contributions import submit
from wagtail_medborgardialog import privacy
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.models import Contribution, ContributionStatus

S = ContributionStatus
PNR = "811218-9876"
TEXT = f"Ring mig om parken, mitt personnummer är {PNR}."
pytestmark = pytest.mark.usefixtures("run_on_commit", "fast_forms")


# --- the citizen is told before sending ---------------------------------------------------


def test_comment_with_a_personnummer_is_returned_with_a_warning_and_the_text_kept(client, process):
    response = submit(client, process, text=TEXT)
    assert response.status_code == 400
    html = response.text
    assert "Din text verkar innehålla ett personnummer." in html
    # The text is kept, the warning is tied to the field and listed in the error summary.
    assert PNR in html
    assert 'aria-describedby="id_text-error"' in html
    assert '<a href="#id_text">Din text verkar innehålla ett personnummer.' in html
    # The choice to send anyway is offered, tied to the warning.
    assert 'name="send_personal_number"' in html
    assert 'aria-describedby="id_send_personal_number-help' not in html
    assert (
        'name="send_personal_number" aria-describedby="id_text-error" '
        'id="id_send_personal_number"' in html
    )
    assert not Contribution.objects.exists()


def test_the_send_anyway_box_is_not_offered_to_a_text_without_a_number(client, process):
    html = client.get(process.url).text
    assert 'name="send_personal_number"' not in html


def test_edited_text_without_the_number_is_sent_unflagged(client, process):
    submit(client, process, text=TEXT)
    response = submit(client, process, text="Ring mig om parken.")
    assert response.status_code == 302
    assert not Contribution.objects.get().flagged_personal_number


def test_sent_anyway_is_stored_flagged_and_waits_for_a_moderator(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_DOUBLE_OPT_IN = False
    process.moderation_mode = "post"
    process.save_revision().publish()
    response = submit(client, process, text=TEXT, send_personal_number="on")
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.text == TEXT
    assert contribution.flagged_personal_number
    assert contribution.status == S.PENDING


def test_consultation_free_text_with_a_personnummer_is_returned_with_a_warning(client, process):
    consultation = factories.make_consultation(process)
    data = response_data(consultation)
    free = next(q for q in consultation.questions.all() if q.text == FREE)
    data[free.field_name] = f"Bra förslag. {PNR}"
    response = post(client, consultation, data)
    assert response.status_code == 400
    assert "Din text verkar innehålla ett personnummer." in response.text
    assert f'aria-describedby="id_{free.field_name}-error"' in response.text
    assert not Contribution.objects.exists()

    data["send_personal_number"] = "on"
    data["form_ts"] = response_data(consultation)["form_ts"]
    assert post(client, consultation, data).status_code == 302
    assert Contribution.objects.get().flagged_personal_number


# --- the moderator: redact or override with a reason -----------------------------------------


@pytest.fixture
def moderator_client(client, process):
    """A moderator of the process: a group with the moderation right on it, not a superuser.

    The one place the moderator is set up, so it can follow the moderation permission.
    """
    user = factories.make_moderator("moderator", process)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def flagged(process):
    return factories.make_contribution(
        process, text=TEXT, status=S.PENDING, flagged_personal_number=True
    )


def moderate_url(contribution):
    return reverse(
        "wagtailsnippets_wagtail_medborgardialog_contribution:edit", args=[contribution.pk]
    )


def redact_url(contribution):
    return reverse("mbd_redact_contribution", args=[contribution.pk])


def actions(contribution):
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Contribution),
            object_id=str(contribution.pk),
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_approving_a_flagged_contribution_without_redaction_or_reason_is_refused(
    moderator_client, flagged, client
):
    response = moderator_client.post(moderate_url(flagged), {"action": "approve"})
    assert response.status_code == 400
    assert "Texten verkar innehålla ett personnummer." in response.text
    assert 'name="override_reason"' in response.text
    flagged.refresh_from_db()
    assert flagged.status == S.PENDING
    assert PNR not in client.get(flagged.page.url).text


def test_override_with_a_reason_publishes_and_is_logged(moderator_client, flagged):
    response = moderator_client.post(
        moderate_url(flagged),
        {"action": "approve", "override_reason": "Numret är kommunens påhittade exempel."},
        follow=True,
    )
    assert "Synpunkten har publicerats" in response.text
    flagged.refresh_from_db()
    assert flagged.status == S.PUBLISHED
    entry = ModelLogEntry.objects.get(action=moderation.action_name("override"))
    assert entry.data == {"reason": "Numret är kommunens påhittade exempel."}
    assert entry.user == moderator_client.user
    assert entry.comment == "Numret är kommunens påhittade exempel."
    assert actions(flagged)[-2:] == [
        moderation.action_name("override"),
        moderation.action_name("approve"),
    ]


def test_bulk_approve_leaves_flagged_contributions_waiting(flagged, process):
    user = factories.make_moderator("bulk", process)
    other = factories.make_contribution(process, status=S.PENDING)
    for contribution in (flagged, other):
        try:
            moderation.approve(contribution, user)
        except moderation.PersonalNumberNotHandled:
            pass
    flagged.refresh_from_db()
    other.refresh_from_db()
    assert (flagged.status, other.status) == (S.PENDING, S.PUBLISHED)


def test_moderator_redacts_the_number_then_approves_without_override(
    moderator_client, flagged, client
):
    page = moderator_client.get(moderate_url(flagged)).text
    assert redact_url(flagged) in page
    form = moderator_client.get(redact_url(flagged))
    assert form.status_code == 200
    assert f'value="{PNR}"' in form.text  # the number found is suggested

    response = moderator_client.post(redact_url(flagged), {"remove": PNR}, follow=True)
    assert "Texten har tagits bort ur synpunkten." in response.text
    flagged.refresh_from_db()
    assert flagged.text == "Ring mig om parken, mitt personnummer är [borttaget]."
    assert not flagged.flagged_personal_number
    entry = ModelLogEntry.objects.get(action=moderation.action_name("redact"))
    assert entry.data == {"removed": [PNR]}
    assert entry.comment == ""  # the removed words never show in the history

    response = moderator_client.post(moderate_url(flagged), {"action": "approve"}, follow=True)
    assert "Synpunkten har publicerats" in response.text
    html = client.get(flagged.page.url).text
    assert "[borttaget]" in html
    assert PNR not in html


def test_any_span_of_a_published_text_can_be_redacted(moderator_client, process, client):
    contribution = factories.make_contribution(
        process, text="Grannen Kalle Svensson på Parkvägen 3 spelar hög musik."
    )
    response = moderator_client.post(redact_url(contribution), {"remove": "Kalle Svensson"})
    assert response.status_code == 302
    html = client.get(process.url).text
    assert "Grannen [borttaget] på Parkvägen 3" in html
    assert "Kalle" not in html


def test_redaction_by_offsets(process):
    user = factories.make_moderator("offsets", process)
    contribution = factories.make_contribution(process, text="Ett två tre")
    moderation.redact(contribution, user, start=4, end=7)
    contribution.refresh_from_db()
    assert contribution.text == "Ett [borttaget] tre"


def test_text_not_in_the_contribution_is_an_error_by_the_field(moderator_client, flagged):
    response = moderator_client.post(redact_url(flagged), {"remove": "finns inte"})
    assert response.status_code == 400
    assert "Den texten finns inte i synpunkten." in response.text
    flagged.refresh_from_db()
    assert flagged.text == TEXT


def test_the_removed_words_are_shown_only_with_the_privacy_permission(moderator_client, flagged):
    moderator_client.post(redact_url(flagged), {"remove": PNR})
    assert PNR not in moderator_client.get(redact_url(flagged)).text
    group = Group.objects.create(name="Dataskydd")
    group.permissions.add(
        Permission.objects.get(
            codename="handle_subject_request", content_type__app_label="wagtail_medborgardialog"
        )
    )
    moderator_client.user.groups.add(group)
    assert f"“{PNR}”" in moderator_client.get(redact_url(flagged)).text


def test_anonymising_clears_the_removed_words_from_the_history(moderator_client, flagged):
    moderator_client.post(redact_url(flagged), {"remove": PNR})
    privacy.anonymise(flagged, privacy.REASON_SUBJECT_REQUEST)
    entry = ModelLogEntry.objects.get(action=moderation.action_name("redact"))
    assert entry.data == {}


def test_someone_who_cannot_moderate_the_page_gets_404_by_id(client, flagged):
    other_home = factories.make_home(hostname="annan.example.se", title="Annan kommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    other_process = factories.make_process(other_index, slug="annan")
    stranger = factories.make_moderator("annan", other_process)
    client.force_login(stranger)
    assert client.get(redact_url(flagged)).status_code == 404
    assert client.post(redact_url(flagged), {"remove": PNR}).status_code == 404
    flagged.refresh_from_db()
    assert flagged.text == TEXT


def test_an_unconfirmed_contribution_cannot_be_redacted(moderator_client, process):
    contribution = factories.make_contribution(process, text=TEXT, status=S.UNCONFIRMED)
    response = moderator_client.post(redact_url(contribution), {"remove": PNR})
    assert response.status_code == 200
    contribution.refresh_from_db()
    assert contribution.text == TEXT


# --- races -------------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and separate connections"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_moderators_redacting_at_once_both_take_effect(process):
    user = factories.make_moderator("race", process)
    contribution = factories.make_contribution(
        process, text="Anna Andersson och Bertil Berg bor på Parkvägen."
    )
    barrier = threading.Barrier(2)
    errors = []

    def redact(word):
        try:
            with translation.override("sv"):
                barrier.wait(timeout=10)
                moderation.redact(Contribution.objects.get(pk=contribution.pk), user, remove=word)
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=redact, args=(w,)) for w in ("Anna Andersson", "Bertil Berg")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    contribution.refresh_from_db()
    assert contribution.text == "[borttaget] och [borttaget] bor på Parkvägen."
    assert ModelLogEntry.objects.filter(action=moderation.action_name("redact")).count() == 2
