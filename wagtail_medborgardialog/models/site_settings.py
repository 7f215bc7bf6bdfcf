"""Per-site choices for citizen dialogue (Settings > Citizen dialogue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

from ..conf import get_setting


@register_setting(icon="comment")
class MedborgardialogSettings(BaseSiteSetting):
    """Per-site choices for citizen dialogue (Settings > Citizen dialogue)."""

    double_opt_in = models.BooleanField(
        _("confirm contributions by e-mail"),
        null=True,
        blank=True,
        help_text=_(
            "Whether a contribution must be confirmed through a link sent to its author. "
            "Unknown: use the project default."
        ),
    )

    four_eyes = models.BooleanField(
        _("four eyes in workflows"),
        default=False,
        help_text=_(
            "The person who sent a page to a workflow may not approve its steps themselves; "
            "someone else in the step's group must. Applies to the citizen dialogue's "
            "workflow tasks."
        ),
    )

    privacy_contact_email = models.EmailField(
        _("contact for personal data questions"),
        blank=True,
        help_text=_(
            "Shown in the privacy text: where people ask for a copy of their data or its "
            "removal, for example the data protection officer's address."
        ),
    )
    privacy_text_sv = RichTextField(
        _("privacy text (Swedish)"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Shown at every form. Leave empty to use the built-in text."),
    )
    privacy_text_en = RichTextField(
        _("privacy text (English)"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Shown at every form. Leave empty to use the built-in text."),
    )

    panels = [
        FieldPanel("double_opt_in"),
        FieldPanel("four_eyes"),
        MultiFieldPanel(
            [
                FieldPanel("privacy_contact_email"),
                FieldPanel("privacy_text_sv"),
                FieldPanel("privacy_text_en"),
            ],
            heading=_("Personal data"),
        ),
    ]

    class Meta:
        verbose_name = _("citizen dialogue")

    def privacy_text_for(self, language):
        """This site's own privacy text in ``language`` (sv or en), or an empty string."""
        if (language or "").lower().startswith("sv"):
            return self.privacy_text_sv
        return self.privacy_text_en

    @classmethod
    def double_opt_in_for(cls, site):
        """This site's choice, or the project default when the site has none."""
        if site is not None:
            value = cls.for_site(site).double_opt_in
            if value is not None:
                return value
        return bool(get_setting("DOUBLE_OPT_IN"))
