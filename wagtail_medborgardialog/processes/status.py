"""A process's status, derived from its dates and steps (never stored), and the rules that
depend on it: publishing a closed process needs feedback, later steps need a decision.

Plain functions over plain values, so the page, its admin form, the index's filters and the
database annotation share one rule.
"""

from django.db import models
from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _


class ProcessStatus(models.TextChoices):
    """A process's status; always derived from its dates and steps, never stored."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    CLOSED = "closed", _("Closed")


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")


def derive_status(start_date, end_date, step_statuses, today=None):
    """The process status from its dates and its steps' statuses (see docs/architecture.md).

    Closed if the end date has passed or every step is done; otherwise planned if the start
    date is in the future or no step has started; otherwise ongoing.
    """
    today = today or timezone.localdate()
    step_statuses = list(step_statuses)
    if (end_date and end_date < today) or (
        step_statuses and all(s == StepStatus.DONE for s in step_statuses)
    ):
        return ProcessStatus.CLOSED
    if (start_date and start_date > today) or all(
        s == StepStatus.NOT_STARTED for s in step_statuses
    ):
        return ProcessStatus.PLANNED
    return ProcessStatus.ONGOING


def annotate_status(queryset, today=None):
    """Annotate processes with ``derived_status`` and their current step, in the database.

    The same rule as :func:`derive_status`, so the index can filter and paginate by status.
    """
    today = today or timezone.localdate()
    # The steps of this queryset's page type: the plugin's ProcessStep or a site's own.
    step_model = queryset.model._meta.get_field("steps").related_model
    steps = step_model.objects.filter(page=OuterRef("pk")).order_by().values("page")

    def count(**filters):
        return Coalesce(
            Subquery(
                steps.filter(**filters).annotate(n=models.Count("pk")).values("n")[:1],
                output_field=models.IntegerField(),
            ),
            0,
        )

    current = step_model.objects.filter(page=OuterRef("pk"), status=StepStatus.ONGOING).order_by(
        "sort_order", "pk"
    )
    return queryset.annotate(
        steps_total=count(),
        steps_done=count(status=StepStatus.DONE),
        steps_started=count(status__in=[StepStatus.ONGOING, StepStatus.DONE]),
        current_step_title=Subquery(current.values("title")[:1]),
        current_skr_step=Subquery(current.values("skr_step")[:1]),
    ).annotate(
        derived_status=Case(
            When(
                Q(end_date__lt=today) | Q(steps_total__gt=0, steps_done=F("steps_total")),
                then=Value(ProcessStatus.CLOSED.value),
            ),
            When(
                Q(start_date__gt=today) | Q(steps_started=0),
                then=Value(ProcessStatus.PLANNED.value),
            ),
            default=Value(ProcessStatus.ONGOING.value),
            output_field=CharField(),
        )
    )


def step_needs_decision(skr_step, status):
    """Steps after SKR's step 4 may start only once the decision on implementation is taken."""
    return bool(skr_step and skr_step > 4 and status in (StepStatus.ONGOING, StepStatus.DONE))


def decision_gate_message():
    return _(
        "Steps after SKR step 4 can be marked ongoing or done only when the political "
        "decision on implementation is on record. Mark step 4 done and send the page through "
        "its workflow: the deciding body records the decision in the political decision step."
    )


def publication_error(status, feedback):
    """Why a process in ``status`` with ``feedback`` may not be published, or None."""
    if status == ProcessStatus.CLOSED and not rich_text_has_content(feedback):
        return _(
            "A closed process must tell participants what happened with their input. "
            "Write the feedback before publishing."
        )
    return None


def rich_text_has_content(value):
    return bool(strip_tags(value or "").replace("&nbsp;", "").strip())
