"""Template filters for citizen text: escaped, paragraphs kept, bare URLs as safe links."""

import re

from django import template
from django.utils.safestring import mark_safe

from .. import sanitizer

register = template.Library()


@register.filter
def citizen_text(value):
    """Plain citizen text as HTML paragraphs; everything escaped, URLs linked (nofollow ugc)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value or "")) if p.strip()]
    html = "".join(
        "<p>" + sanitizer.linkify(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs
    )
    return mark_safe(html)  # noqa: S308 - linkify escapes everything it does not create
