"""Template filters for citizen text: escaped, paragraphs kept, bare URLs as safe links."""

import re

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import csrf, sanitizer

register = template.Library()


@register.filter
def citizen_text(value):
    """Plain citizen text as HTML paragraphs; everything escaped, URLs linked (nofollow ugc)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value or "")) if p.strip()]
    html = "".join(
        "<p>" + sanitizer.linkify(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs
    )
    return mark_safe(html)  # noqa: S308 - linkify escapes everything it does not create


@register.simple_tag(takes_context=True)
def public_csrf_token(context):
    """Django's CSRF token where the form needs one: for logged-in users, or on a site that
    has not switched anonymous posts to the origin check (see ``csrf.py``). Anonymous visitors
    get none, so the page is the same for all of them and a shared cache can keep it."""
    request = context.get("request")
    if request is None or not csrf.needs_token(request):
        return ""
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
