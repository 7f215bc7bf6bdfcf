"""Accessibility details of the public forms that the browser tests rely on."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_report_form_honeypot_is_out_of_the_tab_order(client, process):
    contribution = factories.make_contribution(process)
    html = client.get(process.url + f"anmal/{contribution.pk}/").content.decode()
    assert 'name="website"' in html
    website = html[html.index('name="website"') - 200 : html.index('name="website"') + 200]
    assert 'tabindex="-1"' in website


def test_report_form_error_is_tied_to_the_field(client, process):
    contribution = factories.make_contribution(process)
    response = client.post(process.url + f"anmal/{contribution.pk}/", {"reason": "x" * 1001})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reason-error"' in html
    assert 'aria-describedby="id_reason-error"' in html
    assert 'aria-invalid="true"' in html
