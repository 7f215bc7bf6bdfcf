"""People and organisations the plugin's pages refer to."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

# ---------------------------------------------------------------------------
# Stakeholders (parties to contracts, consulted bodies)
# ---------------------------------------------------------------------------


class StakeholderKind(models.TextChoices):
    CITIZENS = "citizens", _("Citizens")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    UNIVERSITY = "university", _("University")
    BUSINESS = "business", _("Business")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    MUNICIPAL_BODY = "municipal_body", _("Municipal body")


class Stakeholder(index.Indexed, models.Model):
    """An actor in the local community: a party to a contract or a consulted body."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=StakeholderKind.choices)
    email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Used only by the municipality; never shown on the public site."),
    )

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("email")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self):
        return self.name
