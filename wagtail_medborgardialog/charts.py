"""Accessible SVG charts rendered on the server: no JavaScript, readable without colour."""

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# One fill pattern per status so the bars differ without colour as well as with it.
STATUS_PATTERNS = {
    "planned": "mbd-pattern-planned",
    "ongoing": "mbd-pattern-ongoing",
    "done": "mbd-pattern-done",
    "delayed": "mbd-pattern-delayed",
    "cancelled": "mbd-pattern-cancelled",
}

_DEFS = mark_safe(  # noqa: S308 - a constant
    "<defs>"
    '<pattern id="mbd-pattern-planned" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#dbe4ee"/>'
    '<circle cx="4" cy="4" r="1.5" fill="#1b3a5c"/></pattern>'
    '<pattern id="mbd-pattern-ongoing" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#9cc3e6"/>'
    '<path d="M0 8L8 0" stroke="#1b3a5c" stroke-width="1.5"/></pattern>'
    '<pattern id="mbd-pattern-done" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#2e7d32"/></pattern>'
    '<pattern id="mbd-pattern-delayed" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#f4c542"/>'
    '<path d="M0 4H8" stroke="#5c4400" stroke-width="1.5"/></pattern>'
    '<pattern id="mbd-pattern-cancelled" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#e0e0e0"/>'
    '<path d="M0 0L8 8M8 0L0 8" stroke="#555" stroke-width="1"/></pattern>'
    "</defs>"
)


def status_bar_chart(progress, chart_id="mbd-contract-chart"):
    """Bars per commitment status, each labelled with its name and count."""
    row_height, label_width, bar_width = 32, 170, 300
    height = row_height * len(progress.by_status) + 8
    largest = max((row.count for row in progress.by_status), default=0) or 1
    rows = []
    for i, row in enumerate(progress.by_status):
        y = 4 + i * row_height
        width = round(bar_width * row.count / largest)
        rows.append(
            (
                y + 20,
                row.label,
                label_width,
                y + 4,
                max(width, 1 if row.count else 0),
                STATUS_PATTERNS.get(row.status, ""),
                label_width + width + 8,
                y + 20,
                number_format(row.count),
            )
        )
    bars = format_html_join(
        "",
        '<text x="0" y="{}">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="22" fill="url(#{})" stroke="#1b3a5c"/>'
        '<text x="{}" y="{}">{}</text>',
        rows,
    )
    description = "; ".join(
        ngettext("%(label)s: %(count)d commitment", "%(label)s: %(count)d commitments", row.count)
        % {"label": row.label, "count": row.count}
        for row in progress.by_status
    )
    return format_html(
        '<svg class="mbd-chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{defs}{bars}</svg>",
        id=chart_id,
        w=label_width + bar_width + 60,
        h=height,
        title=_("Commitments per status"),
        desc=description,
        defs=_DEFS,
        bars=bars,
    )


def progress_meter(percent, chart_id="mbd-contract-progress"):
    """One bar showing ``percent`` (0–100) with the number written beside it."""
    percent = percent or 0
    width = round(3 * percent)
    label = _("Mean progress: %(percent)s%%") % {"percent": number_format(percent, 1)}
    return format_html(
        '<svg class="mbd-chart" role="img" aria-labelledby="{id}-title" viewBox="0 0 380 30" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{label}</title>'
        '<rect x="0" y="4" width="300" height="22" fill="#fff" stroke="#1b3a5c"/>'
        '<rect x="0" y="4" width="{width}" height="22" fill="#2e7d32"/>'
        '<text x="308" y="20">{number}</text></svg>',
        id=chart_id,
        label=label,
        width=width,
        number=f"{number_format(percent, 1)} %",
    )


def answer_bar_chart(result, chart_id):
    """Bars for one consultation question: one per option or scale value, count beside it."""
    row_height, label_width, bar_width = 32, 220, 280
    options = result.options
    height = row_height * len(options) + 8
    largest = max((option.count for option in options), default=0) or 1
    rows = []
    for i, option in enumerate(options):
        y = 4 + i * row_height
        width = round(bar_width * option.count / largest)
        label = option.label if len(option.label) <= 30 else option.label[:29] + "…"
        rows.append(
            (
                y + 20,
                label,
                label_width,
                y + 4,
                max(width, 1 if option.count else 0),
                label_width + width + 8,
                y + 20,
                f"{number_format(option.count)} ({number_format(option.percent, 1)} %)",
            )
        )
    bars = format_html_join(
        "",
        '<text x="0" y="{}">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="22" fill="#9cc3e6" stroke="#1b3a5c"/>'
        '<text x="{}" y="{}">{}</text>',
        rows,
    )
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
    return format_html(
        '<svg class="mbd-chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{bars}</svg>",
        id=chart_id,
        w=label_width + bar_width + 110,
        h=height,
        title=_("Answers to: %(question)s") % {"question": result.question.text},
        desc=description,
        bars=bars,
    )
