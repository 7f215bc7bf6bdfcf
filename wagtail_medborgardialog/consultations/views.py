"""The consultation's results route, and storing a response's answers.

A response itself goes through the contribution routes every participatory page shares: the
consultation page only names its form class and adds its answers in ``process_contribution``.
"""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import charts
from ..conf import get_setting
from ..models import QuestionKind, StakeholderKind
from . import stats


def save_answers(contribution, answers):
    """Store (question, value) pairs as answer rows: one row per chosen option, in the
    answer model of the questions' page type."""
    rows = []
    for question, value in answers:
        answer = type(question)._meta.get_field("answers").related_model
        if question.kind == QuestionKind.MULTIPLE:
            rows.extend(
                answer(contribution=contribution, question=question, choice=choice)
                for choice in value
            )
        elif question.kind == QuestionKind.SINGLE:
            rows.append(answer(contribution=contribution, question=question, choice=value))
        elif question.kind == QuestionKind.SCALE:
            rows.append(answer(contribution=contribution, question=question, scale=value))
        else:
            rows.append(answer(contribution=contribution, question=question, text=value))
    if rows:
        type(rows[0]).objects.bulk_create(rows)
    return rows


def published_texts(page, question, request):
    """A page of the published free-text answers to ``question``."""
    answers = (
        page.get_answer_model()
        .objects.filter(
            question=question, contribution__in=page.public_contributions().values("pk")
        )
        .select_related("contribution__stakeholder")
        .order_by("contribution__published_at", "pk")
    )
    return Paginator(answers, get_setting("PAGINATE_BY")).get_page(
        request.GET.get(f"svar{question.pk}")
    )


def results(page, request):
    context = page.get_context(request, contribution_form=False)
    if page.results_public():
        results = stats.consultation_results(page)
        for number, result in enumerate(results, start=1):
            if result.question.kind == QuestionKind.TEXT:
                result.texts = published_texts(page, result.question, request)
            else:
                result.chart = charts.answer_bar_chart(result, f"mbd-chart-q{number}")
        context["results"] = results
        context["responses_by_kind"] = results_by_kind(page)
    return TemplateResponse(request, page.get_results_template(), context)


def results_by_kind(page):
    counts = stats.responses_by_kind(page.public_contributions())
    rows = [(_("Personal responses"), counts.get(None, 0))] if counts.get(None) else []
    rows += [(kind.label, counts[kind.value]) for kind in StakeholderKind if counts.get(kind.value)]
    return rows
