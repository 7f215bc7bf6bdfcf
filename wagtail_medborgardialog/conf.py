"""Every setting of the plugin, with its default, read through :func:`get_setting`.

A site overrides a setting by defining ``WAGTAIL_MEDBORGARDIALOG_<NAME>`` in its Django
settings. ``docs/installation.md`` documents each one; keep the two in step.
"""

from django.conf import settings

PREFIX = "WAGTAIL_MEDBORGARDIALOG_"

DEFAULTS = {
    # The site template the plugin's public templates extend. It must define the blocks
    # ``title``, ``extra_css`` and ``content`` (a project made by ``wagtail start`` does).
    "BASE_TEMPLATE": "base.html",
    # Items per page in the public listings (index pages, comments).
    "PAGINATE_BY": 20,
    # Whether the plugin's stylesheet is linked from its templates. Sites with their own
    # design system may switch it off and style the documented class names themselves.
    "INCLUDE_CSS": True,
}


def get_setting(name):
    """Return the site's value of setting ``name`` or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown wagtail-medborgardialog setting: {name}")
    return getattr(settings, PREFIX + name, DEFAULTS[name])
