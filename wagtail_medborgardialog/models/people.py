"""People shown on the plugin's pages."""

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
