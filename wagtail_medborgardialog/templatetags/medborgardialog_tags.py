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


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary, unless=None):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.unless = unless

    def render(self, context):
        from .. import fragments

        if self.unless is not None and self.unless.resolve(context):
            return self.nodelist.render(context)
        vary = [value.resolve(context) for value in self.vary]
        return fragments.get_or_render(
            context.get("request"),
            self.name.resolve(context),
            context.get("page"),
            vary,
            lambda: self.nodelist.render(context),
        )


@register.tag("medborgardialog_fragment")
def medborgardialog_fragment(parser, token):
    """Cache what it encloses for the page in the context (fragments.py says until when).

    ``{% medborgardialog_fragment "name" value ... %}…{% endmedborgardialog_fragment %}``: the
    values are the other things the enclosed HTML depends on (the order of a list, its page
    number, whether the input window is open). Nothing per visitor may be enclosed: no CSRF
    token, no form's timestamp, nothing from the session; an unbound form's fields may, with
    ``unless form.is_bound`` at the end (a form sent back with errors is never cached).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name")
    unless = None
    if len(bits) >= 4 and bits[-2] == "unless":
        unless = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    nodelist = parser.parse(("endmedborgardialog_fragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(b) for b in bits[2:]],
        unless,
    )
