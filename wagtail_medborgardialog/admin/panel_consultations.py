"""Admin screen of a consultation for a citizens' panel: choose the panel whose members alone
may answer, send each member a personal invitation, see how many are invited and have answered.

For those who run the consultation (the right to edit its page, as Processledare have): another
site's consultation, or a panel the user may not edit, is 404. Members' names and addresses are
not shown here; the panel's own screen has them.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.models import Page

from ..log_actions import consultation_action
from ..models import AbstractCitizenPanelPage, AbstractConsultationPage
from ..panels import consultations as panel_consultations
from ..permissions import editable_pages


def get_consultation(request, page_id):
    pages = Page.objects.filter(pk__in=editable_pages(request.user).values("pk"))
    page = get_object_or_404(pages, pk=page_id).specific
    if not isinstance(page, AbstractConsultationPage):
        raise Http404
    return page


def drawn_panels_for(user):
    """Drawn citizens' panels ``user`` may edit (their site's)."""
    pages = Page.objects.filter(pk__in=editable_pages(user).values("pk")).specific()
    return [
        p
        for p in pages
        if isinstance(p, AbstractCitizenPanelPage) and panel_consultations.drawn(p) is not None
    ]


def panel_view(request, page_id):
    page = get_consultation(request, page_id)
    gate = panel_consultations.gate_of(page)
    members, invited, answered = panel_consultations.counts(gate)
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/consultation_panel.html",
        {
            "page": page,
            "page_title": _("Citizens' panel: %(title)s") % {"title": page.title},
            "gate": gate,
            "gate_panel": panel_consultations.panel_page(gate),
            "panels": drawn_panels_for(request.user) if gate is None else [],
            "members": members,
            "invited": invited,
            "answered": answered,
            "not_invited": max(members - invited, 0),
            "open": page.accepts_contributions(),
        },
    )


def _back(page):
    return redirect("wagtail_medborgardialog_consultation_panel", page.pk)


def gate_view(request, page_id):
    """Make the consultation answerable only by a drawn panel's members (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_consultation(request, page_id)
    chosen = request.POST.get("panel", "")
    panel = next((p for p in drawn_panels_for(request.user) if str(p.pk) == chosen), None)
    if panel is None:
        raise Http404
    try:
        panel_consultations.set_gate(page, panel, request.user)
    except panel_consultations.GateError as error:
        messages.error(request, str(error))
        return _back(page)
    log(
        instance=page,
        action=consultation_action("panel_gate"),
        user=request.user,
        data={"panel": panel.pk},
    )
    messages.success(
        request,
        _("Only the members of %(panel)s can answer %(title)s now.")
        % {"panel": panel.title, "title": page.title},
    )
    return _back(page)


def lift_view(request, page_id):
    """Open the consultation to everyone again, before any invitation was sent (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_consultation(request, page_id)
    try:
        panel_consultations.lift_gate(page)
    except panel_consultations.GateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Everyone can answer the consultation again."))
    return _back(page)


def invite_view(request, page_id):
    """Send the members their personal invitations (POST); ``again`` re-sends the link to the
    invited members who have not answered. One invitation per member however often."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_consultation(request, page_id)
    gate = panel_consultations.gate_of(page)
    if gate is None:
        raise Http404
    if not page.accepts_contributions():
        messages.error(request, _("The consultation is not open; no invitation was sent."))
        return _back(page)
    again = bool(request.POST.get("again"))
    sent = panel_consultations.send_invitations(page, gate, request, again=again)
    log(
        instance=page,
        action=consultation_action("panel_invite"),
        user=request.user,
        data={"sent": sent, "again": again},
    )
    if sent:
        messages.success(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
            % {"count": sent},
        )
    else:
        messages.warning(request, _("No invitation was sent: every member is invited already."))
    return _back(page)


def header_buttons(page, user, view_name=None, next_url=None):
    page_class = page.specific_class
    if (
        page_class
        and issubclass(page_class, AbstractConsultationPage)
        and editable_pages(user).filter(pk=page.pk).exists()
    ):
        yield Button(
            _("Citizens' panel"),
            reverse("wagtail_medborgardialog_consultation_panel", args=[page.pk]),
            icon_name="group",
            priority=41,
        )


urlpatterns = [
    path(
        "medborgardialog/consultations/<int:page_id>/panel/",
        panel_view,
        name="wagtail_medborgardialog_consultation_panel",
    ),
    path(
        "medborgardialog/consultations/<int:page_id>/panel/gate/",
        gate_view,
        name="wagtail_medborgardialog_consultation_panel_gate",
    ),
    path(
        "medborgardialog/consultations/<int:page_id>/panel/lift/",
        lift_view,
        name="wagtail_medborgardialog_consultation_panel_lift",
    ),
    path(
        "medborgardialog/consultations/<int:page_id>/panel/invite/",
        invite_view,
        name="wagtail_medborgardialog_consultation_panel_invite",
    ),
]
