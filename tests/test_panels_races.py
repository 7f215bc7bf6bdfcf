"""Citizens' panels under parallel requests on PostgreSQL (each thread its own connection):
one volunteer per code, one confirmation, one draw, one revealed panel."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from tests.test_panels_journeys import add_volunteers, make_panel, volunteer_data
from tests.test_races import _root_page, in_parallel  # noqa: F401 - the fixture is used
from wagtail_medborgardialog.models import PanelDraw, PanelInvitation, Volunteer
from wagtail_medborgardialog.panels import draw as panel_draw
from wagtail_medborgardialog.panels.selection import SelectionError

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="race tests need PostgreSQL connections"
    ),
]


def test_parallel_volunteering_with_one_code_stores_one_volunteer(process):
    page = make_panel(process)
    _batch, codes = panel_draw.generate_codes(page, 1)
    form_url = page.url + page.reverse_subpage("panel_volunteer")

    statuses = in_parallel(
        lambda i: (
            Client()
            .post(form_url, volunteer_data(codes[0], email=f"person{i}@example.se"))
            .status_code
        ),
        8,
    )

    assert sorted(statuses) == [200] + [400] * 7, statuses
    assert Volunteer.objects.filter(page=page).count() == 1
    assert PanelInvitation.objects.get().used_at is not None


def test_parallel_confirmations_of_one_link_confirm_once(process, settings):
    page = make_panel(process, recruitment="open")
    form_url = page.url + page.reverse_subpage("panel_volunteer")
    assert Client().post(form_url, volunteer_data()).status_code == 200
    link = next(
        link for link in re.findall(r"http://\S+", mail.outbox[0].body) if "/bekrafta/" in link
    ).replace("http://localhost", "")

    statuses = in_parallel(lambda i: Client().get(link).status_code, 8)

    assert statuses == [200] * 8
    person = Volunteer.objects.get()
    assert person.confirmed_at is not None and person.in_pool


def test_parallel_commitments_and_draws_record_one_draw_and_one_panel(process):
    page = make_panel(process)
    add_volunteers(page, 12)

    committed = in_parallel(lambda i: panel_draw.commit(page, None).pk, 4)

    assert PanelDraw.objects.filter(page=page).count() == 1
    draw = PanelDraw.objects.get(page=page)
    assert committed.count(draw.pk) == 1
    assert all(isinstance(r, SelectionError) for r in committed if r != draw.pk), committed

    drawn = in_parallel(lambda i: panel_draw.run(draw, None).panel, 4)

    assert not [r for r in drawn if isinstance(r, Exception)]
    draw.refresh_from_db()
    assert all(panel == draw.panel for panel in drawn) and len(draw.panel) == 4


def test_parallel_answers_with_one_members_link_store_one_answer(process, settings):
    """A double click, or the link opened twice: one answer, the others told it is answered."""
    from tests import factories
    from tests.test_panels_consultations import answers
    from wagtail_medborgardialog.models import Contribution, PanelMemberInvitation
    from wagtail_medborgardialog.panels import consultations as panel_consultations

    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    panel = make_panel(process)
    add_volunteers(panel, 12)
    panel_draw.run(panel_draw.commit(panel, None), None)
    page = factories.make_consultation(process, title="Enkät till rådet", slug="enkat")
    gate = panel_consultations.set_gate(page, panel, None)
    assert panel_consultations.send_invitations(page, gate) == 4
    invitation = PanelMemberInvitation.objects.order_by("pk").first()
    link = panel_consultations.answer_url(page, invitation).split("://", 1)[1]
    link = link[link.index("/") :]

    statuses = in_parallel(lambda i: Client().post(link, answers(page)).status_code, 8)

    assert sorted(statuses) == [302] + [409] * 7, statuses
    assert Contribution.objects.filter(page_id=page.pk).count() == 1
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    assert Contribution.objects.get(page_id=page.pk).panel_invitation_id == invitation.pk
