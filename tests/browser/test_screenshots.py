"""`make screenshots`: PNG pictures of the main public pages and admin screens for the docs.

Runs only when MEDBORGARDIALOG_SCREENSHOTS names the output folder (docs/screenshots).
"""

import os
from pathlib import Path

import pytest

OUT = os.environ.get("MEDBORGARDIALOG_SCREENSHOTS")

PUBLIC = {
    "home": "/",
    "dialogue-index": "/medborgardialoger/",
    "dialogue-process": "/medborgardialoger/nya-parken-i-norrby/",
}
ADMIN = {
    "admin-dashboard": "/admin/",
}

pytestmark = pytest.mark.skipif(not OUT, reason="set MEDBORGARDIALOG_SCREENSHOTS to a folder")


@pytest.fixture
def wide_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    yield context.new_page()
    context.close()


def shoot(page, url, name):
    response = page.goto(url)
    assert response.status == 200, url
    path = Path(OUT) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000


def test_screenshots_public_pages(wide_page, demo):
    for name, path in PUBLIC.items():
        shoot(wide_page, demo + path, name)


def test_screenshots_admin(wide_page, demo):
    wide_page.goto(demo + "/admin/login/")
    wide_page.fill("#id_username", "admin")
    wide_page.fill("#id_password", "exempelkommun")
    wide_page.click("button[type=submit]")
    for name, path in ADMIN.items():
        shoot(wide_page, demo + path, name)
