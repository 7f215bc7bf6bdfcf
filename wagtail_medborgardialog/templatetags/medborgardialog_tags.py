from django import template

from ..models.decisions import decision_on_record

register = template.Library()


@register.inclusion_tag("wagtail_medborgardialog/includes/decision.html")
def medborgardialog_decision(page):
    """The latest political decision about ``page``, if one is on record."""
    return {"decision": decision_on_record(page)}


@register.simple_tag(name="medborgardialog_decision_on_record")
def medborgardialog_decision_on_record(page):
    """The latest Decision about ``page`` or None, for templates that show it themselves."""
    return decision_on_record(page)
