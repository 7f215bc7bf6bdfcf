"""A process's status, derived from its dates and steps, and the rules that depend on it:
publishing a closed process needs feedback, later steps need a decision.

Plain functions over plain values, so the page, its admin form, the index's filters and the
database annotation share one rule.

The status itself is never stored, since it changes with the calendar. What the steps say is
(``StepsProgress`` and the current step, columns of the process page written whenever its steps
are, ``summarise_steps``): the status as of any day is then a comparison of four columns with
that day (``annotate_status``), so the index filters and pages on columns, with no daily
recompute and no subquery per process.
"""

from django.db import models
from django.db.models import Case, CharField, Q, Value, When
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


class StepsProgress(models.TextChoices):
    """What a process's steps together say about its status (stored with the page)."""

    NOT_STARTED = "not_started", _("No step started")
    STARTED = "started", _("Started")
    DONE = "done", _("Every step done")


def summarise_steps(steps):
    """``(progress, current SKR step, current step's title)`` of ``steps`` (objects with
    ``status``, ``skr_step``, ``title``, ``sort_order`` and ``pk``): the stored columns."""
    steps = list(steps)
    statuses = [step.status for step in steps]
    if statuses and all(s == StepStatus.DONE for s in statuses):
        progress = StepsProgress.DONE
    elif all(s == StepStatus.NOT_STARTED for s in statuses):
        progress = StepsProgress.NOT_STARTED
    else:
        progress = StepsProgress.STARTED
    ongoing = sorted(
        (s for s in steps if s.status == StepStatus.ONGOING),
        key=lambda s: (s.sort_order or 0, s.pk is None, s.pk or 0),
    )
    current = ongoing[0] if ongoing else None
    return (
        progress.value,
        current.skr_step if current else None,
        current.title if current else "",
    )


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
    """Annotate processes with ``derived_status`` as of ``today`` (default: today).

    The same rule as :func:`derive_status`, from the page's own columns (its dates and the
    stored summary of its steps), so the index can filter and paginate by status; the current
    step (``current_skr_step``, ``current_step_title``) is a stored column too.
    """
    today = today or timezone.localdate()
    return queryset.annotate(
        derived_status=Case(
            When(
                Q(end_date__lt=today) | Q(steps_progress=StepsProgress.DONE),
                then=Value(ProcessStatus.CLOSED.value),
            ),
            When(
                Q(start_date__gt=today) | Q(steps_progress=StepsProgress.NOT_STARTED),
                then=Value(ProcessStatus.PLANNED.value),
            ),
            default=Value(ProcessStatus.ONGOING.value),
            output_field=CharField(),
        )
    )


def store_step_summaries(page_model, pages=None):
    """Write the stored summary of the steps of ``pages`` (default: every page of
    ``page_model``) from their steps in the database; returns how many rows changed. For
    steps written around the page's ``save()`` (imports, bulk inserts) and the migration."""
    step_model = page_model._meta.get_field("steps").related_model
    queryset = page_model.objects.all() if pages is None else pages
    by_page = {}
    steps = step_model.objects.filter(page__in=queryset.values("pk")).only(
        "page_id", "status", "skr_step", "title", "sort_order"
    )
    for step in steps:
        by_page.setdefault(step.page_id, []).append(step)
    changed = 0
    for pk, progress, skr_step, title in queryset.values_list(
        "pk", "steps_progress", "current_skr_step", "current_step_title"
    ):
        summary = summarise_steps(by_page.get(pk, []))
        if summary != (progress, skr_step, title):
            page_model.objects.filter(pk=pk).update(
                steps_progress=summary[0],
                current_skr_step=summary[1],
                current_step_title=summary[2],
            )
            changed += 1
    return changed


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
