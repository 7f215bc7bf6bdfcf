"""The accessibility statement (tillgänglighetsredogörelse): pre-filled, validated, published.

The site's web editors publish it: a group with add and publish rights on the home page, as
in the roles fixture of test_workflows.py, not the dialogue groups.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import GroupPagePermission, Site, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests import factories
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.accessibility import (
    AXE,
    DIGG_COMPLAINT_URL,
    KEYBOARD,
    TESTED_CRITERIA,
    parts_tested_html,
)
from wagtail_medborgardialog.models import AccessibilityGap, AccessibilityStatementPage

pytestmark = pytest.mark.django_db
PUBLISH = {"action-publish": "action-publish"}


def web_editor(username, home, actions=("add", "change", "publish")):
    group, _ = Group.objects.get_or_create(name=f"Webbredaktörer {home.title}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in actions:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{action}_page"
        )
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    user = get_user_model().objects.create_user(username, f"{username}@example.se", "x")
    user.groups.add(group)
    return user


def add_url(parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=["wagtail_medborgardialog", "accessibilitystatementpage", parent.pk],
    )


def statement_data(**overrides):
    data = {
        "title": "Tillgänglighetsredogörelse",
        "slug": "tillganglighetsredogorelse",
        "organisation": "Testkommun",
        "website": "www.testkommun.se",
        "conformance": "partial",
        "tested_parts": rich_text(str(parts_tested_html())),
        "site_parts": rich_text("<p>Våra egna sidor granskades med skärmläsare.</p>"),
        "assessment_method": "self",
        "assessor": "",
        "assessed_on": "2026-09-15",
        "reviewed_on": "2026-10-01",
        "feedback_email": "tillganglighet@testkommun.se",
        "feedback_phone": "0123-45 67 00",
        "response_time": "Vi svarar inom två arbetsdagar.",
        "gaps": inline_formset(
            [
                {
                    "description": "Kartorna saknar textalternativ.",
                    "reason": "non_compliance",
                    "criteria": "1.1.1",
                    "remedy": "Vi beskriver kartorna i text senast i mars.",
                }
            ]
        ),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def editor(home):
    return web_editor("webbredaktor", home)


def make_statement(home, **fields):
    values = {
        "title": "Tillgänglighetsredogörelse",
        "slug": "tillganglighetsredogorelse",
        "organisation": "Testkommun",
        "website": "www.testkommun.se",
        "assessed_on": datetime.date(2026, 9, 15),
        "reviewed_on": datetime.date(2026, 10, 1),
        "feedback_email": "tillganglighet@testkommun.se",
        "response_time": "Vi svarar inom två arbetsdagar.",
    }
    values.update(fields)
    gaps = values.pop("gaps", None)
    page = AccessibilityStatementPage(**values)
    with translation.override("sv"):
        page.prefill(home)
    if gaps is not None:
        page.gaps = gaps
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


# --- pre-filled ------------------------------------------------------------------------


def test_a_new_statement_is_prefilled_with_what_the_plugins_tests_check(client, editor, home):
    site = Site.objects.get(root_page=home)
    site.site_name = "Testkommun"
    site.save()
    client.force_login(editor)

    response = client.get(add_url(home))

    assert response.status_code == 200
    page = response.context["form"].instance
    assert page.organisation == "Testkommun"
    assert page.website == "localhost"
    assert page.response_time == "Vi svarar inom två arbetsdagar."
    for number, _name, _methods in TESTED_CRITERIA:
        assert number in page.tested_parts
    assert "Kontrast (minimum)" in page.tested_parts
    assert "Synligt fokus" in page.tested_parts
    assert "skärmläsare" in page.tested_parts
    assert page.site_parts == ""
    assert page.conformance == "partial"


def test_the_listed_criteria_are_those_the_browser_tests_check():
    """Each criterion names how it is checked; each way of checking is a real browser test."""
    from tests.browser import test_accessibility, test_keyboard_journeys
    from tests.browser.axe import WCAG_TAGS

    listed = {number for number, _, _ in TESTED_CRITERIA}
    assert listed == {
        "1.1.1",
        "1.3.1",
        "1.4.3",
        "1.4.4",
        "2.1.1",
        "2.4.1",
        "2.4.2",
        "2.4.3",
        "2.4.4",
        "2.4.7",
        "3.1.1",
        "3.3.1",
        "4.1.2",
    }
    assert {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"} <= set(WCAG_TAGS)
    assert hasattr(test_accessibility, "test_public_page_has_no_wcag_violations")
    keyboard = {number for number, _, methods in TESTED_CRITERIA if KEYBOARD in methods}
    assert keyboard == {"2.1.1", "2.4.3", "2.4.7", "3.3.1"}
    # 2.1.1 and 3.3.1: commenting and correcting errors; 2.4.3: the error summary leads to
    # the fields and back; 2.4.7: a visible focus on every control.
    for name in (
        "test_citizen_comments_with_the_keyboard_only",
        "test_error_summary_links_lead_back_to_the_fields",
        "test_shift_tab_moves_back_through_the_form",
        "test_keyboard_focus_is_visible",
    ):
        assert hasattr(test_keyboard_journeys, name)
    assert all(methods and set(methods) <= {AXE, KEYBOARD} for _, _, methods in TESTED_CRITERIA)


# --- the editor's journey --------------------------------------------------------------


def test_a_web_editor_creates_and_publishes_the_statement_in_the_admin(client, editor, home):
    client.force_login(editor)

    response = client.post(add_url(home), statement_data(**PUBLISH))

    assert response.status_code == 302
    page = AccessibilityStatementPage.objects.child_of(home).get()
    assert page.live
    assert page.gaps.get().criteria == "1.1.1"
    html = client.get(page.url).content.decode()
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in html
    assert "Kartorna saknar textalternativ." in html


def test_a_statement_without_its_required_parts_is_refused_with_the_text_kept(client, editor, home):
    client.force_login(editor)
    data = statement_data(
        organisation="",
        feedback_email="",
        response_time="",
        assessed_on="",
        reviewed_on="",
        site_parts=rich_text("<p>Min text om våra egna sidor.</p>"),
        **PUBLISH,
    )

    response = client.post(add_url(home), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"organisation", "feedback_email", "response_time", "assessed_on", "reviewed_on"} <= (
        set(errors)
    )
    # The rich text goes back to the editor as its JSON, with the text in it.
    assert "Min text om v" in response.content.decode()
    assert not AccessibilityStatementPage.objects.exists()


def test_an_unfinished_statement_can_be_saved_as_a_draft(client, editor, home):
    client.force_login(editor)
    data = statement_data(
        organisation="", feedback_email="", response_time="", assessed_on="", reviewed_on=""
    )

    response = client.post(add_url(home), data)

    assert response.status_code == 302
    page = AccessibilityStatementPage.objects.get()
    assert not page.live
    assert page.assessed_on is None


def test_fully_compliant_with_a_listed_non_compliance_is_refused(client, editor, home):
    client.force_login(editor)

    response = client.post(add_url(home), statement_data(conformance="full", **PUBLISH))

    assert response.status_code == 200
    assert "inte helt förenlig" in str(response.context["form"].errors["conformance"])
    assert not AccessibilityStatementPage.objects.exists()


def test_partially_compliant_without_any_listed_non_compliance_is_refused(client, editor, home):
    client.force_login(editor)

    response = client.post(add_url(home), statement_data(gaps=inline_formset([]), **PUBLISH))

    assert response.status_code == 200
    assert "conformance" in response.context["form"].errors
    assert not AccessibilityStatementPage.objects.exists()


def test_fully_compliant_without_gaps_is_accepted(client, editor, home):
    client.force_login(editor)

    response = client.post(
        add_url(home), statement_data(conformance="full", gaps=inline_formset([]), **PUBLISH)
    )

    assert response.status_code == 302
    assert AccessibilityStatementPage.objects.get().conformance == "full"


def test_dates_in_the_future_and_an_unnamed_third_party_are_refused(client, editor, home):
    client.force_login(editor)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = client.post(
        add_url(home),
        statement_data(
            reviewed_on=tomorrow, assessment_method="third_party", assessor="", **PUBLISH
        ),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "reviewed_on" in errors and "assessor" in errors
    assert not AccessibilityStatementPage.objects.exists()


def test_an_editor_of_another_site_cannot_create_a_statement_on_this_one(client, home):
    other_home = factories.make_home(hostname="annan.example.se", title="Annan kommun")
    outsider = web_editor("annan_redaktor", other_home)
    client.force_login(outsider)

    response = client.post(add_url(home), statement_data(**PUBLISH))

    assert response.status_code in (302, 403)
    assert not AccessibilityStatementPage.objects.exists()


def test_the_dialogue_groups_and_workflow_do_not_take_over_the_statement(home, index):
    page = make_statement(home, gaps=[AccessibilityGap(description="X", reason="non_compliance")])

    workflows.setup_defaults()

    assert page not in workflows.plugin_page_roots()
    assert not WorkflowPage.objects.filter(page=page).exists()
    assert not GroupPagePermission.objects.filter(page=page).exists()


# --- the published page ----------------------------------------------------------------


def test_the_published_statement_has_every_part_digg_requires(client, home):
    page = make_statement(
        home,
        feedback_phone="0123-45 67 00",
        site_parts="<p>Kommunens egna sidor granskades med NVDA.</p>",
        gaps=[
            AccessibilityGap(
                description="Kartorna saknar textalternativ.",
                reason="non_compliance",
                criteria="1.1.1",
                remedy="Åtgärdas i mars.",
            ),
            AccessibilityGap(
                description="Gamla protokoll är skannade.", reason="outside_scope", remedy=""
            ),
            AccessibilityGap(
                description="Filmarkivet saknar undertexter.",
                reason="disproportionate_burden",
            ),
        ],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    # Conformance, under the law and the standard.
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in html
    assert "WCAG 2.1" in html and "2018:1937" in html
    # Known gaps with their reasons, each under its heading.
    assert "Bristande förenlighet med lagkraven" in html
    assert "Oskäligt betungande anpassning" in html
    assert "Innehåll som inte omfattas av lagstiftningen" in html
    assert "Kartorna saknar textalternativ." in html and "1.1.1" in html
    # What the plugin's tests check, and the site's own part.
    assert "1.4.3 Kontrast (minimum)" in html
    assert "Kommunens egna sidor granskades med NVDA." in html
    # How and when it was assessed, when the statement was reviewed.
    assert "egen bedömning" in html
    assert "15 september 2026" in html
    assert "1 oktober 2026" in html
    # The feedback route and the response time.
    assert 'href="mailto:tillganglighet@testkommun.se"' in html
    assert "0123-45 67 00" in html
    assert "Vi svarar inom två arbetsdagar." in html
    # DIGG's complaint form.
    assert f'href="{DIGG_COMPLAINT_URL}"' in html
    assert DIGG_COMPLAINT_URL == "https://www.digg.se/tdosanmalan"
    assert '<html lang="sv">' in html


def test_a_third_party_assessment_names_the_assessor(client, home):
    page = make_statement(
        home,
        assessment_method="third_party",
        assessor="Granskningsbyrån AB",
        conformance="full",
    )

    html = client.get(page.url).content.decode()

    assert "Granskningsbyrån AB" in html
    assert "helt förenlig" in html
    assert "Vi känner inte till något innehåll som inte är tillgängligt." in html


def test_editors_text_is_escaped_on_the_page(client, home):
    page = make_statement(
        home,
        organisation="<b>Testkommun</b>",
        gaps=[AccessibilityGap(description="<script>alert(1)</script>", reason="outside_scope")],
    )

    html = client.get(page.url).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Testkommun&lt;/b&gt;" in html
