"""Every public page of the plugin passes a strict Content-Security-Policy.

The policy is the example site's production one (default-src 'self', nothing inline), sent by
django-csp's middleware. A page passes when its HTML has no inline script, no event handler
attribute, no style attribute or element, no javascript: URL and loads nothing from another
origin; the charts' SVG presentation attributes (fill=, width=) are not styles and are fine.
"""

import importlib
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from tests import factories
from wagtail_medborgardialog import antispam
from wagtail_medborgardialog.contributions.tokens import make_confirmation_token
from wagtail_medborgardialog.models import (
    AccessibilityStatementPage,
    CommunityContractPage,
    ConsultationPage,
    Contribution,
    ContributionStatus,
    DialogueProcessPage,
)

# The demo tests get their database from the `demo` fixture; the others need none.
pytestmark = pytest.mark.usefixtures("run_on_commit")

STRICT_POLICY = {
    "default-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
}
# Elements whose URL attribute loads a resource (default-src applies to each of them).
LOADS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "embed": "src",
    "object": "data",
    "audio": "src",
    "video": "src",
    "source": "src",
    "track": "src",
    "form": "action",
}
# Script types a browser does not run: data blocks, which no policy blocks.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineFinder(HTMLParser):
    """Collects everything in a page that a policy without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.violations = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs.items())}>"
        for name, value in attrs.items():
            if name.startswith("on"):
                self.violations.append(f"event handler attribute {name}: {where}")
            if name == "style":
                self.violations.append(f"style attribute: {where}")
            if (value or "").strip().lower().startswith("javascript:"):
                self.violations.append(f"javascript: URL: {where}")
        if tag == "style":
            self.violations.append("inline <style> element")
        if tag == "script" and not attrs.get("src"):
            if (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.violations.append(f"inline script: {where}")
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self._same_origin(attrs.get("href"), where)
        if tag in LOADS:
            self._same_origin(attrs.get(LOADS[tag]), where)

    def _same_origin(self, url, where):
        parts = urlsplit(url or "")
        if parts.scheme == "data" or (parts.netloc and parts.netloc != "testserver"):
            self.violations.append(f"loads from another origin: {where}")


def violations(html):
    finder = InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.violations


def test_the_checker_finds_what_a_strict_policy_blocks():
    html = (
        '<p style="color: red" onclick="x()">a</p><style>p{}</style><script>x()</script>'
        '<a href="javascript:x()">b</a><img src="https://cdn.example.com/x.png">'
        '<script type="application/ld+json">{}</script><script src="/static/x.js"></script>'
        '<svg><rect width="40" fill="#2e7d32"/></svg>'
    )
    assert len(violations(html)) == 6


@pytest.fixture
def production_policy(settings, monkeypatch):
    """The production profile's middleware and policy, on top of the test settings."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    sys.modules.pop("example_site.settings_production", None)
    production = importlib.import_module("example_site.settings_production")
    settings.MIDDLEWARE = production.MIDDLEWARE
    settings.CONTENT_SECURITY_POLICY = production.CONTENT_SECURITY_POLICY
    return production.CONTENT_SECURITY_POLICY


@pytest.fixture
def demo(production_policy, demo):
    """The session's demo (tests/conftest.py), served with the production policy."""
    return Site.objects.get(is_default_site=True)


def policy(response):
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def assert_passes(response, status=200):
    assert response.status_code == status, response
    assert policy(response) == STRICT_POLICY
    found = violations(response.content.decode())
    assert found == [], f"{response.wsgi_request.path}: {found}"


def test_every_public_page_of_the_demo_passes_a_strict_csp(client, demo):
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    assert {type(page) for page in pages} >= {
        AccessibilityStatementPage,
        DialogueProcessPage,
        CommunityContractPage,
        ConsultationPage,
    }
    for page in pages:
        assert_passes(client.get(page.url))


def test_process_index_with_filters_and_process_page_with_contributions_pass(client, demo):
    process = DialogueProcessPage.objects.live().get(slug="trygghet-i-centrum")
    assert Contribution.objects.visible().filter(page_id=process.pk).exclude(reply="").exists()
    assert process.sdg_goals.exists()
    response = client.get(process.url)
    assert_passes(response)
    html = response.content.decode()
    assert 'class="mbd-goal__swatch"' in html and 'class="mbd-goal mbd-sdg-16"' in html
    index = process.get_parent()
    assert_passes(client.get(index.url, {"status": "ongoing", "q": "park", "topic": "nope"}))
    assert_passes(client.get(index.url, {"status": "closed", "page": "1"}))


def test_contract_page_and_its_feeds_pass(client, demo):
    contract = CommunityContractPage.objects.live().get(slug="samhallskontrakt-norrby")
    response = client.get(contract.url)
    assert_passes(response)
    html = response.content.decode()
    assert '<svg class="mbd-progress"' in html and "mbd-goal mbd-sdg-" in html
    for route in ("kalender/", "data/"):
        feed = client.get(contract.url + route)
        assert feed.status_code == 200
        assert policy(feed) == STRICT_POLICY


def test_consultation_form_errors_and_results_pass(client, demo):
    now = timezone.now()
    from wagtail_medborgardialog.models import PanelConsultation

    gated = PanelConsultation.objects.values("page_id")
    open_one = ConsultationPage.objects.live().exclude(pk__in=gated).get(closes_at__gt=now)
    closed = ConsultationPage.objects.live().get(closes_at__lt=now)
    assert_passes(client.get(open_one.url))
    # The survey only the panel's members answer: the explanation instead of the form.
    assert_passes(client.get(ConsultationPage.objects.live().get(pk__in=gated).url))
    assert_passes(client.post(open_one.url + "svar/", {"email": ""}), status=400)
    assert_passes(client.get(closed.url))
    assert_passes(client.get(closed.url + "resultat/"))


def test_contribution_form_confirmation_and_report_pages_pass(client, demo, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    index = DialogueProcessPage.objects.live().first().get_parent()
    process = factories.make_process(index, slug="oppen-for-csp")
    data = {
        "text": "Fler lampor vid stationen.",
        "display_name": "",
        "organisation": "",
        "email": "anna@example.se",
        "consent": "on",
        "website": "",
        "form_ts": antispam.make_timestamp(),
    }
    assert_passes(client.get(process.url))
    # The form again with its errors and the error summary.
    assert_passes(client.post(process.url + "synpunkter/", {**data, "email": ""}), status=400)
    # A token is used up by the post it came with: the corrected form carries a fresh one.
    response = client.post(
        process.url + "synpunkter/", {**data, "form_ts": antispam.make_timestamp()}
    )
    assert response.status_code == 302
    assert_passes(client.get(response["Location"]))
    contribution = Contribution.objects.get(page=process)
    token = make_confirmation_token(contribution)
    confirm = process.url + f"bekrafta/{token}/"
    assert_passes(client.get(confirm))
    assert_passes(client.get(process.url + "bekrafta/forged-token/"), status=404)
    settings.WAGTAIL_MEDBORGARDIALOG_CONFIRMATION_MAX_AGE = -1
    assert_passes(client.get(confirm), status=410)
    settings.WAGTAIL_MEDBORGARDIALOG_CONFIRMATION_MAX_AGE = 3600
    assert_passes(client.post(process.url + "bekrafta-igen/", {"token": token}))
    assert_passes(client.post(confirm))
    published = factories.make_contribution(process, status=ContributionStatus.PUBLISHED)
    assert_passes(client.get(process.url + f"anmal/{published.pk}/"))
    assert_passes(client.post(process.url + "hjalpte-informationen/", {}), status=400)


def test_goal_colour_classes_in_the_stylesheet_match_the_official_colours():
    from pathlib import Path

    from wagtail_medborgardialog import sdg

    css = (
        Path(sdg.__file__).parent / "static/wagtail_medborgardialog/css/medborgardialog.css"
    ).read_text()
    for goal in sdg.GOALS:
        assert f".mbd-sdg-{goal.number} {{ --mbd-sdg-colour: {goal.colour}; }}" in css


def test_the_refusal_of_a_post_from_another_site_passes(demo):
    from django.test import Client

    process = DialogueProcessPage.objects.live().first()
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        process.url + "synpunkter/", {"text": "Min text"}, HTTP_ORIGIN="https://elsewhere.example"
    )
    assert_passes(response, status=403)
    assert "Min text" in response.content.decode()
