"""Admin screen of a citizens' panel: volunteers, invitation codes, the commitment, the draw,
replacements. Everything starts from the pages the user may edit (their site's tree), so
another site's panel answers 404; the commitment, the draw and replacements need the right to
publish the page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail.admin.widgets import Button
from wagtail.models import Page

from ..exports import csv_lines, download, formula_safe
from ..models import (
    AbstractCitizenPanelPage,
    AbstractConsultationPage,
    Stakeholder,
    StakeholderKind,
    Volunteer,
)
from ..panels import draw as panel_draw
from ..panels.selection import SelectionError
from ..permissions import editable_pages, publishable_pages

MAX_CODES = 20000


def get_panel(request, page_id):
    pages = Page.objects.filter(pk__in=editable_pages(request.user).values("pk"))
    page = get_object_or_404(pages, pk=page_id).specific
    if not isinstance(page, AbstractCitizenPanelPage):
        raise Http404
    return page


def may_draw(user, page):
    return publishable_pages(user).filter(pk=page.pk).exists()


def consultations_for(user):
    """Consultation pages ``user`` may edit (their site's), for inviting the panel."""
    pages = Page.objects.filter(pk__in=editable_pages(user).values("pk")).specific()
    return [p for p in pages if isinstance(p, AbstractConsultationPage)]


def panel_view(request, page_id):
    page = get_panel(request, page_id)
    volunteers = list(Volunteer.objects.filter(page=page).order_by("created_at", "pk"))
    categories = [category for category, _rows in page.categories()]
    draw = page.latest_draw()
    replacements = list(draw.replacements.all()) if draw else []
    panel = panel_draw.current_panel(draw) if draw and draw.is_drawn else []
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/citizen_panel.html",
        {
            "page": page,
            "page_title": _("Citizens' panel: %(title)s") % {"title": page.title},
            "volunteers": [(v, [v.answers.get(c, "") for c in categories]) for v in volunteers],
            "in_pool": sum(1 for v in volunteers if v.in_pool),
            "draw": draw,
            "panel": panel,
            "replacements": replacements,
            "may_draw": may_draw(request.user, page),
            "categories": categories,
            "consultations": consultations_for(request.user) if panel else [],
        },
    )


def codes_view(request, page_id):
    """N new one-time codes as a CSV file for the print house; they are shown only this once."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_panel(request, page_id)
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_CODES:
        messages.error(request, _("Give a number of codes from 1 to %(max)s.") % {"max": MAX_CODES})
        return redirect("wagtail_medborgardialog_panel", page.pk)
    batch, codes = panel_draw.generate_codes(page, number)
    rows = [[_("Code"), _("Batch")]] + [[formula_safe(code), batch] for code in codes]
    return download("".join(csv_lines(rows)), "csv", f"panel-{page.pk}-codes-{batch}.csv")


def commit_view(request, page_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_panel(request, page_id)
    if not may_draw(request.user, page):
        raise PermissionDenied
    try:
        panel_draw.commit(page, request.user, request.POST.get("public_source", "")[:1000])
    except SelectionError as error:
        messages.error(request, _("The commitment was not published: %(error)s") % {"error": error})
    else:
        messages.success(request, _("The commitment is published on the panel's page."))
    return redirect("wagtail_medborgardialog_panel", page.pk)


def run_view(request, page_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_panel(request, page_id)
    if not may_draw(request.user, page):
        raise PermissionDenied
    draw = page.latest_draw()
    if draw is None:
        messages.error(request, _("Publish the commitment before the draw."))
    elif draw.is_drawn:
        messages.warning(request, _("The panel has already been drawn."))
    else:
        try:
            panel_draw.run(draw, request.user, request.POST.get("public_value", ""))
        except SelectionError as error:
            messages.error(request, _("The panel was not drawn: %(error)s") % {"error": error})
        else:
            messages.success(request, _("The panel is drawn and the seed is published."))
    return redirect("wagtail_medborgardialog_panel", page.pk)


def replace_view(request, page_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_panel(request, page_id)
    if not may_draw(request.user, page):
        raise PermissionDenied
    draw = page.latest_draw()
    if draw is None:
        raise Http404
    try:
        row = panel_draw.replace(draw, request.POST.get("leaving", ""), request.user)
    except SelectionError as error:
        messages.error(request, _("No replacement was drawn: %(error)s") % {"error": error})
    else:
        messages.success(
            request,
            _("%(joining)s takes the seat of %(leaving)s.")
            % {"joining": row.joining, "leaving": row.leaving},
        )
    return redirect("wagtail_medborgardialog_panel", page.pk)


def invite_view(request, page_id):
    """Invite the drawn panel, as one body, to respond to a consultation of the same site."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_panel(request, page_id)
    draw = page.latest_draw()
    if draw is None or not draw.is_drawn:
        raise Http404
    chosen = request.POST.get("consultation", "")
    consultation = next((c for c in consultations_for(request.user) if str(c.pk) == chosen), None)
    if consultation is None:
        raise Http404
    body, _created = Stakeholder.objects.get_or_create(
        name=page.title, kind=StakeholderKind.CITIZENS, defaults={"email": ""}
    )
    invited_model = consultation.get_invited_stakeholder_model()
    invited_model.objects.get_or_create(page_id=consultation.pk, stakeholder=body)
    messages.success(
        request,
        _("The panel is invited to respond to %(title)s.") % {"title": consultation.title},
    )
    return redirect("wagtail_medborgardialog_panel", page.pk)


def header_buttons(page, user, view_name=None, next_url=None):
    page_class = page.specific_class
    if page_class and issubclass(page_class, AbstractCitizenPanelPage):
        if editable_pages(user).filter(pk=page.pk).exists():
            yield Button(
                _("Volunteers and draw"),
                reverse("wagtail_medborgardialog_panel", args=[page.pk]),
                icon_name="group",
                priority=40,
            )


urlpatterns = [
    path(
        "medborgardialog/panels/<int:page_id>/invite/",
        invite_view,
        name="wagtail_medborgardialog_panel_invite",
    ),
    path("medborgardialog/panels/<int:page_id>/", panel_view, name="wagtail_medborgardialog_panel"),
    path(
        "medborgardialog/panels/<int:page_id>/codes/",
        codes_view,
        name="wagtail_medborgardialog_panel_codes",
    ),
    path(
        "medborgardialog/panels/<int:page_id>/commit/",
        commit_view,
        name="wagtail_medborgardialog_panel_commit",
    ),
    path(
        "medborgardialog/panels/<int:page_id>/draw/",
        run_view,
        name="wagtail_medborgardialog_panel_draw",
    ),
    path(
        "medborgardialog/panels/<int:page_id>/replace/",
        replace_view,
        name="wagtail_medborgardialog_panel_replace",
    ),
]
