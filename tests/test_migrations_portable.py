"""The plugin's migrations run on every supported Wagtail (7.4 LTS has no swappable page model
setting and fewer wagtailcore migrations than Wagtail 8)."""

import re
from pathlib import Path

import wagtail_medborgardialog

MIGRATIONS = sorted(
    (Path(wagtail_medborgardialog.__file__).parent / "migrations").glob("[0-9]*.py")
)
# The newest wagtailcore migration Wagtail 7.4 has that the plugin may depend on.
NEWEST_PORTABLE_CORE = 97


def test_there_are_migrations_to_check():
    assert len(MIGRATIONS) >= 13


def test_the_page_model_is_named_with_a_default():
    for path in MIGRATIONS:
        text = path.read_text()
        bare = re.findall(r"(?<!getattr\()settings\.WAGTAIL_PAGE_MODEL", text)
        assert not bare, f"{path.name} names settings.WAGTAIL_PAGE_MODEL without getattr"


def test_no_dependency_on_a_wagtailcore_migration_wagtail_7_4_lacks():
    for path in MIGRATIONS:
        for number in re.findall(r"[\"']wagtailcore[\"'],\s*[\"'](\d{4})_", path.read_text()):
            assert int(number) <= NEWEST_PORTABLE_CORE, f"{path.name} needs wagtailcore {number}"
