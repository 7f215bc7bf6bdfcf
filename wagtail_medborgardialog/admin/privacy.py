"""Admin views for personal data: data subject requests, archive export and hard deletion.

Each view needs its model permission (superusers have all) and only ever reaches
contributions the user may moderate (permissions.py), like the moderation queue.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log
from wagtail.models import Page

from .. import permissions, privacy
from ..exports import download
from ..privacy import archive

APP = "wagtail_medborgardialog"
PER_PAGE = 50


def _require_perm(request, codename):
    user = request.user
    if not (user.is_active and user.has_perm(f"{APP}.{codename}")):
        raise PermissionDenied


def user_has_privacy_perm(user, codename):
    return user.is_active and user.has_perm(f"{APP}.{codename}")


# --- data subject requests -------------------------------------------------------------


class SubjectRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Every contribution sent with this address is found, whatever its status."),
    )


class AnonymiseForm(SubjectRequestForm):
    confirm = forms.BooleanField(
        label=_("Yes, remove the personal details of these contributions"),
        error_messages={"required": _("Confirm that the personal details are to be removed.")},
    )


def _subject_contributions(user, email):
    return (
        permissions.moderatable_contributions(user)
        .filter(email__iexact=email.strip())
        .select_related("page")
        .order_by("-created_at", "-pk")
    )


@require_http_methods(["GET", "POST"])
def subject_request(request):
    """Find a person's contributions by e-mail; export them or remove the personal details.

    The address travels by POST only, so it stays out of URLs and server logs.
    """
    _require_perm(request, "handle_subject_request")
    context = {"page_title": gettext("Personal data requests")}
    status = 200
    if request.method != "POST":
        context["form"] = SubjectRequestForm()
        return _render_subject(request, context)
    action = request.POST.get("action", "search")
    form = SubjectRequestForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return _render_subject(request, context, status=400)
    email = form.cleaned_data["email"]
    contributions = _subject_contributions(request.user, email)
    if action == "export":
        return _subject_export(request, email, contributions)
    anonymise_form = None
    if action == "confirm":
        anonymise_form = AnonymiseForm(initial={"email": email})
    elif action == "anonymise":
        anonymise_form = AnonymiseForm(request.POST)
        if anonymise_form.is_valid():
            count = _subject_anonymise(request, contributions)
            messages.success(
                request,
                gettext("Personal details removed from %(count)d contribution(s).")
                % {"count": count},
            )
            anonymise_form = None
        else:
            status = 400
    context.update(
        email=email,
        results=Paginator(contributions, PER_PAGE).get_page(request.POST.get("p")),
        anonymise_form=anonymise_form,
    )
    return _render_subject(request, context, status)


def _render_subject(request, context, status=200):
    return TemplateResponse(
        request, "wagtail_medborgardialog/admin/subject_request.html", context, status=status
    )


def _subject_export(request, email, contributions):
    records = list(archive.contribution_records(contributions))
    with transaction.atomic():
        for contribution in contributions:
            log(
                instance=contribution,
                action=privacy.action_name("subject_export"),
                user=request.user,
            )
    payload = {
        "generated_at": timezone.now().isoformat(),
        "email": email,
        "contributions": records,
    }
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{stamp}.json"'
    return response


@transaction.atomic
def _subject_anonymise(request, contributions):
    count = 0
    for contribution in contributions.filter(anonymised_at__isnull=True):
        privacy.anonymise(contribution, privacy.REASON_SUBJECT_REQUEST, request.user)
        count += 1
    return count


# --- archive export --------------------------------------------------------------------


def _archivable_pages(user):
    ids = permissions.moderatable_contributions(user).values("page_id")
    return (
        Page.objects.filter(pk__in=ids)
        .annotate(contribution_count=Count("mbd_contributions"))
        .annotate(last_contribution=Max("mbd_contributions__created_at"))
        .order_by("title", "pk")
    )


def archive_index(request):
    _require_perm(request, "export_archive")
    paginator = Paginator(_archivable_pages(request.user), PER_PAGE)
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/archive_index.html",
        {
            "pages": paginator.get_page(request.GET.get("p")),
            "page_title": gettext("Archive export"),
        },
    )


def archive_download(request, page_id, export_format):
    _require_perm(request, "export_archive")
    if export_format not in ("json", "csv"):
        raise Http404
    page = get_object_or_404(_archivable_pages(request.user), pk=page_id)
    privacy.log_archive_export(page, export_format, request.user)
    if export_format == "json":
        content = archive.json_text(archive.build_archive(page))
    else:
        content = archive.stream_csv(page)
    return download(content, export_format, archive.filename(page, export_format))


# --- hard deletion ---------------------------------------------------------------------


class HardDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_(
            "Kept in the page's history, for example “illegal content (hets mot folkgrupp)”."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


@require_http_methods(["GET", "POST"])
def hard_delete(request, pk):
    scoped = permissions.moderatable_contributions(request.user).select_related("page")
    contribution = permissions.get_contribution_or_404(request.user, pk, scoped)
    if not privacy.can_hard_delete(request.user, contribution):
        raise PermissionDenied
    form = HardDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = contribution.page
        privacy.delete_contributions(
            page, [contribution], "hard_delete", request.user, form.cleaned_data["reason"]
        )
        messages.success(request, gettext("The contribution has been deleted."))
        return redirect("wagtailsnippets_wagtail_medborgardialog_contribution:list")
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/hard_delete.html",
        {
            "contribution": contribution,
            "form": form,
            "page_title": gettext("Delete contribution for good"),
        },
        status=400 if form.is_bound else 200,
    )


urlpatterns = [
    path("medborgardialog/privacy/", subject_request, name="mbd_subject_request"),
    path("medborgardialog/archive/", archive_index, name="mbd_archive_index"),
    path(
        "medborgardialog/archive/<int:page_id>/<str:export_format>/",
        archive_download,
        name="mbd_archive_download",
    ),
    path(
        "medborgardialog/contributions/delete-for-good/<int:pk>/",
        hard_delete,
        name="mbd_hard_delete",
    ),
]


def archive_download_url(page, export_format):
    return reverse("mbd_archive_download", args=[page.pk, export_format])
