"""``{% public_csrf_token %}``: what the public forms carry instead of ``{% csrf_token %}``."""

from django import template

from .. import csrf

register = template.Library()


@register.simple_tag(takes_context=True)
def public_csrf_token(context):
    """Nothing where the site checks the plugin's POSTs by origin (``csrf.py``), so the page is
    the same for every visitor and a shared cache can keep it; else Django's CSRF token."""
    return csrf.form_token_html(context.get("request"))
