"""The anonymous GET of every plugin page is the same for every visitor and a shared cache may
keep it; the forms on it still work and refuse posts from other sites (csrf.py, caching.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from tests import factories
from wagtail_medborgardialog import antispam, checks, csrf
from wagtail_medborgardialog.contributions.tokens import make_confirmation_token
from wagtail_medborgardialog.models import (
    ConsultationPage,
    Contribution,
    ContributionStatus,
    DialogueProcessPage,
    EProposal,
    Meeting,
    PageFeedback,
)
from wagtail_medborgardialog.models.base import MedborgardialogPageMixin

pytestmark = pytest.mark.usefixtures("run_on_commit")

REFUSED = "did not come from one of this website"
REFUSED_SV = "inte kom från någon av den här webbplatsens sidor"
ELSEWHERE = {"HTTP_ORIGIN": "https://elsewhere.example"}
HERE = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def pinned_clock(monkeypatch):
    """One moment for both requests: the fill-time value is the render's second, the same for
    every visitor then, so two visitors at one moment must get the same bytes."""
    moment = antispam.clock()
    monkeypatch.setattr(antispam, "clock", lambda: moment)


def assert_shareable(url):
    first, second = Client().get(url), Client().get(url)
    assert first.status_code == 200, url
    assert first.content == second.content, url
    assert not first.cookies and not second.cookies, (url, first.cookies)
    assert "Cookie" not in first.get("Vary", ""), (url, first["Vary"])
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=60", (
        url,
        first.get("Cache-Control"),
    )
    assert "csrfmiddlewaretoken" not in first.content.decode(), url
    return first


def public_sub_routes():
    """A page of each sub-route kind the demo has: results, report form, meeting, e-förslag."""
    urls = []
    closed = ConsultationPage.objects.live().filter(closes_at__lt=antispam.timezone.now())
    urls += [page.url + "resultat/" for page in closed[:1]]
    published = Contribution.objects.visible().filter(page__in=DialogueProcessPage.objects.live())[
        :1
    ]
    urls += [c.page.specific.url + f"anmal/{c.pk}/" for c in published]
    meeting = Meeting.objects.filter(page__live=True).first()
    urls.append(meeting.page.specific.url + f"moten/{meeting.pk}/")
    proposal = EProposal.objects.public().first()
    urls += [proposal.page.specific.url + f"{proposal.pk}/", proposal.page.specific.url + "nytt/"]
    for page in Page.objects.live().public().specific():
        # The ballot and the volunteering form where the demo has them open.
        if type(page).__name__ == "BudgetPage" and page.voting_open():
            urls.append(page.url + "rosta/")
        if type(page).__name__ == "CitizenPanelPage":
            urls.append(page.url + "anmalan/")
    return urls


def test_every_public_page_of_the_demo_is_the_same_for_every_anonymous_visitor(demo, pinned_clock):
    pages = [
        page
        for page in Page.objects.live().public().filter(depth__gt=1).specific()
        if isinstance(page, MedborgardialogPageMixin)
    ]
    kinds = {type(page).__name__ for page in pages}
    assert kinds >= {
        "DialogueIndexPage",
        "DialogueProcessPage",
        "ConsultationPage",
        "CommunityContractPage",
        "EProposalIndexPage",
        "BudgetPage",
        "NetworkPage",
        "CitizenPanelPage",
        "AccessibilityStatementPage",
    }
    for page in pages:
        assert_shareable(page.url)
    for url in public_sub_routes():
        assert_shareable(url)
    # The forms on the pages carry a fill-time value, the same one for both visitors.
    html = Client().get(pages[1].url).content.decode()
    assert 'name="form_ts"' in html or "mbd-page-feedback" in html


@pytest.mark.django_db
def test_a_plain_wagtail_page_and_a_plugin_page_send_the_same_kind_of_headers(
    client, process, pinned_clock
):
    response = assert_shareable(process.url)
    assert 'name="form_ts"' in response.content.decode()


@pytest.mark.django_db
def test_personal_pages_editors_and_restricted_pages_are_never_shared(process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    contribution = factories.make_contribution(process, status=ContributionStatus.UNCONFIRMED)
    confirm = Client().get(process.url + f"bekrafta/{make_confirmation_token(contribution)}/")
    assert confirm.status_code == 200
    assert confirm["Cache-Control"] == "private, no-store"
    thanks = Client().get(process.url + "synpunkter/tack/")
    assert "public" not in thanks["Cache-Control"] and "private" in thanks["Cache-Control"]
    # An editor (a session cookie) gets a private page.
    editor = get_user_model().objects.create_user("redaktor", password="x")
    logged_in = Client()
    logged_in.force_login(editor)
    assert logged_in.get(process.url)["Cache-Control"] == "private"
    # A view restriction: Wagtail's own hook overrides public, whatever the page said.
    PageViewRestriction.objects.create(page=process, restriction_type="password", password="x")
    restricted = Client().get(process.url)
    assert "public" not in restricted["Cache-Control"]
    assert "no-store" in restricted["Cache-Control"]


@pytest.mark.django_db
def test_a_post_from_another_site_is_refused_with_a_clear_message_and_nothing_stored(
    process, settings
):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    data = {
        "text": "Fler lampor vid stationen.",
        "email": "anna@example.se",
        "consent": "on",
        "form_ts": antispam.make_timestamp(),
    }
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(process.url + "synpunkter/", data, **ELSEWHERE)
    assert refused.status_code == 403
    html = refused.content.decode()
    assert REFUSED_SV in html and "Fler lampor vid stationen." in html  # the text kept
    assert refused["Cache-Control"] == "private, no-store"
    # Neither Origin nor Referer, a Referer from elsewhere, Origin "null": refused too.
    assert browser.post(process.url + "synpunkter/", data).status_code == 403
    other = {"HTTP_REFERER": "https://elsewhere.example/medborgardialoger/"}
    assert browser.post(process.url + "synpunkter/", data, **other).status_code == 403
    assert browser.post(process.url + "synpunkter/", data, HTTP_ORIGIN="null").status_code == 403
    assert Contribution.objects.count() == 0
    # From the page itself (by Origin, or by Referer where a browser sends no Origin).
    assert browser.post(process.url + "synpunkter/", data, **HERE).status_code == 302
    same_page = {"HTTP_REFERER": "http://testserver" + process.url}
    data["text"] = "Och en bänk vid busshållplatsen."
    assert browser.post(process.url + "synpunkter/", data, **same_page).status_code == 302
    assert Contribution.objects.count() == 2


@pytest.mark.django_db
def test_the_english_page_refuses_in_english(process):
    from django.utils import translation

    with translation.override("en"):
        refused = Client(enforce_csrf_checks=True).post(
            process.url + "hjalpte-informationen/", {"answer": "yes"}, **ELSEWHERE
        )
    assert refused.status_code == 403
    assert REFUSED in refused.content.decode() or REFUSED_SV in refused.content.decode()


def form_posts(demo_pages):
    """(url, data) of one POST of each public form kind in the demo."""
    process, consultation, proposal_index, budget, network, panel, meeting = demo_pages
    return {
        "contribution": (process.url + "synpunkter/", {"text": "x" * 20}),
        "consultation": (consultation.url + "svar/", {"text": "x" * 20}),
        "page feedback": (process.url + "hjalpte-informationen/", {"answer": "yes"}),
        "e-förslag": (proposal_index.url + "nytt/", {"title": "x"}),
        "signature": (
            proposal_index.url + f"{EProposal.objects.public().first().pk}/",
            {"email": "a@example.se"},
        ),
        "ballot": (budget.url + "rosta/", {"email": "a@example.se"}),
        "meeting registration": (
            meeting.page.specific.url + f"moten/{meeting.pk}/",
            {"email": "a@example.se"},
        ),
        "intresseanmälan": (network.url + "intresse/", {"email": "a@example.se"}),
        "volunteering": (panel.url + "anmalan/", {"email": "a@example.se"}),
        "confirm link": (process.url + "bekrafta/some-token/", {}),
    }


def test_every_form_kind_refuses_a_post_from_another_site(demo):
    def live(model_name):
        return next(
            page
            for page in Page.objects.live().public().specific()
            if type(page).__name__ == model_name
        )

    pages = (
        DialogueProcessPage.objects.live().public().first(),
        ConsultationPage.objects.live().public().first(),
        live("EProposalIndexPage"),
        live("BudgetPage"),
        live("NetworkPage"),
        live("CitizenPanelPage"),
        Meeting.objects.filter(page__live=True).first(),
    )
    counts = (Contribution.objects.count(), PageFeedback.objects.count())
    browser = Client(enforce_csrf_checks=True)
    posts = form_posts(pages)
    for kind, (url, data) in posts.items():
        response = browser.post(url, data, **ELSEWHERE)
        assert response.status_code == 403, kind
        assert REFUSED_SV in response.content.decode(), kind
    assert (Contribution.objects.count(), PageFeedback.objects.count()) == counts
    # From the page itself the origin check lets each through to its form (which may then say
    # what is missing, but never that the post came from elsewhere).
    for kind, (url, data) in posts.items():
        response = browser.post(url, data, **HERE)
        assert REFUSED_SV not in response.content.decode(), kind
        assert response.status_code < 500, kind
    assert PageFeedback.objects.count() == counts[1] + 1


@pytest.mark.django_db
def test_other_views_keep_djangos_token_check(process):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/admin/login/", {"username": "a", "password": "b"}, **HERE)
    assert response.status_code == 403
    assert REFUSED_SV not in response.content.decode()


@pytest.mark.django_db
def test_without_the_middleware_the_forms_carry_djangos_token(client, process, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != csrf.MIDDLEWARE_PATH]
    response = client.get(process.url)
    assert re.search(r'name="csrfmiddlewaretoken" value="\w+"', response.content.decode())
    assert "csrftoken" in response.cookies
    assert "public" not in response["Cache-Control"]
    assert [m.id for m in checks.csrf_middleware_messages(settings.MIDDLEWARE)] == [
        "wagtail_medborgardialog.I001"
    ]


def test_the_check_is_quiet_with_the_middleware_before_djangos():
    assert checks.csrf_middleware_messages([csrf.MIDDLEWARE_PATH, csrf.DJANGO_CSRF]) == []
    assert checks.csrf_middleware_messages([csrf.DJANGO_CSRF, csrf.MIDDLEWARE_PATH])


@pytest.mark.django_db
def test_double_opt_in_from_a_browser_that_sends_its_origin(process, settings):
    """The whole round as a browser does it, with Django's checks enforced: the cached page's
    form, the POST, the thank-you page, the e-mailed link and its button."""
    from django.core import mail

    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(process.url)
    assert page["Cache-Control"] == "public, max-age=0, s-maxage=60"
    form_ts = re.search(r'name="form_ts" value="([^"]+)"', page.content.decode()).group(1)
    data = {
        "text": "Bättre belysning i tunneln.",
        "email": "anna@example.se",
        "consent": "on",
        "form_ts": form_ts,
    }
    response = browser.post(process.url + "synpunkter/", data, follow=True, **HERE)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/bekrafta/" in line)
    link = link.strip().replace("http://testserver", "")
    assert browser.get(link)["Cache-Control"] == "private, no-store"
    assert browser.post(link, **ELSEWHERE).status_code == 403
    assert Contribution.objects.get().status == ContributionStatus.UNCONFIRMED
    assert browser.post(link, **HERE).status_code == 200
    assert Contribution.objects.get().status == ContributionStatus.PENDING
