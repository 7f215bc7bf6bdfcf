"""A site page composed from the plugin's processes base.

This module is the example in docs/installation.md ("How to compose your own page"): a
site's own dialogue process page with one field of its own, its own steps and contacts.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from wagtail_medborgardialog.models import (
    AbstractDialogueProcessPage,
    AbstractProcessContact,
    AbstractProcessStep,
)

__all__ = ["SiteDialogueProcessPage", "SiteProcessContact", "SiteProcessStep"]


class SiteDialogueProcessPage(AbstractDialogueProcessPage):
    """The municipality's process page: the plugin's, plus a budget line."""

    budget = models.CharField("budget", max_length=100, blank=True)

    content_panels = AbstractDialogueProcessPage.content_panels + [FieldPanel("budget")]


class SiteProcessStep(AbstractProcessStep):
    page = ParentalKey(SiteDialogueProcessPage, on_delete=models.CASCADE, related_name="steps")


class SiteProcessContact(AbstractProcessContact):
    page = ParentalKey(SiteDialogueProcessPage, on_delete=models.CASCADE, related_name="contacts")
