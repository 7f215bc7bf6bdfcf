"""What the plugin's own tests prove about the accessibility of its public pages.

An accessibility statement (tillgänglighetsredogörelse) starts from this list: each WCAG 2.1
success criterion that the browser tests in ``tests/browser/`` check on every public page of
the plugin, and how. axe-core's automatic rules cover only part of a criterion, so the list
says "checked", never "met". Keep it in step with the tests: a criterion belongs here only
while a test checks it.
"""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The complaint form of DIGG (Myndigheten för digital förvaltning), the supervisory authority
# under lag (2018:1937) om tillgänglighet till digital offentlig service.
DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"

AXE = gettext_lazy("automatic check with axe-core")
KEYBOARD = gettext_lazy("keyboard-only journey")

# (criterion, its name, how the tests check it)
TESTED_CRITERIA = [
    ("1.1.1", gettext_lazy("Non-text content"), [AXE]),
    ("1.3.1", gettext_lazy("Info and relationships"), [AXE]),
    ("1.4.3", gettext_lazy("Contrast (minimum)"), [AXE]),
    ("1.4.4", gettext_lazy("Resize text"), [AXE]),
    ("2.1.1", gettext_lazy("Keyboard"), [KEYBOARD, AXE]),
    ("2.4.1", gettext_lazy("Bypass blocks"), [AXE]),
    ("2.4.2", gettext_lazy("Page titled"), [AXE]),
    ("2.4.3", gettext_lazy("Focus order"), [KEYBOARD]),
    ("2.4.4", gettext_lazy("Link purpose (in context)"), [AXE]),
    ("2.4.7", gettext_lazy("Focus visible"), [KEYBOARD]),
    ("3.1.1", gettext_lazy("Language of page"), [AXE]),
    ("3.3.1", gettext_lazy("Error identification"), [KEYBOARD]),
    ("4.1.2", gettext_lazy("Name, role, value"), [AXE]),
]


def parts_tested_html():
    """The pre-filled text of a new statement's "citizen dialogue pages" part, in the active
    language: what was tested, where, how, and what was not."""
    items = format_html_join(
        "\n",
        "<li>{} {} ({})</li>",
        (
            (number, name, ", ".join(str(method) for method in methods))
            for number, name, methods in TESTED_CRITERIA
        ),
    )
    return format_html(
        "<p>{}</p>\n<p>{}</p>\n<ul>\n{}\n</ul>\n<p>{}</p>",
        _(
            "The citizen dialogue pages (dialogue processes, consultations, community contracts, "
            "the comment and response forms, confirmation and thank-you pages) are tested in "
            "a real browser every time the software is changed, in a narrow (375 pixels) and "
            "a wide (1280 pixels) window, in their ordinary states and with errors, empty "
            "filters and closed forms."
        ),
        _(
            "The tests check these WCAG 2.1 success criteria. Automatic checks find only part "
            "of the problems a criterion covers, so a checked criterion is not a guarantee "
            "that it is met:"
        ),
        items,
        _(
            "Not tested: use with screen readers, magnification and speech recognition, and "
            "the criteria not listed above. The texts editors write and the documents they "
            "attach are checked by the editors, not by the tests."
        ),
    )
