"""The fairness report: each volunteer's chance, for LEXIMIN and for the greedy draw.

The chart is an SVG of the probabilities sorted from lowest to highest (one line per method),
rendered from ``templates/wagtail_medborgardialog/panels/chart.html``; the page shows the same
figures in a table.
"""

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 56, 40, 12


def percent(value):
    return number_format(100 * value, decimal_pos=2) + " %"


def _polyline(values, top):
    values = sorted(values)
    n = len(values)
    plot_w, plot_h = WIDTH - LEFT - 12, HEIGHT - BOTTOM - TOP
    points = []
    for i, v in enumerate(values):
        x = LEFT + (plot_w * i / max(n - 1, 1))
        y = TOP + plot_h * (1 - v / top)
        points.append(f"{x:.1f},{y:.1f}")
    return " ".join(points)


def report(draw):
    lex = draw.probabilities
    greedy = draw.greedy_probabilities
    figures = draw.figures
    top = max([*lex.values(), *greedy.values(), 0.01])
    rows = [
        {
            "id": pid,
            "leximin": percent(lex[pid]),
            "greedy": percent(greedy.get(pid, 0.0)),
            "sort": lex[pid],
        }
        for pid in sorted(lex)
    ]
    rows.sort(key=lambda r: (r["sort"], r["id"]))
    lows = {
        "leximin": percent(figures["leximin"]["minimum"]),
        "greedy": percent(figures["greedy"]["minimum"]),
    }
    description = _(
        "Selection probability of each of the %(n)s volunteers, sorted from lowest to highest. "
        "Fair lottery (LEXIMIN): lowest %(lex)s, Gini coefficient %(lex_gini)s. Greedy draw: "
        "lowest %(greedy)s, Gini coefficient %(greedy_gini)s."
    ) % {
        "n": len(lex),
        "lex": lows["leximin"],
        "greedy": lows["greedy"],
        "lex_gini": number_format(figures["leximin"]["gini"], decimal_pos=3),
        "greedy_gini": number_format(figures["greedy"]["gini"], decimal_pos=3),
    }
    plot_h = HEIGHT - BOTTOM - TOP
    chart = {
        "id": "mbd-panel-chart",
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - 12,
        "bottom": HEIGHT - BOTTOM,
        "top": TOP,
        "title": _("Each volunteer's chance of being drawn"),
        "description": description,
        "leximin": _polyline(lex.values(), top),
        "greedy": _polyline(greedy.values(), top),
        "ticks": [
            {"y": round(TOP + plot_h * (1 - f), 1), "label": percent(top * f)} for f in (0, 0.5, 1)
        ],
        "legend_y": HEIGHT - 8,
    }
    return {
        "chart": mark_safe(  # noqa: S308 - rendered by our template with autoescape
            render_to_string("wagtail_medborgardialog/panels/chart.html", {"chart": chart})
        ),
        "rows": rows,
        "leximin_min": lows["leximin"],
        "greedy_min": lows["greedy"],
        "leximin_gini": number_format(figures["leximin"]["gini"], decimal_pos=3),
        "greedy_gini": number_format(figures["greedy"]["gini"], decimal_pos=3),
        "greedy_runs": figures.get("greedy_runs"),
        "volunteers": len(lex),
    }
