"""A warning to the editor who publishes a participatory page without a closing date."""

from django.contrib import messages
from django.utils.translation import gettext as _

from ..models.participation import ParticipationMixin


def warn_without_closing_date(request, page):
    """after_publish_page (edit and create views): say what an open-ended page means for privacy.

    A warning, not a refusal: some pages rightly stay open. Personal details are culled a
    period after a page closes for input, so without ``closes_at`` they are never culled.
    """
    page = page.specific
    if not isinstance(page, ParticipationMixin) or not page.live or page.closes_at:
        return
    messages.warning(
        request,
        _(
            "“%(title)s” has no date when it closes for input. The personal details of "
            "those who take part (e-mail address, name, organisation) will then never be "
            "removed automatically. Set “Open for input until” if the page is to close."
        )
        % {"title": page.get_admin_display_title()},
    )
