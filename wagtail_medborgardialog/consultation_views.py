"""Public views behind ConsultationPage's routes: a response, and the results."""

from django.core.paginator import Paginator
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import charts, moderation, stats
from .forms import ConsultationResponseForm
from .models import ConsultationAnswer, Contribution, ContributionStatus, QuestionKind
from .models.contributions import InputWindow
from .views import (
    check_submission,
    duplicate_refusal,
    render_page,
    submit_from,
    thanks_redirect,
)


def save_answers(contribution, answers):
    """Store (question, value) pairs as answer rows: one row per chosen option."""
    rows = []
    for question, value in answers:
        if question.kind == QuestionKind.MULTIPLE:
            rows.extend(
                ConsultationAnswer(contribution=contribution, question=question, choice=choice)
                for choice in value
            )
        elif question.kind == QuestionKind.SINGLE:
            rows.append(
                ConsultationAnswer(contribution=contribution, question=question, choice=value)
            )
        elif question.kind == QuestionKind.SCALE:
            rows.append(
                ConsultationAnswer(contribution=contribution, question=question, scale=value)
            )
        else:
            rows.append(
                ConsultationAnswer(contribution=contribution, question=question, text=value)
            )
    ConsultationAnswer.objects.bulk_create(rows)
    return rows


def submit_response(page, request):
    refused = {
        InputWindow.CLOSED: _("This consultation is closed. Nothing was saved."),
        InputWindow.NOT_YET_OPEN: _(
            "This consultation is not open for responses yet. Nothing was saved."
        ),
    }
    form, ip_hash, refusal = check_submission(
        page,
        request,
        ConsultationResponseForm,
        anchor="#mbd-consultation-form",
        form_key="consultation_form",
        refused_key="consultation_refused",
        refused=refused,
    )
    if refusal:
        return refusal
    stakeholder = form.cleaned_data.get("stakeholder")
    try:
        with transaction.atomic():
            contribution = submit_from(
                page,
                request,
                form,
                ip_hash,
                organisation=form.cleaned_data["organisation"]
                or (stakeholder.name if stakeholder else ""),
            )
            Contribution.objects.filter(pk=contribution.pk).update(
                stakeholder=stakeholder, area=form.cleaned_data.get("area")
            )
            save_answers(contribution, form.answers())
    except moderation.DuplicateContribution:
        return duplicate_refusal(page, request, form, "consultation_form")
    except moderation.InvalidTransition:  # the consultation closed while the form was checked
        return render_page(page, request, 403, consultation_refused=refused[InputWindow.CLOSED])
    return thanks_redirect(page, contribution)


def published_texts(page, question, request, count=None):
    """A page of the published free-text answers to ``question``; ``count``, when known from
    the tallies, spares the paginator counting them all."""
    if count is None:
        visible = {"contribution__in": page.public_contributions().values("pk")}
    else:
        # The count came from the tallies, read only when the page shows its responses, so
        # "published" is the whole rule here: a join per row instead of gathering every id.
        visible = {"contribution__status": ContributionStatus.PUBLISHED}
    answers = (
        ConsultationAnswer.objects.filter(
            # A text answer has no option: naming it lets the (question, choice) index, whose
            # rows follow the primary key, serve the order below.
            question=question,
            choice="",
            **visible,
        )
        .select_related("contribution__stakeholder")
        # In the order they were sent: a walk of the primary key stops after one page, where
        # sorting by publication time sorted every answer to the question on each view.
        .order_by("pk")
    )
    from .conf import get_setting

    paginator = Paginator(answers, get_setting("PAGINATE_BY"))
    if count is not None:
        paginator.count = count  # a cached_property: set, it is never queried
    return paginator.get_page(request.GET.get(f"svar{question.pk}"))


def results(page, request):
    context = page.get_context(request)
    if page.results_public():
        results = stats.consultation_results(page)
        for number, result in enumerate(results, start=1):
            if result.question.kind == QuestionKind.TEXT:
                result.texts = published_texts(page, result.question, request, result.answered)
            else:
                result.chart = charts.answer_bar_chart(result, f"mbd-chart-q{number}")
        context["results"] = results
        context["responses_by_kind"] = results_by_kind(page)
    return TemplateResponse(request, "wagtail_medborgardialog/consultation/results.html", context)


def results_by_kind(page):
    from .models import StakeholderKind

    counts = stats.public_responses_by_kind(page)
    rows = [(_("Personal responses"), counts.get(None, 0))] if counts.get(None) else []
    rows += [(kind.label, counts[kind.value]) for kind in StakeholderKind if counts.get(kind.value)]
    return rows
