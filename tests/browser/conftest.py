"""Browser fixtures: Debian's Chromium driven by Playwright against a live Django server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("MEDBORGARDIALOG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"narrow": {"width": 375, "height": 812}, "wide": {"width": 1280, "height": 900}}

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# to set up data are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("MEDBORGARDIALOG_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(django_db_serialized_rollback, transactional_db, live_server):
    """The demo municipality, served by a live server; returns its base URL.

    Serialized rollback restores what migrations created (root page, locale) for each test.
    """
    from wagtail.models import Site

    from tests import factories

    factories.load_demo()
    # Serve the demo at the live server's host and port.
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    return live_server.url
