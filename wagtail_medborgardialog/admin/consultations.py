"""Admin views for a consultation: invited bodies (who has responded, reminders) and exports
of the decision basis (underlag för beslut) as CSV, XLSX and JSON."""

import json

from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.models import Page

from .. import notifications
from ..exports import csv_lines, download, formula_safe, json_array, xlsx_bytes
from ..log_actions import consultation_action
from ..models import (
    AbstractConsultationPage,
    Contribution,
    ContributionStatus,
    QuestionKind,
)
from ..permissions import can_moderate, moderatable_pages

PERSONAL_DATA_PERMISSION = "wagtail_medborgardialog.export_personal_data"
EXPORT_FORMATS = ("csv", "xlsx", "json")


def get_consultation(request, page_id):
    # Another site's consultation is "not found", like any row outside one's moderation right.
    pages = Page.objects.filter(pk__in=moderatable_pages(request.user).values("pk"))
    page = get_object_or_404(pages, pk=page_id).specific
    # The plugin's consultation page or a site's own built on the same base.
    if not isinstance(page, AbstractConsultationPage):
        raise Http404
    return page


def invited_with_status(page):
    """The page's invited bodies, each annotated with ``responded`` (a confirmed response)."""
    responses = Contribution.objects.filter(
        page_id=page.pk, stakeholder_id=OuterRef("stakeholder_id")
    ).exclude(status=ContributionStatus.UNCONFIRMED)
    return (
        page.get_invited_stakeholder_model()
        .objects.filter(page_id=page.pk)
        .select_related("stakeholder")
        .annotate(responded=Exists(responses))
        .order_by("sort_order", "pk")
    )


def stakeholders_view(request, page_id):
    page = get_consultation(request, page_id)
    invited = list(invited_with_status(page))
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/consultation_stakeholders.html",
        {
            "page": page,
            "page_title": _("Invited bodies: %(title)s") % {"title": page.title},
            "invited": invited,
            "responded": sum(1 for i in invited if i.responded),
            "open": page.is_open_for_contributions(),
            "can_export_personal_data": request.user.has_perm(PERSONAL_DATA_PERMISSION),
            "export_formats": EXPORT_FORMATS,
        },
    )


def remind_view(request, page_id):
    """Send a reminder to the chosen invited bodies that have not responded (POST only)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_consultation(request, page_id)
    url = reverse("wagtail_medborgardialog_consultation_stakeholders", args=[page.pk])
    if not page.is_open_for_contributions():
        messages.error(request, _("The consultation is not open; no reminder was sent."))
        return redirect(url)
    chosen = set(request.POST.getlist("invited"))
    targets = [
        i
        for i in invited_with_status(page)
        if not i.responded and i.stakeholder.email and (not chosen or str(i.pk) in chosen)
    ]
    if not targets:
        messages.warning(
            request,
            _("Nobody to remind: every chosen body has responded or lacks an e-mail address."),
        )
        return redirect(url)

    with transaction.atomic():
        invited_model = page.get_invited_stakeholder_model()
        invited_model.objects.filter(pk__in=[i.pk for i in targets]).update(
            reminded_at=timezone.now()
        )
        label = invited_model._meta.label_lower
        for invited in targets:
            transaction.on_commit(
                lambda pk=invited.pk: notifications.send_consultation_reminder.enqueue(pk, label)
            )
        log(
            instance=page,
            action=consultation_action("remind"),
            user=request.user,
            data={"stakeholders": [i.stakeholder.name for i in targets]},
        )
    messages.success(
        request,
        _("Reminder sent to: %(names)s.")
        % {"names": ", ".join(i.stakeholder.name for i in targets)},
    )
    return redirect(url)


# --- exports ---------------------------------------------------------------------------


def export_responses(page):
    """Every response except unconfirmed ones, answers prefetched chunk by chunk."""
    return (
        Contribution.objects.filter(page_id=page.pk)
        .exclude(status=ContributionStatus.UNCONFIRMED)
        .select_related("stakeholder", "area")
        .prefetch_related(page.answers_accessor())
        .order_by("created_at", "pk")
    )


def export_columns(questions, personal):
    columns = [
        _("Response"),
        _("Received"),
        _("Status"),
        _("Name shown"),
        _("On behalf of"),
        _("Invited body"),
        _("Kind of respondent"),
        _("Area"),
    ]
    if personal:
        columns.append(_("E-mail"))
    columns += [question.text for question in questions]
    columns.append(_("Full text"))
    return columns


def export_row(contribution, questions, personal, answers_accessor="answers"):
    """One response as a dict of column values; texts are plain, not yet formula-safe."""
    answers = {}
    for answer in getattr(contribution, answers_accessor).all():
        answers.setdefault(answer.question_id, []).append(answer)
    stakeholder = contribution.stakeholder
    row = {
        "id": contribution.pk,
        "received": contribution.created_at,
        "status": contribution.status,
        "name": str(contribution.public_name),
        "organisation": contribution.organisation,
        "stakeholder": stakeholder.name if stakeholder else "",
        "kind": stakeholder.get_kind_display() if stakeholder else "",
        "area": contribution.area.name if contribution.area else "",
    }
    if personal:
        row["email"] = contribution.email
    answer_values = {}
    for question in questions:
        given = answers.get(question.pk, [])
        if question.kind == QuestionKind.MULTIPLE:
            answer_values[question.text] = [a.choice for a in given]
        elif question.kind == QuestionKind.SCALE:
            answer_values[question.text] = given[0].scale if given else None
        elif question.kind == QuestionKind.SINGLE:
            answer_values[question.text] = given[0].choice if given else ""
        else:
            answer_values[question.text] = given[0].text if given else ""
    row["answers"] = answer_values
    row["text"] = contribution.text
    return row


def flat_cells(row, questions):
    cells = [
        row["id"],
        timezone.localtime(row["received"]).strftime("%Y-%m-%d %H:%M"),
        row["status"],
        formula_safe(row["name"]),
        formula_safe(row["organisation"]),
        formula_safe(row["stakeholder"]),
        row["kind"],
        row["area"],
    ]
    if "email" in row:
        cells.append(formula_safe(row["email"]))
    for question in questions:
        value = row["answers"][question.text]
        if isinstance(value, list):
            value = "; ".join(value)
        cells.append(value if isinstance(value, int) else formula_safe(value))
    cells.append(formula_safe(row["text"]))
    return cells


def _rows(page, questions, personal):
    for contribution in export_responses(page).iterator(chunk_size=500):
        yield export_row(contribution, questions, personal, page.answers_accessor())


def _table(page, questions, personal):
    yield export_columns(questions, personal)
    for row in _rows(page, questions, personal):
        yield flat_cells(row, questions)


def _json_stream(page, questions, personal):
    yield '{"consultation": ' + json.dumps(
        {"id": page.pk, "title": page.title, "url": page.full_url}, ensure_ascii=False
    )
    yield ', "questions": ' + json.dumps(
        [{"id": q.pk, "text": q.text, "kind": q.kind} for q in questions], ensure_ascii=False
    )
    yield ', "responses": '
    yield from json_array(_rows(page, questions, personal))
    yield "}"


def export_view(request, page_id, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    page = get_consultation(request, page_id)
    personal = request.user.has_perm(PERSONAL_DATA_PERMISSION)
    questions = list(page.questions.all())
    log(
        instance=page,
        action=consultation_action("export"),
        user=request.user,
        data={"format": fmt, "personal_data": personal},
    )
    filename = f"{slugify(page.slug) or 'samrad'}-svar-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        content = csv_lines(_table(page, questions, personal))
    elif fmt == "json":
        content = _json_stream(page, questions, personal)
    else:
        content = xlsx_bytes(_("Responses"), _table(page, questions, personal))
    return download(content, fmt, filename)


def header_buttons(page, user, view_name=None, next_url=None):
    """The page header's link to a consultation's responses, for its moderators."""
    page_class = page.specific_class
    if page_class and issubclass(page_class, AbstractConsultationPage) and can_moderate(user, page):
        yield Button(
            _("Responses and invited bodies"),
            reverse("wagtail_medborgardialog_consultation_stakeholders", args=[page.pk]),
            icon_name="group",
            priority=40,
        )


urlpatterns = [
    path(
        "medborgardialog/consultations/<int:page_id>/",
        stakeholders_view,
        name="wagtail_medborgardialog_consultation_stakeholders",
    ),
    path(
        "medborgardialog/consultations/<int:page_id>/remind/",
        remind_view,
        name="wagtail_medborgardialog_consultation_remind",
    ),
    path(
        "medborgardialog/consultations/<int:page_id>/export/<str:fmt>/",
        export_view,
        name="wagtail_medborgardialog_consultation_export",
    ),
]
