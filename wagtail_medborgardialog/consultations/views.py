"""The consultation's results route, and storing a response's answers.

A response itself goes through the contribution routes every participatory page shares: the
consultation page only names its form class and adds its answers in ``process_contribution``.
"""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import charts
from ..conf import get_setting
from ..models import ContributionStatus, QuestionKind, StakeholderKind, tallies
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
        page.get_answer_model()
        .objects.filter(
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
    paginator = Paginator(answers, get_setting("PAGINATE_BY"))
    if count is not None:
        paginator.count = count  # a cached_property: set, it is never queried
    return paginator.get_page(request.GET.get(f"svar{question.pk}"))


def results(page, request):
    with tallies.read_once(page):
        return _results(page, request).render()


def _results(page, request):
    context = page.get_context(request, contribution_form=False)
    if page.results_public():
        results = stats.consultation_results(page)
        for number, result in enumerate(results, start=1):
            if result.question.kind == QuestionKind.TEXT:
                result.texts = published_texts(page, result.question, request, result.answered)
            else:
                result.chart = charts.answer_bar_chart(result, f"mbd-chart-q{number}")
        context["results"] = results
        context["responses_by_kind"] = results_by_kind(page)
    return TemplateResponse(request, page.get_results_template(), context)


def results_by_kind(page):
    counts = stats.public_responses_by_kind(page)
    rows = [(_("Personal responses"), counts.get(None, 0))] if counts.get(None) else []
    rows += [(kind.label, counts[kind.value]) for kind in StakeholderKind if counts.get(kind.value)]
    return rows
