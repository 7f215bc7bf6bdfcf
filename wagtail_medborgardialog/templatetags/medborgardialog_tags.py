from django import template

from ..models.decisions import decision_on_record

register = template.Library()


@register.inclusion_tag("wagtail_medborgardialog/includes/decision.html")
def medborgardialog_decision(page):
    """The latest political decision about ``page``, if one is on record."""
    return {"decision": decision_on_record(page)}
