"""People and organisations the plugin's pages refer to."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.images import get_image_model_string
from wagtail.search import index


class ContactPerson(index.Indexed, models.Model):
    """Someone citizens can contact about a page ("Informationsansvarig")."""

    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(
        _("title"), max_length=150, blank=True, help_text=_("E.g. Process leader, Urban planner.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name


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
