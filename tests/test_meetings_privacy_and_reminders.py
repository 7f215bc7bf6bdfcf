"""Registrations are culled after the meeting (counts kept); reminders go out once, the day
before, through the task queue."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.meeting_helpers import make_meeting, register
from wagtail_medborgardialog.meetings import registrations
from wagtail_medborgardialog.meetings.reminders import due_reminders, enqueue_due_reminders
from wagtail_medborgardialog.models import Meeting, Registration, RegistrationStatus

S = RegistrationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


def retention(tmp_path):
    out = StringIO()
    call_command("medborgardialog_retention", archive_dir=str(tmp_path), stdout=out)
    return out.getvalue()


def test_retention_culls_registrations_after_the_meeting_and_keeps_the_counts(
    process, tmp_path, settings
):
    settings.WAGTAIL_MEDBORGARDIALOG_MEETING_RETENTION_DAYS = 30
    old = make_meeting(process, title="Gammalt möte", capacity=1)
    recent = make_meeting(process, title="Nyss hållet", capacity=1)
    for meeting in (old, recent):
        register(meeting, 1)
        register(meeting, 2)
    Meeting.objects.filter(pk=old.pk).update(
        starts_at=timezone.now() - timedelta(days=31, hours=2),
        ends_at=timezone.now() - timedelta(days=31),
    )
    Meeting.objects.filter(pk=recent.pk).update(
        starts_at=timezone.now() - timedelta(days=29, hours=2),
        ends_at=timezone.now() - timedelta(days=29),
    )

    output = retention(tmp_path)

    assert "Removed the personal details of 2 meeting registration(s)" in output
    culled = Registration.objects.filter(meeting=old)
    assert list(culled.values_list("status", flat=True).order_by("pk")) == [
        S.CONFIRMED,
        S.WAITLISTED,
    ]
    for row in culled:
        assert (row.name, row.email, row.needs_food, row.identity_hash) == ("", "", "", None)
        assert row.anonymised_at is not None
    kept = Registration.objects.filter(meeting=recent)
    assert set(kept.values_list("email", flat=True)) == {"person1@example.se", "person2@example.se"}
    # Running again changes nothing.
    assert "of 0 meeting registration(s)" in retention(tmp_path)


def test_retention_deletes_expired_unconfirmed_registrations(process, tmp_path):
    meeting = make_meeting(process)
    stale = register(meeting, 1, confirm=False)
    fresh = register(meeting, 2, confirm=False)
    Registration.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=30))

    retention(tmp_path)

    assert list(Registration.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_reminder_is_due_within_the_day_before(process):
    tomorrow = make_meeting(process, days=0, capacity=None)
    Meeting.objects.filter(pk=tomorrow.pk).update(starts_at=timezone.now() + timedelta(hours=20))
    later = make_meeting(process, days=3)
    past = make_meeting(process, days=-1)
    confirmed = register(tomorrow, 1)
    register(tomorrow, 2, confirm=False)
    cancelled = register(tomorrow, 3)
    registrations.cancel(cancelled)
    register(later, 4)
    Registration.objects.create(meeting=past, name="X", email="x@example.se", status=S.CONFIRMED)

    assert list(due_reminders().values_list("pk", flat=True)) == [confirmed.pk]


def test_reminders_go_out_once_with_the_invitation(process):
    meeting = make_meeting(process, days=0)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + timedelta(hours=20))
    register(meeting, 1)
    mail.outbox.clear()

    out = StringIO()
    call_command("medborgardialog_meeting_reminders", stdout=out)
    call_command("medborgardialog_meeting_reminders", stdout=out)

    assert "1 reminder(s) enqueued." in out.getvalue()
    assert "0 reminder(s) enqueued." in out.getvalue()
    (message,) = mail.outbox
    assert message.to == ["person1@example.se"]
    assert message.attachments[0][0] == "meeting.ics"
    assert Registration.objects.get().reminded_at is not None


def test_a_reminder_task_for_a_cancelled_registration_sends_nothing(process):
    from wagtail_medborgardialog.notifications import send_meeting_reminder

    meeting = make_meeting(process, days=0.8)
    registration = register(meeting, 1)
    registrations.cancel(registration)
    mail.outbox.clear()

    enqueue_due_reminders()
    send_meeting_reminder.enqueue(registration.pk)

    assert mail.outbox == []


def test_retention_deletes_expired_unconfirmed_network_interests(index, tmp_path):
    from tests.test_meetings_networks import make_network
    from wagtail_medborgardialog.models import InterestStatus, NetworkInterest

    network = make_network(index)
    month_ago = timezone.now() - timedelta(days=30)
    old = NetworkInterest.objects.create(page=network, name="A", email="a@example.se")
    NetworkInterest.objects.filter(pk=old.pk).update(created_at=month_ago)
    kept = NetworkInterest.objects.create(
        page=network, name="B", email="b@example.se", status=InterestStatus.RECEIVED
    )
    NetworkInterest.objects.filter(pk=kept.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )

    retention(tmp_path)

    assert list(NetworkInterest.objects.values_list("pk", flat=True)) == [kept.pk]


# --- confirmed intresseanmälningar to networks -------------------------------------------------


def _interest(page, n, status, *, confirmed_days_ago, reviewed_days_ago=None):
    from wagtail_medborgardialog.models import NetworkInterest

    now = timezone.now()
    return NetworkInterest.objects.create(
        page=page,
        name=f"Sökande {n}",
        email=f"sokande{n}@example.se",
        organisation="Grannkommun",
        municipality="Grannkommun",
        phone="070-123 45 67",
        message="Vi vill vara med.",
        identity_hash=f"{n:064d}",
        status=status,
        confirmed_at=now - timedelta(days=confirmed_days_ago),
        reviewed_at=(now - timedelta(days=reviewed_days_ago)) if reviewed_days_ago else None,
    )


def test_retention_culls_confirmed_interests_after_the_decision_and_keeps_the_counts(
    home, tmp_path, settings
):
    from tests.test_meetings_networks import make_network
    from wagtail_medborgardialog.models import InterestStatus, NetworkInterest

    settings.WAGTAIL_MEDBORGARDIALOG_NETWORK_INTEREST_RETENTION_DAYS = 60
    network = make_network(home)
    accepted_long_ago = _interest(
        network, 1, InterestStatus.ACCEPTED, confirmed_days_ago=200, reviewed_days_ago=61
    )
    declined_long_ago = _interest(
        network, 2, InterestStatus.DECLINED, confirmed_days_ago=100, reviewed_days_ago=70
    )
    # Confirmed long ago but decided recently: kept until 60 days after the decision.
    accepted_recently = _interest(
        network, 3, InterestStatus.ACCEPTED, confirmed_days_ago=200, reviewed_days_ago=10
    )
    # Never decided: culled 60 days after the confirmation.
    waiting_long = _interest(network, 4, InterestStatus.RECEIVED, confirmed_days_ago=61)
    waiting = _interest(network, 5, InterestStatus.RECEIVED, confirmed_days_ago=59)

    output = retention(tmp_path)

    assert "removed the personal details of 3 intresseanmälan(-ningar)" in output
    for interest in (accepted_long_ago, declined_long_ago, waiting_long):
        interest.refresh_from_db()
        assert interest.anonymised_at is not None
        personal = (
            interest.name,
            interest.email,
            interest.organisation,
            interest.municipality,
            interest.phone,
            interest.message,
            interest.identity_hash,
        )
        assert personal == ("", "", "", "", "", "", None)
    for interest in (accepted_recently, waiting):
        interest.refresh_from_db()
        assert interest.anonymised_at is None
        assert interest.email.endswith("@example.se")
    # The counts stay: every row and its status.
    statuses = sorted(NetworkInterest.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [
            InterestStatus.ACCEPTED,
            InterestStatus.DECLINED,
            InterestStatus.ACCEPTED,
            InterestStatus.RECEIVED,
            InterestStatus.RECEIVED,
        ]
    )
    assert "of 0 intresseanmälan(-ningar)" in retention(tmp_path)


def test_the_network_form_says_when_the_interest_is_culled(client, home, settings):
    from tests.test_meetings_networks import make_network

    settings.WAGTAIL_MEDBORGARDIALOG_NETWORK_INTEREST_RETENTION_DAYS = 45
    network = make_network(home)

    html = " ".join(client.get(network.url).content.decode().split())

    assert (
        "Your personal details are removed 45 days after the organisers have decided" in html
        or "Dina personuppgifter tas bort 45 dagar efter att arrangörerna" in html
    )
