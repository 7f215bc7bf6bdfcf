"""E-mails: about contributions, sent by background tasks (arguments are ids and strings),
and to a deciding body when a page reaches its political decision task.

Every template exists as ``.txt`` and ``.html`` under ``wagtail_medborgardialog/emails/`` and is
rendered in the author's language (the one the form was sent in).
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import Page
from wagtail.signals import task_submitted

from .conf import get_setting
from .links import absolute_url
from .models import Contribution, ContributionStatus
from .models.contributions import is_public
from .models.decisions import DecisionTaskState
from .permissions import moderators_of
from .tasks import task


def render_email(name, context, language=None):
    """(subject, text, html) of e-mail template ``name`` in ``language``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"wagtail_medborgardialog/emails/{name}_subject.txt", context)
        text = render_to_string(f"wagtail_medborgardialog/emails/{name}.txt", context)
        html = render_to_string(f"wagtail_medborgardialog/emails/{name}.html", context)
    return " ".join(subject.split()), text, html


def send(name, context, recipients, language=None):
    subject, text, html = render_email(name, context, language)
    message = EmailMultiAlternatives(subject, text, to=recipients)
    message.attach_alternative(html, "text/html")
    return message.send()


def _base_context(page):
    # Tasks have no request: links come from the page's Site record (see links.py).
    return {"page": page, "page_title": page.title, "page_url": absolute_url(page)}


@task()
def send_confirmation(contribution_id: int, confirm_url: str) -> int:
    """Send the author the link that confirms their contribution."""

    # One read: the row (still unconfirmed?) with its page's title and path, which are all
    # the message shows of the page; the specific page is not needed.
    contribution = Contribution.objects.select_related("page").filter(pk=contribution_id).first()
    if not contribution or contribution.status != ContributionStatus.UNCONFIRMED:
        return 0
    page = contribution.page
    context = {
        **_base_context(page),
        "contribution": contribution,
        "confirm_url": confirm_url,
        "max_age_hours": get_setting("CONFIRMATION_MAX_AGE") // 3600,
    }
    return send("contribution_confirm", context, [contribution.email], contribution.language)


@task()
def send_ballot_confirmation(ballot_id: int, confirm_url: str) -> int:
    """Send a voter the link that counts their budget ballot (participatory budgeting)."""
    from .models.budgets import Ballot  # noqa: PLC0415 - kept to this block for the budgets area

    ballot = Ballot.objects.select_related("page").filter(pk=ballot_id).first()
    if not ballot or not ballot.email or ballot.pending is None:
        return 0
    page = ballot.page.specific
    context = {
        **_base_context(page),
        "confirm_url": confirm_url,
        "max_age_hours": get_setting("CONFIRMATION_MAX_AGE") // 3600,
    }
    language = getattr(page, "content_language", lambda: None)()
    return send("ballot_confirm", context, [ballot.email], language)


@task()
def notify_author(contribution_id: int, event: str) -> int:
    """Tell an author who opted in that their contribution was published, rejected or answered."""

    if event not in {"published", "rejected", "replied"}:
        return 0
    contribution = Contribution.objects.select_related("page").filter(pk=contribution_id).first()
    if not contribution or not contribution.notify_author or not contribution.email:
        return 0
    # Published news only while the public can see it (a draft or restricted page stays quiet).
    if event in {"published", "replied"} and not is_public(contribution):
        return 0
    if event == "rejected" and contribution.status != ContributionStatus.REJECTED:
        return 0
    page = contribution.page.specific
    context = {**_base_context(page), "contribution": contribution, "event": event}
    return send(f"contribution_{event}", context, [contribution.email], contribution.language)


def moderator_recipients(page):
    """``(address, language)`` of each moderator of ``page``, sorted by address.

    The language is the one the moderator chose for Wagtail's admin (their account
    settings), else the page's own: a moderator reads the message in the language they work
    in, not in the site's default.
    """
    page_language = page.locale.language_code if page.locale_id else None
    users = moderators_of(page).select_related("wagtail_userprofile")
    recipients = {}
    for user in users:
        if not user.email:
            continue
        profile = getattr(user, "wagtail_userprofile", None)
        chosen = profile.preferred_language if profile is not None else ""
        recipients.setdefault(user.email, chosen or page_language)
    return sorted(recipients.items())


def send_each(name, context, recipients, language=None):
    """One message per recipient, so no one sees who else was told (moderators of
    different sites or organisations must not learn each other's addresses).

    ``recipients`` are addresses, or ``(address, language)`` pairs whose language wins over
    ``language``.
    """
    sent = 0
    for recipient in recipients:
        address, own = recipient if isinstance(recipient, tuple) else (recipient, None)
        sent += send(name, context, [address], own or language)
    return sent


def _schedule_follow_up(page_id, interval):
    backend = notify_moderators.get_backend()
    if not getattr(backend, "supports_defer", False):
        return
    if cache.add(f"mbd:notify-moderators-follow-up:{page_id}", 1, interval):
        run_after = timezone.now() + timedelta(seconds=interval + 1)
        notify_moderators.using(run_after=run_after).enqueue(page_id)


@task()
def notify_moderators(page_id: int) -> int:
    """Tell the page's moderators that contributions wait; at most once per interval per page."""

    # cache.add succeeds only for the first call in the interval, so a flood gives one e-mail.
    # Where the task backend can defer, one follow-up runs when the interval ends and reports
    # what arrived meanwhile; otherwise the next contribution after the interval does.
    interval = get_setting("MODERATOR_NOTIFY_INTERVAL")
    if not cache.add(f"mbd:notify-moderators:{page_id}", 1, interval):
        _schedule_follow_up(page_id, interval)
        return 0
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    pending = Contribution.objects.pending().filter(page_id=page_id).count()
    reported = Contribution.objects.reported().filter(page_id=page_id).count()
    recipients = moderator_recipients(page)
    if not (pending or reported) or not recipients:
        return 0
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    try:
        queue_url = base + reverse("wagtailsnippets_wagtail_medborgardialog_contribution:list")
    except Exception:  # the admin is not mounted on this site
        queue_url = ""
    context = {
        "page_title": page.title,
        "pending": pending,
        "reported": reported,
        "queue_url": queue_url + f"?status=pending&page={page_id}" if queue_url else "",
    }
    return send_each("moderators_pending", context, recipients)


# --- Workflow notifications ---------------------------------------------------------------
# Wagtail connects its "submitted for your approval" notifier for the base ``TaskState``
# only, so a ``TaskState`` subclass needs its own connection or group members are never told.


class DecisionTaskStateSubmissionEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's group approval notifier, using its ``task_state_submitted`` templates."""

    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"


decision_task_submission_email_notifier = DecisionTaskStateSubmissionEmailNotifier()


def register_signal_handlers():
    task_submitted.connect(
        decision_task_submission_email_notifier,
        sender=DecisionTaskState,
        dispatch_uid="medborgardialog_decision_task_submitted_email_notification",
    )


# --- Consultations --------------------------------------------------------------------------


@task()
def send_consultation_reminder(
    invited_id: int, model: str = "wagtail_medborgardialog.invitedstakeholder"
) -> int:
    """Remind an invited body (remissinstans) that has not responded yet; ``model`` is the
    invited-body model of the consultation's page type (a site's may be its own)."""

    invited = (
        apps.get_model(model)
        .objects.select_related("stakeholder", "page")
        .filter(pk=invited_id)
        .first()
    )
    if invited is None or not invited.stakeholder.email:
        return 0
    page = invited.page.specific
    if not page.is_open_for_contributions():
        return 0
    responded = (
        Contribution.objects.filter(page_id=page.pk, stakeholder_id=invited.stakeholder_id)
        .exclude(status=ContributionStatus.UNCONFIRMED)
        .exists()
    )
    if responded:
        return 0
    context = {
        **_base_context(page),
        "stakeholder": invited.stakeholder,
        "closes_at": page.closes_at,
    }
    return send("consultation_reminder", context, [invited.stakeholder.email])


# --- E-proposals ----------------------------------------------------------------------------


def _e_proposal_context(proposal):
    page = proposal.page.specific
    from .e_proposals.views import proposal_url  # the views import this module

    return {
        **_base_context(page),
        "proposal": proposal,
        "proposal_url": proposal_url(page, proposal, absolute=True),
    }


@task()
def send_e_proposal_confirmation(proposal_id: int, confirm_url: str) -> int:
    """Send the proposer the link that confirms their proposal (double opt-in)."""
    from .models import EProposal, EProposalStatus

    proposal = EProposal.objects.select_related("page").filter(pk=proposal_id).first()
    if not proposal or proposal.status != EProposalStatus.SUBMITTED or not proposal.proposer_email:
        return 0
    context = {
        **_e_proposal_context(proposal),
        "event": "confirm",
        "link_url": confirm_url,
        "max_age_hours": get_setting("CONFIRMATION_MAX_AGE") // 3600,
    }
    return send("e_proposal", context, [proposal.proposer_email], proposal.language)


@task()
def send_signature_confirmation(signature_id: int, confirm_url: str, withdraw_url: str) -> int:
    """Send a signer the link that makes their signature count, and the one to withdraw it."""
    from .models import Signature

    signature = Signature.objects.select_related("proposal__page").filter(pk=signature_id).first()
    if not signature or signature.confirmed_at or not signature.email:
        return 0
    context = {
        **_e_proposal_context(signature.proposal),
        "event": "sign",
        "link_url": confirm_url,
        "withdraw_url": withdraw_url,
        "max_age_hours": get_setting("CONFIRMATION_MAX_AGE") // 3600,
    }
    return send("e_proposal", context, [signature.email], signature.proposal.language)


PROPOSER_EVENTS = {
    "published",
    "passed_without_signing",
    "refused",
    "half",
    "passed",
    "not_passed",
    "referred",
    "answered",
}


@task()
def notify_proposer(proposal_id: int, event: str) -> int:
    """Tell the proposer: screened (published or refused), 50 % and 100 % of the threshold,
    the window ended, referred, answered."""
    from .models import EProposal

    if event not in PROPOSER_EVENTS:
        return 0
    proposal = (
        EProposal.objects.select_related("page", "referral", "answer")
        .filter(pk=proposal_id)
        .first()
    )
    if not proposal or not proposal.proposer_email:
        return 0
    context = {**_e_proposal_context(proposal), "event": event}
    return send("e_proposal", context, [proposal.proposer_email], proposal.language)


@task()
def notify_signers_outcome(proposal_id: int) -> int:
    """Tell the signers who asked for it what the answer was; one message each."""
    from .models import EProposal, Signature

    proposal = EProposal.objects.select_related("page", "answer").filter(pk=proposal_id).first()
    if not proposal or proposal.answer_id is None:
        return 0
    recipients = list(
        Signature.objects.filter(proposal_id=proposal_id, wants_outcome=True)
        .exclude(confirmed_at=None)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    context = {**_e_proposal_context(proposal), "event": "outcome"}
    sent = send_each("e_proposal", context, recipients, proposal.language)
    # The address was kept only for this message.
    Signature.objects.filter(proposal_id=proposal_id).update(email="", wants_outcome=False)
    return sent


@task()
def notify_e_proposal_moderators(proposal_id: int) -> int:
    """Tell the index's moderators that a confirmed proposal waits for screening."""
    from .models import EProposal

    proposal = EProposal.objects.select_related("page").filter(pk=proposal_id).first()
    if proposal is None:
        return 0
    context = {"proposal": proposal, "page_title": proposal.page.title, "event": "screening"}
    return send_each("e_proposal_moderators", context, moderator_recipients(proposal.page))


@task()
def notify_e_proposal_burst(proposal_id: int, signatures: int) -> int:
    """Tell the index's moderators that many signatures came from one network."""
    from .models import EProposal

    proposal = EProposal.objects.select_related("page").filter(pk=proposal_id).first()
    if proposal is None:
        return 0
    context = {
        "proposal": proposal,
        "page_title": proposal.page.title,
        "event": "burst",
        "signatures": signatures,
    }
    return send_each("e_proposal_moderators", context, moderator_recipients(proposal.page))


# --- Meetings -------------------------------------------------------------------------------
# Registration e-mails: the confirmation link (double opt-in), where the person stands after
# confirming or being promoted, and the reminder the day before. Those about a place carry
# the meeting as an iCalendar invitation (meeting.ics) and the personal cancel link.


def _registration(registration_id):
    from .models import Registration

    return (
        Registration.objects.select_related("meeting", "meeting__page")
        .filter(pk=registration_id, anonymised_at__isnull=True)
        .first()
    )


def _meeting_context(registration):
    from .meetings.dates import format_span
    from .meetings.views import cancel_url, meeting_url

    meeting = registration.meeting
    language = registration.language or meeting.language
    return {
        **_base_context(meeting.page),
        "registration": registration,
        "meeting": meeting,
        "when": format_span(meeting.starts_at, meeting.ends_at, language),
        "meeting_url": meeting_url(meeting),
        "cancel_url": cancel_url(registration),
    }


def _send_with_invitation(name, context, registration):
    from .meetings.calendar import render_meetings

    meeting = registration.meeting
    subject, text, html = render_email(name, context, registration.language)
    message = EmailMultiAlternatives(subject, text, to=[registration.email])
    message.attach_alternative(html, "text/html")
    calendar = render_meetings(meeting.title, [meeting], {meeting.pk: context["meeting_url"]})
    message.attach("meeting.ics", calendar, "text/calendar; charset=utf-8; method=PUBLISH")
    return message.send()


@task()
def send_meeting_confirmation(registration_id: int) -> int:
    """Send the link that confirms a registration."""
    from .meetings.views import confirm_url

    registration = _registration(registration_id)
    if registration is None or registration.status == "cancelled":
        return 0
    context = {
        **_meeting_context(registration),
        "confirm_url": confirm_url(registration),
        "max_age_hours": get_setting("CONFIRMATION_MAX_AGE") // 3600,
    }
    return send("meeting_confirm", context, [registration.email], registration.language)


@task()
def send_meeting_status(registration_id: int, event: str) -> int:
    """Tell the person where they stand: ``confirmed``, ``waitlisted`` or ``promoted`` (from
    the waiting list to a place). A place comes with the calendar invitation."""
    if event not in {"confirmed", "waitlisted", "promoted"}:
        return 0
    registration = _registration(registration_id)
    if registration is None:
        return 0
    expected = "waitlisted" if event == "waitlisted" else "confirmed"
    if registration.status != expected:
        return 0
    context = {**_meeting_context(registration), "event": event}
    if event == "waitlisted":
        return send("meeting_status", context, [registration.email], registration.language)
    return _send_with_invitation("meeting_status", context, registration)


@task()
def send_meeting_reminder(registration_id: int) -> int:
    """The reminder the day before, to those with a place (meetings/reminders.py)."""
    registration = _registration(registration_id)
    if registration is None or registration.status != "confirmed":
        return 0
    return _send_with_invitation("meeting_reminder", _meeting_context(registration), registration)


@task()
def send_network_interest_confirmation(interest_id: int) -> int:
    """Send the link that confirms an intresseanmälan to a network."""
    from .meetings.networks import confirm_url
    from .models import InterestStatus, NetworkInterest

    interest = NetworkInterest.objects.select_related("page").filter(pk=interest_id).first()
    if interest is None or interest.status != InterestStatus.UNCONFIRMED:
        return 0
    context = {
        **_base_context(interest.page),
        "interest": interest,
        "confirm_url": confirm_url(interest),
        "max_age_hours": get_setting("CONFIRMATION_MAX_AGE") // 3600,
    }
    return send("network_interest_confirm", context, [interest.email], interest.language)
