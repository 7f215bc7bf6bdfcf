"""One window rule: a page takes input only while open; a dialogue follows its own status."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from tests import factories
from tests.test_contributions import submit
from wagtail_medborgardialog.models import (
    Contribution,
    DialogueProcessPage,
    ProcessStatus,
    StepStatus,
)

pytestmark = pytest.mark.usefixtures("run_on_commit", "fast_forms")


def closed_process(index):
    return factories.make_process_with_steps(
        index,
        [StepStatus.DONE] * 4,
        title="Biblioteket",
        slug="biblioteket",
        start_date=date(2020, 1, 1),
        end_date=date(2020, 6, 30),
        feedback="<p>Biblioteket byggdes om.</p>",
    )


def planned_process(index):
    return factories.make_process(
        index,
        ongoing=False,
        title="Cykelvägar",
        slug="cykelvagar",
        start_date=timezone.localdate() + timedelta(days=60),
    )


def test_closed_process_takes_no_comments(client, index):
    page = closed_process(index)
    assert page.process_status == ProcessStatus.CLOSED
    html = client.get(page.url).text
    assert 'id="mbd-contribution-form"' not in html
    assert "Stängd för synpunkter" in html

    response = submit(client, page)
    assert response.status_code == 403
    assert "Sidan är stängd för synpunkter. Inget sparades." in response.text
    assert 'id="mbd-contribution-form"' not in response.text
    assert not Contribution.objects.exists()
    assert not mail.outbox


def test_planned_process_takes_no_comments_and_says_when_it_opens(client, index):
    page = planned_process(index)
    assert page.process_status == ProcessStatus.PLANNED
    starts = page.start_date
    html = client.get(page.url).text
    assert 'id="mbd-contribution-form"' not in html
    assert "Inte öppen för synpunkter än" in html
    assert f"Öppnar för synpunkter {starts.day} " in html
    assert " 00:00" not in html  # a start date is a day, not a time

    response = submit(client, page)
    assert response.status_code == 403
    assert "Sidan är inte öppen för synpunkter än. Inget sparades." in response.text
    assert not Contribution.objects.exists()


def test_a_process_without_started_steps_is_planned_and_refuses(client, index):
    page = factories.make_process(index, ongoing=False, title="Ny", slug="ny")
    assert submit(client, page).status_code == 403
    assert not page.accepts_contributions()


def test_ongoing_process_still_follows_its_own_closing_time(client, process):
    process.closes_at = timezone.now() - timedelta(minutes=1)
    process.save_revision().publish()
    assert submit(client, process).status_code == 403
    assert not Contribution.objects.exists()


def test_one_method_decides_for_the_form_the_view_and_the_template(client, index):
    page = closed_process(index)
    window = page.input_window()
    assert window.state == "closed"
    assert not page.accepts_contributions()
    assert not page.is_open_for_contributions()
    response = client.get(page.url)
    assert response.context["contributions_open"] is False
    assert response.context["contribution_form"] is None


def test_demo_library_and_bike_lane_dialogues_refuse_comments(client, demo):
    for slug in ("biblioteket-i-ostra-stan", "cykelvagar-i-soderby"):
        page = DialogueProcessPage.objects.get(slug=slug)
        response = submit(client, page)
        assert response.status_code == 403, slug
        assert 'id="mbd-contribution-form"' not in client.get(page.url).text
    assert not Contribution.objects.filter(page__slug__in=["cykelvagar-i-soderby"]).exists()
    open_page = DialogueProcessPage.objects.get(slug="nya-parken-i-norrby")
    assert 'id="mbd-contribution-form"' in client.get(open_page.url).text


def test_every_demo_process_has_a_closing_date(demo):
    assert not DialogueProcessPage.objects.filter(closes_at__isnull=True).exists()


# --- the privacy text states the real rule -------------------------------------------------


def test_privacy_text_gives_the_date_personal_details_are_culled_after(client, process):
    process.closes_at = timezone.make_aware(timezone.datetime(2030, 3, 31, 23, 0))
    process.save_revision().publish()
    html = client.get(process.url).text
    assert "tas bort 2 år efter att sidan stänger för synpunkter den 31 mars 2030" in html


def test_privacy_text_says_details_are_kept_when_the_page_has_no_closing_date(client, process):
    assert process.closes_at is None
    html = client.get(process.url).text
    assert "Sidan har inget slutdatum" in html
    assert "efter att dialogen stängde" not in html


# --- the editor is warned --------------------------------------------------------------


@pytest.fixture
def editor(client, process):
    """A web editor with publish permission on the process, not a superuser."""
    user = factories.make_moderator("redaktor", process)
    client.force_login(user)
    return client


def publish(client, page, **changes):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    data = querydict_from_html(response.text, form_id="page-edit-form").copy()
    for i in range(int(data["steps-TOTAL_FORMS"])):
        data[f"steps-{i}-documents-count"] = "0"
    data.update(changes)
    data["action-publish"] = "action-publish"
    return client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)


def test_publishing_a_participatory_page_without_closing_date_warns_the_editor(editor, process):
    response = publish(editor, process)
    assert response.status_code == 200
    warnings = [str(m) for m in get_messages(response.wsgi_request)] + [response.text]
    assert any("aldrig bort automatiskt" in text for text in warnings)
    process.refresh_from_db()
    assert process.live  # a warning, not a refusal


def test_publishing_with_a_closing_date_gives_no_warning(editor, process):
    response = publish(editor, process, closes_at="2030-03-31 23:00")
    assert response.status_code == 200
    assert "aldrig bort automatiskt" not in response.text
    process.refresh_from_db()
    assert process.closes_at is not None
