"""A consultation answered only by the members of a citizens' panel.

The gate is a ``PanelConsultation`` row (consultation page → panel page). The members are the
panel page's drawn panel after replacements (``draw.current_panel``), less anyone who has
withdrawn. Each member gets a ``PanelMemberInvitation`` and an e-mail with a personal link (a
signed token naming the invitation, ``identity.make_link_token``); the link opens the form, and
the answer is an ordinary consultation response (moderated, tallied, published without a name)
that points at the invitation one-to-one, so the database keeps one answer per member.

Which member answered is kept only to enforce that: ``cull`` deletes the invitations
``PANEL_RETENTION_DAYS`` after the consultation closed, and with the panel's own personal data
(``panels/retention.py``), whichever comes first; the answers stay, unlinked.
"""

import datetime

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import fragments, identity
from ..conf import get_setting
from ..links import absolute_url
from ..models import Contribution
from ..models.panels import (
    AbstractCitizenPanelPage,
    PanelConsultation,
    PanelDraw,
    PanelMemberInvitation,
    Volunteer,
)
from .draw import current_panel

ANSWER = "panel-answer"


class GateError(Exception):
    """The gate cannot be set or lifted now; the message says why."""


class AlreadyAnswered(Exception):
    """The member's invitation has an answer already (perhaps from a parallel request)."""


def gate_of(page):
    """The consultation's gate, or None when the public may answer."""
    return PanelConsultation.objects.filter(page_id=page.pk).first()


def panel_page(gate):
    """The gate's panel page (specific), or None when it was removed."""
    if gate is None or gate.panel_id is None:
        return None
    panel = gate.panel.specific
    return panel if isinstance(panel, AbstractCitizenPanelPage) else None


def drawn(panel):
    draw = PanelDraw.objects.filter(page_id=panel.pk).order_by("-pk").first()
    return draw if draw is not None and draw.is_drawn else None


def members(panel):
    """The panel's current members (after replacements), not withdrawn; none before the draw."""
    draw = drawn(panel) if panel is not None else None
    if draw is None:
        return Volunteer.objects.none()
    return Volunteer.objects.filter(
        page_id=panel.pk, pseudonym__in=current_panel(draw), withdrawn_at__isnull=True
    ).order_by("pseudonym")


def is_member(gate, volunteer):
    return members(panel_page(gate)).filter(pk=volunteer.pk).exists()


@transaction.atomic
def set_gate(page, panel, user):
    """Make ``page`` answerable only by ``panel``'s members (a drawn panel).

    Refused while the consultation has responses from the public: they would be mixed with
    the panel's.
    """
    if drawn(panel) is None:
        raise GateError(_("The panel has not been drawn yet."))
    gate = PanelConsultation.objects.select_for_update().filter(page_id=page.pk).first()
    if gate is not None:
        if gate.panel_id == panel.pk:
            return gate
        if gate.invitations.exists():
            raise GateError(_("Invitations have been sent to another panel's members."))
        gate.panel_id = panel.pk
        gate.save(update_fields=["panel"])
        purge(page)
        return gate
    if Contribution.objects.filter(page_id=page.pk).exists():
        raise GateError(_("The consultation already has responses from the public."))
    gate = PanelConsultation.objects.create(page_id=page.pk, panel_id=panel.pk, created_by=user)
    purge(page)
    return gate


@transaction.atomic
def lift_gate(page):
    """Open the consultation to everyone again: only before any invitation was sent."""
    gate = PanelConsultation.objects.select_for_update().filter(page_id=page.pk).first()
    if gate is None:
        return
    if gate.invitations.exists():
        raise GateError(_("Invitations have been sent; the consultation stays with the panel."))
    gate.delete()
    purge(page)


def purge(page):
    """The public page changes with the gate (the explanation instead of the form): its
    cached fragments and front-end cache go when the transaction commits."""
    transaction.on_commit(lambda: fragments.bump_page(page.pk))
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        from wagtail.contrib.frontend_cache.utils import purge_page_from_cache  # optional app

        transaction.on_commit(lambda: purge_page_from_cache(page))


def answer_url(page, invitation, request=None):
    token = identity.make_link_token(invitation, ANSWER)
    return absolute_url(
        page, request, page.reverse_subpage("consultation_panel_answer", args=[token])
    )


def send_invitations(page, gate, request=None, again=False):
    """Invite every member who has no invitation yet; with ``again``, also e-mail the link
    once more to every invited member who has not answered. One invitation row per member,
    whatever is pressed how often. Returns the number of e-mails queued."""
    from .notifications import send_panel_consultation_invitation  # the tasks import models

    language = page.content_language() or translation.get_language() or ""
    now = timezone.now()
    queued = []
    with transaction.atomic():
        for person in members(panel_page(gate)).exclude(email=""):
            invitation, created = PanelMemberInvitation.objects.get_or_create(
                gate=gate, volunteer=person, defaults={"sent_at": now}
            )
            if not created:
                if not again or invitation.answered_at is not None:
                    continue
                PanelMemberInvitation.objects.filter(pk=invitation.pk).update(
                    sent_at=now, times_sent=invitation.times_sent + 1
                )
            queued.append((invitation.pk, answer_url(page, invitation, request)))
        for pk, url in queued:
            transaction.on_commit(
                lambda pk=pk, url=url: send_panel_consultation_invitation.enqueue(pk, url, language)
            )
    return len(queued)


def counts(gate):
    """(members, invited, answered) of the gate's panel."""
    if gate is None:
        return 0, 0, 0
    invitations = PanelMemberInvitation.objects.filter(gate=gate)
    return (
        members(panel_page(gate)).count(),
        invitations.count(),
        invitations.filter(answered_at__isnull=False).count(),
    )


def read_invitation(page, token):
    """The invitation ``token`` names, for this consultation; raises identity.InvalidLink."""
    return identity.read_link_token(
        token,
        PanelMemberInvitation,
        ANSWER,
        queryset=PanelMemberInvitation.objects.filter(gate__page_id=page.pk).select_related(
            "gate", "volunteer"
        ),
    )


def save_answer(page, invitation, form, request):
    """Store the member's answer as a response; raises AlreadyAnswered.

    The conditional update claims the invitation (a parallel request waits for the row and
    then finds it answered); the one-to-one ``Contribution.panel_invitation`` is the database's
    own guarantee behind it.
    """
    from ..consultations.views import save_answers  # the views import the models
    from ..contributions import moderation  # moderation imports the models
    from ..privacy.network import client_ip, hash_ip

    try:
        with transaction.atomic():
            claimed = PanelMemberInvitation.objects.filter(
                pk=invitation.pk, answered_at__isnull=True
            ).update(answered_at=timezone.now())
            if not claimed:
                raise AlreadyAnswered
            contribution = moderation.submit(
                page,
                text=form.cleaned_data["text"],
                email="",
                ip_hash=hash_ip(client_ip(request)),
                language=translation.get_language() or "",
                request=request,
                personal_link=True,
                panel_invitation=invitation,
                area=form.cleaned_data.get("area"),
            )
            save_answers(contribution, form.answers())
    except (IntegrityError, moderation.DuplicateContribution) as error:
        raise AlreadyAnswered from error
    return contribution


def due_invitations(now=None):
    """Invitations whose consultation closed PANEL_RETENTION_DAYS ago, or whose member's
    personal data has been culled."""
    from .retention import due_volunteers  # retention imports the models

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=get_setting("PANEL_RETENTION_DAYS"))
    closed = []
    for gate in PanelConsultation.objects.select_related("page"):
        closes_at = getattr(gate.page.specific, "closes_at", None)
        if closes_at is not None and closes_at < cutoff:
            closed.append(gate.pk)
    return PanelMemberInvitation.objects.filter(
        Q(gate_id__in=closed)
        | Q(volunteer__anonymised_at__isnull=False)
        | Q(volunteer__in=due_volunteers(now))
    )


def cull(now=None, dry_run=False):
    """Delete the due invitations (the answers stay, unlinked); the number deleted."""
    due = due_invitations(now)
    count = due.count()
    if not dry_run and count:
        due.delete()
    return count
