"""The privacy text shown at every public form: the site's own, or the built-in default."""

from django import template
from django.utils import translation

from ..conf import get_setting
from ..models import MedborgardialogSettings
from ..sites import publisher_of, site_of

register = template.Library()


@register.inclusion_tag("wagtail_medborgardialog/includes/privacy_text.html", takes_context=True)
def privacy_text(context, page=None, element_id="mbd-privacy", heading_level=4, kind=""):
    """Render the site's privacy text for the active language, falling back to the default."""
    page = page or context.get("page")
    site = site_of(page, context.get("request"))
    # A plain lookup: rendering a public page must not create settings rows.
    site_settings = (
        MedborgardialogSettings.objects.filter(site=site).first() if site is not None else None
    )
    custom = site_settings.privacy_text_for(translation.get_language()) if site_settings else ""
    publisher = publisher_of(page, context.get("request"))
    retention_days = get_setting("RETENTION_DAYS")
    return {
        "custom_text": custom,
        "page": page,
        # The real rule for this page: personal details are culled after its closing date,
        # so a page without one keeps them until someone removes them (privacy.py).
        "closes_at": getattr(page, "closes_at", None),
        "publisher": publisher,
        "contact_email": site_settings.privacy_contact_email if site_settings else "",
        # Whole years read better; other periods are given in days.
        "retention_years": retention_days // 365 if retention_days % 365 == 0 else 0,
        "retention_days": retention_days,
        "element_id": element_id,
        "heading_tag": f"h{int(heading_level)}",
        "kind": kind,
    }
