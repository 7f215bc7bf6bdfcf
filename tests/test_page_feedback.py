"""The question "Hjälpte informationen på sidan dig?" on every page type of the plugin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from wagtail_medborgardialog.models import PageFeedback

PAGES = ["index", "process"]


def feedback_url(page):
    return page.url + "hjalpte-informationen/"


@pytest.mark.django_db  # the page comes from a fixture looked up by name
@pytest.mark.parametrize("fixture", PAGES)
def test_every_page_type_shows_the_question(client, request, fixture):
    page = request.getfixturevalue(fixture)
    html = client.get(page.url).text
    assert "Hjälpte informationen på sidan dig?" in html
    # The fragment points at the error summary, which takes focus when the answer is refused.
    assert f'action="{feedback_url(page)}#mbd-page-feedback-error-summary"' in html
    assert '<label for="mbd-feedback-answer_0">Ja</label>' in html
    assert '<label for="mbd-feedback-comment">Kommentar (frivillig)</label>' in html


@pytest.mark.django_db  # the page comes from a fixture looked up by name
@pytest.mark.parametrize("fixture", PAGES)
def test_an_answer_is_stored_and_the_visitor_is_thanked(client, request, fixture):
    page = request.getfixturevalue(fixture)
    response = client.post(feedback_url(page), {"answer": "yes", "comment": "Tydligt!"})
    assert response.status_code == 302
    assert response.url == page.url + "?tack=1#mbd-page-feedback"
    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.answer, feedback.comment) == (page.pk, "yes", "Tydligt!")
    assert feedback.submitted_on is not None
    assert "Tack för ditt svar" in client.get(response.url).text


def test_the_answer_sets_no_cookie(process):
    client = Client()
    response = client.post(feedback_url(process), {"answer": "no"})
    assert response.status_code == 302
    assert not response.cookies
    assert PageFeedback.objects.filter(answer="no").count() == 1


def test_markup_in_the_comment_is_kept_as_written(client, process):
    client.post(
        feedback_url(process), {"answer": "no", "comment": "<script>x()</script><b>Svårt</b>"}
    )
    assert PageFeedback.objects.get().comment == "<script>x()</script><b>Svårt</b>"


@pytest.mark.parametrize(
    "data",
    [{"answer": "kanske"}, {"answer": ""}, {}, {"answer": "YES"}],
)
def test_an_unknown_answer_is_a_400_and_stores_nothing(client, process, data):
    response = client.post(feedback_url(process), data)
    assert response.status_code == 400
    assert PageFeedback.objects.count() == 0
    assert "Ditt svar kunde inte skickas" in response.text


def test_a_too_long_comment_is_refused_and_kept_in_the_form(client, process):
    comment = "lång " * 200
    response = client.post(feedback_url(process), {"answer": "yes", "comment": comment})
    assert response.status_code == 400
    assert PageFeedback.objects.count() == 0
    assert comment.strip()[:50] in response.text
    assert 'aria-describedby="mbd-feedback-comment-hint mbd-feedback-comment-error"' in (
        response.text
    )


def test_a_get_on_the_route_leads_back_to_the_page(client, process):
    response = client.get(feedback_url(process))
    assert response.status_code == 302
    assert response.url == process.url


def test_the_form_is_csrf_protected(process):
    client = Client(enforce_csrf_checks=True)
    assert client.post(feedback_url(process), {"answer": "yes"}).status_code == 403
    assert PageFeedback.objects.count() == 0


REPORT = "/admin/medborgardialog/page-feedback/"


def test_editors_with_permission_see_counts_per_page(client, process, index, django_user_model):
    for answer in ["yes", "yes", "no"]:
        PageFeedback.objects.create(page=process, answer=answer)
    PageFeedback.objects.create(page=index, answer="no", comment="Hittade inte")
    editors = Group.objects.create(name="Redaktörer")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_pagefeedback"),
    )
    user = django_user_model.objects.create_user("red", "red@example.se", "x")
    user.groups.add(editors)
    client.force_login(user)
    response = client.get(REPORT)
    assert response.status_code == 200
    rows = {row.title: row for row in response.context["object_list"]}
    assert (rows[process.title].yes_count, rows[process.title].no_count) == (2, 1)
    assert (rows[index.title].no_count, rows[index.title].comment_count) == (1, 1)
    assert process.title in response.text


def test_editors_without_permission_cannot_see_the_report(client, process, django_user_model):
    editors = Group.objects.create(name="Redaktörer")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("red", "red@example.se", "x")
    user.groups.add(editors)
    client.force_login(user)
    response = client.get(REPORT)
    assert response.status_code in (302, 403)


def test_a_comment_with_a_personal_identity_number_is_refused_and_nothing_stored(client, process):
    from wagtail_medborgardialog.models import PageFeedback

    response = client.post(
        process.url + "hjalpte-informationen/",
        {"answer": "no", "comment": "Ring mig, jag har personnummer 19811218-9876"},
    )
    assert response.status_code == 400
    assert "Ta bort personnumret" in response.text
    assert "Ring mig" in response.text  # the text is kept for the citizen to correct
    assert PageFeedback.objects.count() == 0
