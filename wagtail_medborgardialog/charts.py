"""Accessible SVG charts rendered on the server: no JavaScript, readable without colour.

The numbers and geometry are worked out here; the markup is in
``templates/wagtail_medborgardialog/charts/``, so a site restyles a chart by overriding its
template. Every chart names itself and describes every bar in text (``<title>``, ``<desc>``),
and the pages show the same numbers in a table.
"""

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

TEMPLATES = "wagtail_medborgardialog/charts/"
ROW_HEIGHT = 32

# One fill pattern per status (charts/patterns.html) so the bars differ without colour too.
STATUS_PATTERNS = {
    "planned": "mbd-pattern-planned",
    "ongoing": "mbd-pattern-ongoing",
    "done": "mbd-pattern-done",
    "delayed": "mbd-pattern-delayed",
    "cancelled": "mbd-pattern-cancelled",
}


def bars(items, label_width, bar_width):
    """Geometry of horizontal bars for ``items`` of (label, count, value text, pattern)."""
    largest = max((count for _label, count, _value, _pattern in items), default=0) or 1
    result = []
    for i, (label, count, value, pattern) in enumerate(items):
        y = 4 + i * ROW_HEIGHT
        width = round(bar_width * count / largest)
        result.append(
            {
                "label": label,
                "y": y + 4,
                "text_y": y + 20,
                "width": max(width, 1 if count else 0),
                "value_x": label_width + width + 8,
                "value": value,
                "pattern": pattern,
            }
        )
    return result


def render_chart(name, **chart):
    return mark_safe(render_to_string(TEMPLATES + name, {"chart": chart}))  # noqa: S308


def status_bar_chart(progress, chart_id="mbd-contract-chart"):
    """Bars per commitment status, each labelled with its name and count."""
    label_width, bar_width = 170, 300
    items = [
        (row.label, row.count, number_format(row.count), STATUS_PATTERNS.get(row.status, ""))
        for row in progress.by_status
    ]
    description = "; ".join(
        ngettext("%(label)s: %(count)d commitment", "%(label)s: %(count)d commitments", row.count)
        % {"label": row.label, "count": row.count}
        for row in progress.by_status
    )
    return render_chart(
        "bar_chart.html",
        id=chart_id,
        width=label_width + bar_width + 60,
        height=ROW_HEIGHT * len(items) + 8,
        label_width=label_width,
        title=_("Commitments per status"),
        description=description,
        patterns=True,
        bars=bars(items, label_width, bar_width),
    )


def progress_meter(percent, chart_id="mbd-contract-progress"):
    """One bar showing ``percent`` (0–100) with the number written beside it."""
    percent = percent or 0
    return render_chart(
        "progress_meter.html",
        id=chart_id,
        title=_("Mean progress: %(percent)s%%") % {"percent": number_format(percent, 1)},
        bar_width=round(3 * percent),
        value=f"{number_format(percent, 1)} %",
    )


def answer_bar_chart(result, chart_id):
    """Bars for one consultation question: one per option or scale value, count beside it."""
    label_width, bar_width = 220, 280
    options = result.options
    items = [
        (
            option.label if len(option.label) <= 30 else option.label[:29] + "…",
            option.count,
            f"{number_format(option.count)} ({number_format(option.percent, 1)} %)",
            "",
        )
        for option in options
    ]
    description = "; ".join(
        ngettext("%(label)s: %(count)d answer", "%(label)s: %(count)d answers", option.count)
        % {"label": option.label, "count": option.count}
        for option in options
    )
    if result.mean is not None:
        description += ". " + _("Mean %(mean)s, median %(median)s.") % {
            "mean": number_format(result.mean, 2),
            "median": number_format(result.median, 1),
        }
    return render_chart(
        "bar_chart.html",
        id=chart_id,
        width=label_width + bar_width + 110,
        height=ROW_HEIGHT * len(items) + 8,
        label_width=label_width,
        title=_("Answers to: %(question)s") % {"question": result.question.text},
        description=description,
        patterns=False,
        bars=bars(items, label_width, bar_width),
    )
