"""The state machine: each transition, who may make it, its audit log, e-mails and cache purge."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import ModelLogEntry

from tests import factories
from wagtail_medborgardialog import notifications, tasks
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.models import Contribution, ContributionStatus

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit")


@pytest.fixture
def moderator(process):
    return factories.make_moderator("moderator", process)


@pytest.fixture
def pending(process):
    return factories.make_contribution(
        process, status=S.PENDING, notify_author=True, email="forfattare@example.se"
    )


def actions_logged(contribution):
    return list(
        ModelLogEntry.objects.filter(object_id=str(contribution.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_submit_stores_an_unconfirmed_contribution_and_logs_it(process):
    contribution = moderation.submit(process, text="Hej", email="a@example.se")
    assert contribution.status == S.UNCONFIRMED
    assert actions_logged(contribution) == ["wagtail_medborgardialog.contribution.submit"]


def test_submit_refuses_a_closed_page(process):
    from datetime import timedelta

    from django.utils import timezone

    process.closes_at = timezone.now() - timedelta(minutes=1)
    with pytest.raises(moderation.InvalidTransition):
        moderation.submit(process, text="Hej", email="a@example.se")
    assert not Contribution.objects.exists()


def test_confirm_moves_to_pending_and_logs(process):
    contribution = factories.make_contribution(process, status=S.UNCONFIRMED)
    moderation.confirm(contribution)
    assert Contribution.objects.get().status == S.PENDING
    assert "wagtail_medborgardialog.contribution.confirm" in actions_logged(contribution)


def test_approve_publishes_logs_and_tells_the_author(pending, moderator):
    moderation.approve(pending, moderator)
    pending.refresh_from_db()
    assert pending.status == S.PUBLISHED
    assert pending.published_at is not None
    entry = ModelLogEntry.objects.get(action="wagtail_medborgardialog.contribution.approve")
    assert entry.user == moderator
    assert [m.to for m in mail.outbox] == [["forfattare@example.se"]]


def test_author_who_did_not_opt_in_gets_no_mail(process, moderator):
    contribution = factories.make_contribution(process, status=S.PENDING, notify_author=False)
    moderation.approve(contribution, moderator)
    assert not mail.outbox


def test_reject_keeps_the_record_with_its_reason_and_mails_it(pending, moderator):
    moderation.reject(pending, moderator, "Innehåller reklam")
    pending.refresh_from_db()
    assert pending.status == S.REJECTED
    assert pending.rejection_reason == "Innehåller reklam"
    assert Contribution.objects.filter(pk=pending.pk).exists()
    assert "Innehåller reklam" in mail.outbox[0].body
    entry = ModelLogEntry.objects.get(action="wagtail_medborgardialog.contribution.reject")
    assert entry.data == {"reason": "Innehåller reklam"}


def test_unpublish_keeps_the_record(process, moderator):
    contribution = factories.make_contribution(process)
    moderation.unpublish(contribution, moderator)
    contribution.refresh_from_db()
    assert contribution.status == S.UNPUBLISHED
    assert not Contribution.objects.visible().exists()


def test_unpublished_contribution_can_be_approved_again(process, moderator):
    contribution = factories.make_contribution(process, status=S.UNPUBLISHED)
    moderation.approve(contribution, moderator)
    assert Contribution.objects.visible().count() == 1


def test_reply_is_saved_logged_and_sent(process, moderator):
    contribution = factories.make_contribution(process, notify_author=True)
    moderation.reply(contribution, moderator, "Tack, vi sätter upp fler lampor i vår.")
    contribution.refresh_from_db()
    assert contribution.reply == "Tack, vi sätter upp fler lampor i vår."
    assert contribution.replied_by == moderator
    assert "wagtail_medborgardialog.contribution.reply" in actions_logged(contribution)
    assert "fler lampor" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (lambda c, u: moderation.approve(c, u), S.UNCONFIRMED),
        (lambda c, u: moderation.approve(c, u), S.PUBLISHED),
        (lambda c, u: moderation.reject(c, u), S.PUBLISHED),
        (lambda c, u: moderation.unpublish(c, u), S.PENDING),
        (lambda c, u: moderation.reply(c, u, "Svar"), S.UNCONFIRMED),
    ],
)
def test_transitions_from_the_wrong_state_are_refused(process, moderator, action, status):
    contribution = factories.make_contribution(process, status=status)
    with pytest.raises(moderation.InvalidTransition):
        action(contribution, moderator)
    contribution.refresh_from_db()
    assert contribution.status == status


def test_a_user_without_publish_permission_cannot_moderate(pending, index):
    other = factories.make_process(index, title="Annan", slug="annan")
    outsider = factories.make_moderator("utomstaende", other)
    with pytest.raises(PermissionDenied):
        moderation.approve(pending, outsider)
    pending.refresh_from_db()
    assert pending.status == S.PENDING


def test_anonymous_user_cannot_moderate(pending):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        moderation.approve(pending, AnonymousUser())


def test_registered_offline_input_waits_for_moderation_with_its_channel(process, moderator):
    contribution = Contribution(
        page=process, text="Framfört på stormötet", channel="meeting", display_name="Bo"
    )
    moderation.register(contribution, moderator)
    contribution.refresh_from_db()
    assert contribution.status == S.PENDING
    assert contribution.channel == "meeting"
    entry = ModelLogEntry.objects.get(action="wagtail_medborgardialog.contribution.register")
    assert entry.data == {"channel": "meeting"}


def test_moderators_are_told_about_new_pending_input_once_per_interval(process, moderator):
    for n in range(3):
        contribution = factories.make_contribution(process, status=S.UNCONFIRMED, text=f"S{n}")
        moderation.confirm(contribution)
    to_moderator = [m for m in mail.outbox if "moderator@example.se" in m.to]
    assert len(to_moderator) == 1


def test_moderators_of_other_pages_are_not_told(process, index):
    other = factories.make_process(index, title="Annan", slug="annan")
    factories.make_moderator("annan", other)
    contribution = factories.make_contribution(process, status=S.UNCONFIRMED)
    moderation.confirm(contribution)
    assert not [m for m in mail.outbox if "annan@example.se" in m.to]


def test_emails_are_enqueued_only_when_the_transaction_commits(
    process, django_capture_on_commit_callbacks, monkeypatch
):

    monkeypatch.undo()  # real on_commit semantics for this test
    with django_capture_on_commit_callbacks() as callbacks:
        moderation.submit(process, text="Hej", email="a@example.se")
        assert not mail.outbox
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_no_published_mail_while_the_page_is_not_public(process, moderator):
    contribution = factories.make_contribution(process, status=S.PENDING, notify_author=True)
    process.unpublish()
    moderation.approve(contribution, moderator)
    assert not mail.outbox


def test_emails_escape_citizen_strings_in_html(process, moderator):
    contribution = factories.make_contribution(
        process, status=S.PENDING, notify_author=True, text="<script>x</script>"
    )
    moderation.reject(contribution, moderator, "<b>nej</b>")
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>x" not in html
    assert "&lt;script&gt;" in html


def test_emails_are_in_the_language_the_form_was_sent_in(process, moderator):
    contribution = factories.make_contribution(
        process, status=S.PENDING, notify_author=True, language="en"
    )
    moderation.approve(contribution, moderator)
    assert "is published" in mail.outbox[0].subject


def test_swedish_email_by_default(process, moderator):
    contribution = factories.make_contribution(process, status=S.PENDING, notify_author=True)
    moderation.approve(contribution, moderator)
    assert "är publicerad" in mail.outbox[0].subject


def test_confirmation_task_skips_contributions_already_confirmed(process):
    contribution = factories.make_contribution(process, status=S.PENDING)
    notifications.send_confirmation.enqueue(contribution.pk, "http://x/")
    assert not mail.outbox


# --- front-end cache -------------------------------------------------------------------


class RecordingBackend(BaseBackend):
    purged = []

    def __init__(self, params):
        super().__init__(params)

    def purge(self, url):
        RecordingBackend.purged.append(url)


@pytest.fixture
def frontend_cache(settings, monkeypatch):
    # Adding the app to INSTALLED_APPS would reload every URLconf; reporting it as installed
    # exercises the same code path.
    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name == "wagtail.contrib.frontend_cache" or real(name)
    )
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.test_moderation.RecordingBackend"}
    }
    RecordingBackend.purged = []
    return RecordingBackend.purged


def test_approving_purges_the_page_from_the_frontend_cache(pending, moderator, frontend_cache):
    moderation.approve(pending, moderator)
    assert "http://localhost/medborgardialoger/nya-parken/" in frontend_cache


def test_unpublishing_purges_the_page_from_the_frontend_cache(process, moderator, frontend_cache):
    contribution = factories.make_contribution(process)
    moderation.unpublish(contribution, moderator)
    assert "http://localhost/medborgardialoger/nya-parken/" in frontend_cache


def test_rejecting_a_pending_contribution_purges_nothing(pending, moderator, frontend_cache):
    moderation.reject(pending, moderator)
    assert frontend_cache == []


def test_a_flood_schedules_one_follow_up_where_the_backend_can_defer(process, moderator, settings):
    settings.TASKS = {"default": {"BACKEND": tasks.backend_path("dummy.DummyBackend")}}
    default_task_backend = tasks.default_task_backend

    default_task_backend.clear()
    for _ in range(4):
        notifications.notify_moderators.call(process.pk)
    deferred = [r for r in default_task_backend.results if r.task.run_after is not None]
    assert len(deferred) == 1


def test_each_moderator_is_told_in_the_language_they_chose_for_the_admin(process, index):
    """Moderators read the message in their admin language, else in the page's language."""
    from wagtail.users.models import UserProfile

    english = factories.make_moderator("english", process)
    profile = UserProfile.get_for_user(english)
    profile.preferred_language = "en"
    profile.save()
    factories.make_moderator("svensk", process)
    contribution = factories.make_contribution(process, status=S.UNCONFIRMED)
    moderation.confirm(contribution)

    subjects = {m.to[0].split("@")[0]: m.subject for m in mail.outbox if len(m.to) == 1}
    assert subjects["english"].startswith("Contributions wait for moderation")
    assert subjects["svensk"].startswith("Synpunkter väntar på granskning")
