"""A site page composed from the plugin's contracts base.

What a site writes: its own concrete page from ``AbstractCommunityContractPage`` with one field
of its own. Parties, commitments, goals and follow-up need no model of the site's: their rows
are keyed to the base page model.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from wagtail_medborgardialog.models import AbstractCommunityContractPage

__all__ = ["DistrictContractPage"]


class DistrictContractPage(AbstractCommunityContractPage, Page):
    """A district's contract, with the district's name as the site's own field."""

    district = models.CharField(_("district"), max_length=100, blank=True)

    content_panels = AbstractCommunityContractPage.content_panels + [FieldPanel("district")]

    class Meta:
        verbose_name = "district contract"
