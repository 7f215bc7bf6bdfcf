"""Dialogue processes (SKR's model for dialogue in complex issues) and their index."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import MedborgardialogPageMixin


class DialogueIndexPage(RoutablePageMixin, MedborgardialogPageMixin, Page):
    """Lists the dialogue processes below it ("Medborgardialoger")."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    subpage_types = ["wagtail_medborgardialog.DialogueProcessPage"]
    template = "wagtail_medborgardialog/process/dialogue_index_page.html"

    class Meta:
        verbose_name = _("citizen dialogue index")
        verbose_name_plural = _("citizen dialogue indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["processes"] = (
            DialogueProcessPage.objects.child_of(self).live().public().specific(defer=False)
        )
        return context


class DialogueProcessPage(RoutablePageMixin, MedborgardialogPageMixin, Page):
    """One citizen dialogue process ("Medborgardialog")."""

    question = models.TextField(
        _("question"),
        blank=True,
        help_text=_("The question the dialogue is about (frågeställning)."),
    )
    purpose = RichTextField(_("purpose"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("question"), FieldPanel("purpose")]
    search_fields = Page.search_fields + [
        index.SearchField("question"),
        index.SearchField("purpose"),
    ]

    parent_page_types = ["wagtail_medborgardialog.DialogueIndexPage"]
    subpage_types = ["wagtail_medborgardialog.CommunityContractPage"]
    template = "wagtail_medborgardialog/process/dialogue_process_page.html"

    class Meta:
        verbose_name = _("citizen dialogue")
        verbose_name_plural = _("citizen dialogues")
