"""The public views of a panel page: volunteering, confirming, withdrawing, the pool file."""

import json

from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import identity
from ..links import absolute_url
from ..models.panels import PanelInvitation, Volunteer
from . import charts
from .draw import current_panel
from .forms import VolunteerForm
from .notifications import send_volunteer_confirmation

TEMPLATES = "wagtail_medborgardialog/panels/"
CONFIRM = "panel-confirm"
WITHDRAW = "panel-withdraw"


def panel_context(page, request, form=None):
    draw = page.latest_draw()
    context = {
        "draw": draw,
        "accepts_volunteers": page.accepts_volunteers(),
        "recommendations": list(page.panel_recommendations.select_related("decision")),
    }
    if context["accepts_volunteers"]:
        context["form"] = (form or VolunteerForm(page=page)).describe_widgets()
    if draw is not None and draw.is_drawn:
        context["report"] = charts.report(draw)
        context["panel_size_now"] = len(current_panel(draw))
    return context


def _render(page, request, template, context=None, status=200):
    base = page.get_context(request)
    base.update(context or {})
    return TemplateResponse(request, TEMPLATES + template, base, status=status)


def volunteer(page, request):
    if request.method != "POST":
        return _render(page, request, "citizen_panel_page.html")
    if not page.accepts_volunteers():
        return _render(page, request, "citizen_panel_page.html", status=409)
    form = VolunteerForm(request.POST, page=page)
    if not form.is_valid():
        context = panel_context(page, request, form=form)
        return _render(page, request, "citizen_panel_page.html", context, status=400)
    try:
        with transaction.atomic():
            if page.recruitment == "invited":
                used = PanelInvitation.objects.filter(
                    pk=form.invitation.pk, used_at__isnull=True
                ).update(used_at=timezone.now())
                if not used:  # another request used the code a moment ago
                    raise IntegrityError("code used")
            person = Volunteer.objects.create(
                page=page,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data.get("phone", ""),
                answers=form.answers(),
                invitation=getattr(form, "invitation", None),
                identity_hash=form.identity_hash,
                consent_at=timezone.now(),
            )
    except IntegrityError:
        form.add_error(
            "email" if page.recruitment != "invited" else "code",
            _("You have already volunteered for this panel, or the code has been used."),
        )
        context = panel_context(page, request, form=form)
        return _render(page, request, "citizen_panel_page.html", context, status=400)
    confirm_url = absolute_url(
        page,
        request,
        page.reverse_subpage("panel_confirm", args=[identity.make_link_token(person, CONFIRM)]),
    )
    withdraw_url = absolute_url(
        page,
        request,
        page.reverse_subpage("panel_withdraw", args=[identity.make_link_token(person, WITHDRAW)]),
    )
    language = getattr(request, "LANGUAGE_CODE", None) or page.content_language()
    transaction.on_commit(
        lambda: send_volunteer_confirmation.enqueue(person.pk, confirm_url, withdraw_url, language)
    )
    return _render(page, request, "thanks.html", {"volunteer": person})


def confirm(page, request, token):
    try:
        person = identity.read_link_token(
            token,
            Volunteer,
            CONFIRM,
            max_age=identity.confirmation_max_age(),
            queryset=Volunteer.objects.filter(page=page),
        )
    except identity.InvalidLink:
        return _render(page, request, "link_invalid.html", status=404)
    if person.withdrawn_at is None and person.confirmed_at is None:
        Volunteer.objects.filter(pk=person.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
    return _render(page, request, "confirmed.html", {"volunteer": person})


def withdraw(page, request, token):
    try:
        person = identity.read_link_token(
            token, Volunteer, WITHDRAW, queryset=Volunteer.objects.filter(page=page)
        )
    except identity.InvalidLink:
        return _render(page, request, "link_invalid.html", status=404)
    if request.method == "POST" and person.withdrawn_at is None:
        Volunteer.objects.filter(pk=person.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        person.refresh_from_db()
    return _render(page, request, "withdraw.html", {"volunteer": person})


def pool_file(page, request):
    """The anonymised pool, the lottery and the hashes; the seed once the draw is run."""
    draw = page.latest_draw()
    if draw is None:
        raise Http404
    data = {
        "panel": page.title,
        "pool": draw.pool,
        "pool_sha256": draw.pool_hash,
        "lottery": draw.lottery,
        "lottery_sha256": draw.lottery_hash,
        "seed_sha256": draw.seed_hash,
        "seed": draw.revealed_seed() or None,
        "public_source": draw.public_source or None,
        "public_value": (draw.public_value or None) if draw.is_drawn else None,
        "drawn_panel": draw.panel if draw.is_drawn else None,
        "replacements": [
            {"number": r.number, "leaving": r.leaving, "joining": r.joining}
            for r in draw.replacements.all()
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="panel-{page.pk}-pool.json"'
    return response
