"""The volunteer's e-mail: the confirmation link (double opt-in) and the withdrawal link; a
member's personal invitation to answer the panel's consultation."""

from ..models.panels import PanelMemberInvitation, Volunteer
from ..notifications import send
from ..tasks import task


@task()
def send_volunteer_confirmation(
    volunteer_id: int, confirm_url: str, withdraw_url: str, language: str
) -> int:
    person = Volunteer.objects.filter(pk=volunteer_id, confirmed_at__isnull=True).first()
    if person is None or not person.email:
        return 0
    page = person.page.specific
    context = {
        "page": page,
        "page_title": page.title,
        "volunteer": person,
        "confirm_url": confirm_url,
        "withdraw_url": withdraw_url,
    }
    return send("panel_volunteer_confirm", context, [person.email], language)


@task()
def send_panel_consultation_invitation(invitation_id: int, answer_url: str, language: str) -> int:
    """A panel member's personal invitation to answer a consultation."""
    invitation = (
        PanelMemberInvitation.objects.filter(pk=invitation_id, answered_at__isnull=True)
        .select_related("gate", "volunteer")
        .first()
    )
    if invitation is None or not invitation.volunteer.email:
        return 0
    consultation = invitation.gate.page.specific
    panel = invitation.gate.panel.specific if invitation.gate.panel_id else None
    context = {
        "page": consultation,
        "page_title": consultation.title,
        "panel_title": panel.title if panel else "",
        "closes_at": getattr(consultation, "closes_at", None),
        "answer_url": answer_url,
    }
    return send("panel_consultation_invitation", context, [invitation.volunteer.email], language)
