"""Anonymous visitors get the same bytes from every public page, so a shared cache may keep it;
the forms on it still refuse cross-site posts, keep the fill-time check and refuse replays."""

import re

import pytest
from django.test import Client

from tests import factories
from wagtail_medborgardialog.models import Contribution

TEXT = "Fler bänkar vid dammen, tack."
DJANGO_CSRF = "django.middleware.csrf.CsrfViewMiddleware"
OTHER_SITE = "https://annan-webbplats.example"


@pytest.fixture
def consultation(process):
    return factories.make_consultation(process)


def _form(**overrides):
    data = {
        "text": TEXT,
        "display_name": "",
        "organisation": "",
        "email": "anna@example.se",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def _token(response):
    return re.search(r'name="form_ts" value="([^"]+)"', response.content.decode()).group(1)


def browser():
    """A client that sends the headers a browser sends and gets Django's CSRF checks."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("page_name", ["process", "consultation", "contract"])
def test_two_anonymous_gets_are_identical_and_cacheable(request, page_name):
    page = request.getfixturevalue(page_name)
    first, second = browser().get(page.url), browser().get(page.url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert "Set-Cookie" not in first.headers and not first.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert 'name="form_ts" value=' not in first.content.decode()
    cache_control = first.headers.get("Cache-Control", "")
    assert "private" not in cache_control and "no-store" not in cache_control


def test_results_page_is_identical_for_anonymous_visitors(consultation):
    url = consultation.url + consultation.reverse_subpage("consultation_results")
    first, second = browser().get(url), browser().get(url)
    assert first.content == second.content and not first.cookies


def test_post_from_another_site_is_refused_with_the_text_shown_back(process):
    response = browser().post(process.url + "synpunkter/", _form(), HTTP_ORIGIN=OTHER_SITE)
    assert response.status_code == 403
    html = response.content.decode()
    assert "inte kom från någon av den här webbplatsens sidor" in html
    assert TEXT in html
    assert Contribution.objects.count() == 0


def test_post_with_neither_origin_nor_referer_is_refused(process):
    response = browser().post(process.url + "synpunkter/", _form())
    assert response.status_code == 403
    assert Contribution.objects.count() == 0


@pytest.mark.usefixtures("fast_forms")
def test_post_from_the_page_is_stored_after_the_check_step(process):
    client = browser()
    url = process.url + "synpunkter/"
    first = client.post(url, _form(), HTTP_ORIGIN="http://testserver")
    # The cached page had no timestamp: the first POST asks to check and send again.
    assert first.status_code == 200
    assert "Granska din text" in first.content.decode()
    assert TEXT in first.content.decode()
    assert Contribution.objects.count() == 0
    second = client.post(url, _form(form_ts=_token(first)), HTTP_ORIGIN="http://testserver")
    assert second.status_code == 302
    assert Contribution.objects.get().text == TEXT


@pytest.mark.usefixtures("fast_forms")
def test_same_origin_referer_is_enough_when_origin_is_missing(process):
    url = process.url + "synpunkter/"
    first = browser().post(url, _form(), HTTP_REFERER="http://testserver" + process.url)
    assert first.status_code == 200


def test_fill_time_still_refuses_an_instant_post(settings, process):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 3
    client = browser()
    url = process.url + "synpunkter/"
    first = client.post(url, _form(), HTTP_ORIGIN="http://testserver")
    second = client.post(url, _form(form_ts=_token(first)), HTTP_ORIGIN="http://testserver")
    assert second.status_code == 400
    assert Contribution.objects.count() == 0


@pytest.mark.usefixtures("fast_forms")
def test_a_check_step_token_is_good_for_one_post(process):
    client = browser()
    url = process.url + "synpunkter/"
    first = client.post(url, _form(), HTTP_ORIGIN="http://testserver")
    token = _token(first)
    assert client.post(url, _form(form_ts=token), HTTP_ORIGIN="http://testserver").status_code
    again = client.post(
        url, _form(form_ts=token, text="En annan text"), HTTP_ORIGIN="http://testserver"
    )
    assert again.status_code == 400
    assert Contribution.objects.count() == 1


def test_logged_in_users_keep_django_csrf_tokens(process):
    user = factories.make_moderator("redaktor", process)
    client = browser()
    client.force_login(user)
    page = client.get(process.url)
    assert "csrfmiddlewaretoken" in page.content.decode()
    # Same origin but no token: Django's check applies to a session.
    response = client.post(
        process.url + "hjalpte-informationen/", {"answer": "yes"}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 403


def test_check_tells_a_site_on_djangos_csrf_middleware_how_to_make_pages_cacheable():
    from wagtail_medborgardialog.checks import csrf_middleware_messages

    ours = "wagtail_medborgardialog.csrf.OriginCheckMiddleware"
    info = ["wagtail_medborgardialog.I001"]
    assert [m.id for m in csrf_middleware_messages([DJANGO_CSRF])] == info
    # After Django's check it would come too late to spare anonymous visitors the token.
    assert [m.id for m in csrf_middleware_messages([DJANGO_CSRF, ours])] == info
    assert csrf_middleware_messages([ours, DJANGO_CSRF]) == []


def test_without_the_origin_middleware_forms_keep_djangos_token(settings, process):
    from wagtail_medborgardialog import csrf

    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "wagtail_medborgardialog.csrf.OriginCheckMiddleware"
    ]
    csrf.origin_checked_forms.cache_clear()
    try:
        html = browser().get(process.url).content.decode()
    finally:
        csrf.origin_checked_forms.cache_clear()
    assert "csrfmiddlewaretoken" in html
    assert 'name="form_ts" value="' in html


def test_purging_a_consultation_purges_its_results_page(consultation):
    assert consultation.get_cached_paths() == ["/", "resultat/"]
