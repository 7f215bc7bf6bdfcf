"""A citizens' panel member's personal link to a consultation: the form and the one answer.

The link names the member's invitation (``panels/consultations.py``). Its answers are
``private, no-store`` (a route with a ``token``, ``caching.py``). A wrong, foreign or removed
link is 404, a closed consultation 410, a member who has left the panel 403, and a second
answer 409; nothing is stored in any of these.
"""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import identity
from ..conf import get_setting
from ..contributions import moderation
from ..contributions.views import render_page, thanks_redirect
from ..models.participation import InputWindow
from ..panels import consultations as panel_consultations
from ..privacy.network import client_ip, hash_ip
from .forms import PanelMemberResponseForm

STATUS_TEMPLATE = "wagtail_medborgardialog/consultation/panel_link.html"
FORM_TEMPLATE = "wagtail_medborgardialog/consultation/panel_form.html"


def public_refusal(page, request):
    """A POST to the public form of a panel's consultation: refused, nothing stored."""
    return render_page(
        page,
        request,
        403,
        form=False,
        contributions_refused=_(
            "Only the members of the citizens' panel can answer this consultation, with the "
            "personal link in their invitation. Nothing was saved."
        ),
    )


def _status(page, request, message, status, heading=None):
    context = page.get_context(request, contribution_form=False)
    context.update(
        {
            "link_heading": heading or _("The link does not work"),
            "link_message": message,
        }
    )
    return TemplateResponse(request, STATUS_TEMPLATE, context, status=status)


def _form_page(page, request, form, status=200):
    response = page.render(
        request,
        contribution_form=form,
        context_overrides={
            "contribution_form_template": FORM_TEMPLATE,
            "panel_member_form": True,
            "panel_answer_url": request.path,
            "panel_retention_days": get_setting("PANEL_RETENTION_DAYS"),
        },
    )
    response.status_code = status
    return response


def panel_answer(page, request, token):
    try:
        invitation = panel_consultations.read_invitation(page, token)
    except identity.InvalidLink:
        return _status(
            page,
            request,
            _(
                "The link is not complete, belongs to another consultation or is no longer "
                "valid. Copy the whole link from the invitation e-mail."
            ),
            404,
        )
    window = page.input_window()
    if window.state == InputWindow.CLOSED:
        return _status(
            page,
            request,
            _("The consultation is closed. Thank you for your interest."),
            410,
            heading=_("The consultation is closed"),
        )
    if window.state == InputWindow.NOT_YET_OPEN:
        return _status(
            page,
            request,
            _("The consultation is not open for answers yet. Use the same link when it opens."),
            403,
            heading=_("Not open yet"),
        )
    if invitation.answered_at is not None:
        return _status(
            page,
            request,
            _("You have already answered this consultation. Thank you! Each member answers once."),
            409 if request.method == "POST" else 200,
            heading=_("Already answered"),
        )
    if not panel_consultations.is_member(invitation.gate, invitation.volunteer):
        return _status(
            page,
            request,
            _("You are no longer a member of the panel, so the link no longer opens the form."),
            403,
        )
    if request.method != "POST":
        return _form_page(page, request, PanelMemberResponseForm.for_page(page))
    form = PanelMemberResponseForm(request.POST, page=page, ip_hash=hash_ip(client_ip(request)))
    if not form.is_valid():
        form.refresh_timestamp()
        return _form_page(page, request, form, status=400)
    try:
        contribution = panel_consultations.save_answer(page, invitation, form, request)
    except moderation.InvalidTransition:  # closed while the form was checked
        return _status(
            page,
            request,
            _("The consultation is closed. Thank you for your interest."),
            410,
            heading=_("The consultation is closed"),
        )
    except panel_consultations.AlreadyAnswered:
        return _status(
            page,
            request,
            _("You have already answered this consultation. Thank you! Each member answers once."),
            409,
            heading=_("Already answered"),
        )
    return thanks_redirect(page, contribution)
