from django import template

from ..decisions.gates import decision_kinds_for
from ..models.decisions import decision_history, decision_on_record

register = template.Library()


@register.inclusion_tag("wagtail_medborgardialog/includes/decision.html")
def medborgardialog_decision(page):
    """The political decisions about ``page``, newest first, if any are on record."""
    decisions = list(decision_history(page))
    return {"decision": decisions[0] if decisions else None, "decisions": decisions}


@register.simple_tag(name="medborgardialog_decision_on_record")
def medborgardialog_decision_on_record(page):
    """The latest Decision about ``page`` or None, for templates that show it themselves."""
    return decision_on_record(page)


@register.simple_tag(name="medborgardialog_decision_history")
def medborgardialog_decision_history(page):
    """Every Decision about ``page``, newest first, for templates that show them themselves."""
    return list(decision_history(page))


@register.simple_tag(name="medborgardialog_narrow_decision_kinds")
def medborgardialog_narrow_decision_kinds(form, obj):
    """Offer only the kinds of decision that make sense for ``obj``, the first by default.

    Used by the decision modal, where Wagtail builds the form without knowing the page."""
    field = form.fields.get("kind") if form is not None else None
    if field is None or obj is None:
        return ""
    kinds = decision_kinds_for(obj)
    field.choices = [(kind.value, kind.label) for kind in kinds]
    if not form.is_bound:
        form.initial["kind"] = kinds[0].value
    return ""
