"""The process status is derived from dates and steps, in Python and in the database alike."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from tests import factories
from wagtail_medborgardialog.models import DialogueProcessPage, ProcessStatus, StepStatus
from wagtail_medborgardialog.processes.status import (
    annotate_status,
    derive_status,
    publication_error,
)

TODAY = date(2026, 6, 15)
DONE, ONGOING, NOT_STARTED = StepStatus.DONE, StepStatus.ONGOING, StepStatus.NOT_STARTED


@pytest.mark.parametrize(
    "start, end, steps, expected",
    [
        (None, None, [], ProcessStatus.PLANNED),
        (None, None, [NOT_STARTED] * 7, ProcessStatus.PLANNED),
        (TODAY + timedelta(days=1), None, [ONGOING], ProcessStatus.PLANNED),
        (TODAY - timedelta(days=1), None, [NOT_STARTED], ProcessStatus.PLANNED),
        (None, None, [DONE, ONGOING, NOT_STARTED], ProcessStatus.ONGOING),
        (TODAY, TODAY, [DONE, NOT_STARTED], ProcessStatus.ONGOING),
        (None, TODAY - timedelta(days=1), [ONGOING], ProcessStatus.CLOSED),
        (None, TODAY - timedelta(days=1), [], ProcessStatus.CLOSED),
        (None, None, [DONE] * 7, ProcessStatus.CLOSED),
        (TODAY + timedelta(days=3), None, [DONE, DONE], ProcessStatus.CLOSED),
    ],
)
def test_status_rule(start, end, steps, expected):
    assert derive_status(start, end, steps, today=TODAY) == expected


def make(index, slug, statuses=(), **fields):
    fields.setdefault("feedback", "<p>Vi byggde en lekplats.</p>")
    return factories.make_process_with_steps(
        index, step_statuses=statuses, title=slug, slug=slug, **fields
    )


def test_database_annotation_agrees_with_the_property(index):
    today = timezone.localdate()
    make(index, "planerad", start_date=today + timedelta(days=10))
    make(index, "inte-startad")
    make(index, "pagar", [DONE, ONGOING])
    make(index, "slutdatum-passerat", [ONGOING], end_date=today - timedelta(days=1))
    make(index, "alla-klara", [DONE] * 7)
    annotated = annotate_status(DialogueProcessPage.objects.all())
    for page in annotated:
        fresh = DialogueProcessPage.objects.get(pk=page.pk)
        assert page.derived_status == fresh.process_status, page.slug
    assert {p.slug: p.derived_status for p in annotated} == {
        "planerad": "planned",
        "inte-startad": "planned",
        "pagar": "ongoing",
        "slutdatum-passerat": "closed",
        "alla-klara": "closed",
    }


def test_current_step_is_the_first_ongoing_step(index):
    page = make(index, "pagar", [DONE, ONGOING, ONGOING])
    assert page.current_step.skr_step == 2
    annotated = annotate_status(DialogueProcessPage.objects.filter(pk=page.pk)).get()
    assert annotated.current_skr_step == 2


def test_a_process_without_an_ongoing_step_has_no_current_step(index):
    assert make(index, "planerad").current_step is None


# The feedback rule: a closed process cannot be published without återkoppling.


def test_publishing_a_closed_process_without_feedback_is_refused(index):
    page = DialogueProcessPage.with_default_steps(
        title="Avslutad", slug="avslutad", end_date=date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        index.add_child(instance=page)
    assert "feedback" in error.value.message_dict


def test_a_closed_process_with_feedback_can_be_published(index):
    page = make(index, "klar", end_date=date(2020, 1, 1), feedback="<p>Parken byggdes.</p>")
    assert page.live
    assert page.process_status == ProcessStatus.CLOSED


def edit_form_data(client, page, **changes):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    data = querydict_from_html(response.text, form_id="page-edit-form").copy()
    for i in range(int(data["steps-TOTAL_FORMS"])):
        data[f"steps-{i}-documents-count"] = "0"
    data.update(changes)
    return data


def test_admin_publish_of_closed_process_without_feedback_shows_the_error_on_the_field(
    admin_client, index
):
    page = make(index, "pagar", [DONE, ONGOING], feedback="")
    factories.record_decision(page)  # steps after SKR step 4 need the decision on record
    data = edit_form_data(admin_client, page, **{f"steps-{i}-status": "done" for i in range(7)})
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "feedback" in form.errors
    message = str(publication_error(ProcessStatus.CLOSED, ""))
    assert form.errors["feedback"] == [message]
    assert message in response.text
    page.refresh_from_db()
    assert page.process_status == ProcessStatus.ONGOING


def test_admin_can_save_a_closed_process_without_feedback_as_a_draft(admin_client, index):
    page = make(index, "pagar", [DONE, ONGOING], feedback="")
    factories.record_decision(page)  # steps after SKR step 4 need the decision on record
    data = edit_form_data(admin_client, page, **{f"steps-{i}-status": "done" for i in range(7)})
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    revision = DialogueProcessPage.objects.get(pk=page.pk).get_latest_revision()
    assert [s.status for s in revision.as_object().steps.all()] == ["done"] * 7


def test_admin_publishes_a_closed_process_with_feedback(admin_client, index):
    page = make(index, "pagar", [DONE, ONGOING], feedback="")
    factories.record_decision(page)  # steps after SKR step 4 need the decision on record
    data = edit_form_data(admin_client, page, **{f"steps-{i}-status": "done" for i in range(7)})
    data["feedback"] = (
        '{"blocks": [{"key": "a", "type": "unstyled", "text": "Parken byggs 2027.", '
        '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
    )
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    page = DialogueProcessPage.objects.get(pk=page.pk)
    assert page.process_status == ProcessStatus.CLOSED
    assert "Parken byggs 2027." in page.feedback
