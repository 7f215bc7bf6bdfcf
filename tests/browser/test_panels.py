"""A volunteer with a code, the confirmation link, the draw and the fairness report, in
Chromium, with axe-core at every step (375 and 1280 px)."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.axe import assert_accessible

REPORT = "/medborgardialoger/trygghet-i-centrum/medborgarrad-trygghet/"


def test_the_demo_assemblys_report_is_accessible(page, demo):
    response = page.goto(demo + REPORT)
    assert response.status == 200
    assert page.get_by_role("img", name="Varje anmälds chans att bli lottad").count() == 1
    page.get_by_text("Varje anmälds chans (anonymiserat)").click()
    assert_accessible(page)


def test_volunteer_confirm_draw_report(page, demo):
    from wagtail.models import Page

    from tests.test_panels_journeys import QUOTAS
    from wagtail_medborgardialog.models import CitizenPanelPage, PanelQuota, Volunteer
    from wagtail_medborgardialog.panels import draw as panel_draw

    process = Page.objects.get(slug="trygghet-i-centrum")
    panel = CitizenPanelPage(title="Ungdomspanel", slug="ungdomspanel", size=4)
    for i, (category, value, low, high) in enumerate(QUOTAS):
        panel.panel_quotas.add(
            PanelQuota(category=category, value=value, min_seats=low, max_seats=high, sort_order=i)
        )
    process.add_child(instance=panel)
    panel.save_revision().publish()
    _batch, codes = panel_draw.generate_codes(panel, 2)
    url = demo + panel.url

    page.goto(url)
    page.get_by_role("button", name="Anmäl intresse").click()  # empty: errors by the fields
    assert "Det finns ett problem" in page.content()
    assert_accessible(page)

    page.get_by_label("Din inbjudningskod").fill(codes[0])
    page.get_by_label("Namn").fill("Alva Ek")
    page.get_by_label("E-postadress").fill("alva@example.se")
    page.get_by_role("group", name="Kön").get_by_label("Kvinna").check()
    page.get_by_role("group", name="Ålder").get_by_label("16–39").check()
    page.get_by_label("Jag samtycker").check()
    page.get_by_role("button", name="Anmäl intresse").click()
    assert "Bekräfta din e-postadress" in page.content()
    assert_accessible(page)

    link = next(x for x in re.findall(r"http://\S+", mail.outbox[-1].body) if "/bekrafta/" in x)
    page.goto(demo + "/" + link.split("/", 3)[3])
    assert "Du är med i lottningen" in page.content()
    assert_accessible(page)
    assert Volunteer.objects.get(page=panel).confirmed_at is not None

    for i in range(11):
        Volunteer.objects.create(
            page=panel,
            name=f"P {i}",
            answers={"Kön": ["Man", "Kvinna"][i % 2], "Ålder": ["40+", "16–39"][(i // 2) % 2]},
            identity_hash=f"{i:064d}",
            confirmed_at=timezone.now(),
        )
    draw = panel_draw.commit(panel, None)
    panel_draw.run(draw, None)
    page.goto(url)
    assert "Hur rättvis var lottningen?" in page.content()
    assert_accessible(page)


pytestmark = pytest.mark.browser


def test_a_panel_member_answers_the_survey_with_a_personal_link(page, demo, settings):
    """The public explanation, the member's form with its errors, and the thanks: axe at each."""
    from wagtail_medborgardialog.models import ConsultationPage, PanelMemberInvitation
    from wagtail_medborgardialog.panels import consultations as panel_consultations

    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    survey = ConsultationPage.objects.get(slug__startswith="enkat")
    response = page.goto(demo + survey.url)
    assert response.status == 200
    assert page.locator("form#mbd-consultation-form").count() == 0  # the explanation instead
    assert_accessible(page)

    invitation = PanelMemberInvitation.objects.filter(
        gate__page_id=survey.pk, answered_at=None
    ).first()
    link = panel_consultations.answer_url(survey, invitation)
    page.goto(demo + "/" + link.split("/", 3)[3])
    page.get_by_role("button", name="Skicka samrådssvar").click()  # nothing answered: errors
    assert "Det finns ett problem" in page.content()
    assert_accessible(page)

    page.get_by_label("Trygg", exact=True).check()
    page.get_by_label("Jag har läst hur mitt svar sparas och hanteras").check()
    page.get_by_role("button", name="Skicka samrådssvar").click()
    assert_accessible(page)
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
