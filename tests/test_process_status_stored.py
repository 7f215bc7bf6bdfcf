"""What a process's steps say about its status is stored with the page (processes/status.py):
after every kind of change, and on any day, the stored summary gives the status derived from
the steps themselves."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests import factories
from wagtail_medborgardialog.models import (
    DialogueProcessPage,
    ProcessStatus,
    ProcessStep,
    SkrStep,
    StepStatus,
)
from wagtail_medborgardialog.processes.status import annotate_status, derive_status

DONE, ONGOING, NOT_STARTED = StepStatus.DONE, StepStatus.ONGOING, StepStatus.NOT_STARTED


def assert_stored_equals_derived(today=None):
    today = today or timezone.localdate()
    pages = list(annotate_status(DialogueProcessPage.objects.all(), today=today))
    assert pages
    for page in pages:
        steps = list(ProcessStep.objects.filter(page=page).order_by("sort_order", "pk"))
        derived = derive_status(page.start_date, page.end_date, [s.status for s in steps], today)
        assert page.derived_status == derived.value, (page.slug, today)
        current = next((s for s in steps if s.status == ONGOING), None)
        assert page.current_skr_step == (current.skr_step if current else None), page.slug
        assert page.current_step_title == (current.title if current else ""), page.slug


def make(index, slug, statuses=(), **fields):
    fields.setdefault("feedback", "<p>Vi byggde en lekplats.</p>")
    return factories.make_process_with_steps(
        index, step_statuses=statuses, title=slug, slug=slug, **fields
    )


@pytest.fixture
def processes(index):
    today = timezone.localdate()
    return [
        make(index, "planerad", start_date=today + timedelta(days=10)),
        make(index, "inte-startad"),
        make(index, "pagar", [DONE, ONGOING], end_date=today + timedelta(days=5)),
        make(index, "slutar-idag", [ONGOING], end_date=today),
        make(index, "alla-klara", [DONE] * 7),
    ]


def test_on_creation_and_on_every_day_around_the_dates(processes):
    today = timezone.localdate()
    for days in (-30, -1, 0, 1, 5, 6, 11, 30):
        assert_stored_equals_derived(today + timedelta(days=days))
    statuses = {p.slug: p.derived_status for p in annotate_status(DialogueProcessPage.objects)}
    assert statuses["slutar-idag"] == ProcessStatus.ONGOING
    tomorrow = today + timedelta(days=1)
    later = {
        p.slug: p.derived_status
        for p in annotate_status(DialogueProcessPage.objects, today=tomorrow)
    }
    assert later["slutar-idag"] == ProcessStatus.CLOSED


def test_after_publishing_changed_steps(processes):
    page = DialogueProcessPage.objects.get(slug="inte-startad")
    latest = page.get_latest_revision_as_object()
    steps = list(latest.steps.all())
    steps[0].status, steps[1].status = DONE, ONGOING
    latest.steps = steps
    latest.save_revision().publish()
    assert_stored_equals_derived()
    assert annotate_status(DialogueProcessPage.objects.filter(slug="inte-startad")).get()
    stored = DialogueProcessPage.objects.get(slug="inte-startad")
    assert stored.current_skr_step == SkrStep.PERSPECTIVES


def test_a_draft_leaves_the_stored_summary_of_the_live_steps(processes):
    page = DialogueProcessPage.objects.get(slug="pagar")
    latest = page.get_latest_revision_as_object()
    for step in latest.steps.all():
        step.status = DONE
    latest.save_revision()
    assert_stored_equals_derived()
    live = annotate_status(DialogueProcessPage.objects.filter(slug="pagar")).get()
    assert live.derived_status == ProcessStatus.ONGOING


def test_after_steps_saved_created_and_deleted_on_their_own(processes):
    page = DialogueProcessPage.objects.get(slug="pagar")
    ongoing = page.steps.get(status=ONGOING)
    ongoing.status = DONE
    ongoing.save()
    assert_stored_equals_derived()
    ProcessStep.objects.create(page=page, title="Extra möte", status=ONGOING, sort_order=99)
    assert_stored_equals_derived()
    assert DialogueProcessPage.objects.get(pk=page.pk).current_step_title == "Extra möte"
    page.steps.get(title="Extra möte").delete()
    assert_stored_equals_derived()
    for step in page.steps.all():
        step.status = DONE
        step.save()
    assert_stored_equals_derived()
    closed = annotate_status(DialogueProcessPage.objects.filter(pk=page.pk)).get()
    assert closed.derived_status == ProcessStatus.CLOSED


def test_after_a_copy_and_an_unpublish(processes):
    page = DialogueProcessPage.objects.get(slug="pagar")
    page.copy(update_attrs={"slug": "pagar-kopia", "title": "Kopia"})
    assert_stored_equals_derived()
    page.unpublish()
    assert_stored_equals_derived()


def test_steps_written_around_the_page_are_stored_by_the_command(processes):
    page = DialogueProcessPage.objects.get(slug="inte-startad")
    ProcessStep.objects.filter(page=page).update(status=DONE)  # no signals
    call_command("medborgardialog_store_step_summaries", verbosity=0)
    assert_stored_equals_derived()
    stored = annotate_status(DialogueProcessPage.objects.filter(pk=page.pk)).get()
    assert stored.derived_status == ProcessStatus.CLOSED
