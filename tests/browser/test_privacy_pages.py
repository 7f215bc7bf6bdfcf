"""The privacy texts at the public forms pass axe-core and are present without JavaScript."""

from tests.browser.axe import assert_accessible
from wagtail_medborgardialog.models import Contribution


def test_report_form_with_its_privacy_text_is_accessible(page, demo):
    contribution = Contribution.objects.public().select_related("page").first()
    assert contribution is not None
    response = page.goto(demo + contribution.page.url + f"anmal/{contribution.pk}/")
    assert response.status == 200
    assert page.locator("#mbd-report-privacy").is_visible()
    assert_accessible(page)


def test_contribution_form_shows_the_privacy_text(page, demo):
    from wagtail_medborgardialog.models import PanelConsultation

    # A page anyone may answer (a survey only a panel's members answer shows no form).
    gated = PanelConsultation.objects.values("page_id")
    contribution = (
        Contribution.objects.public().exclude(page_id__in=gated).select_related("page").first()
    )
    page.goto(demo + contribution.page.url)
    # The contribution form or, on a consultation, the response form.
    assert page.locator(".mbd-form #mbd-privacy").is_visible()
    assert_accessible(page)
