from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The start page of Exempelkommun."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain content page (also the baseline the benchmarks compare against)."""

    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")


class ListingPage(Page):
    """A plain Wagtail page listing its live children, paginated (a benchmark baseline)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("listing page")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
        from django.http import Http404

        from wagtail_medborgardialog.conf import get_setting

        context = super().get_context(request, *args, **kwargs)
        # The same page size as the plugin's index, so the two listings do the same work.
        children = self.get_children().live().public().order_by("-first_published_at", "pk")
        paginator = Paginator(children, get_setting("PAGINATE_BY"))
        try:
            children_page = paginator.page(request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404 from error
        context.update(children=children_page.object_list, children_page=children_page)
        return context


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactFormPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactFormPage(AbstractEmailForm):
    """A form built with wagtail.contrib.forms (a benchmark baseline for submitting input)."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
            heading=_("E-mail"),
        ),
    ]

    class Meta:
        verbose_name = _("contact form page")


class Notice(models.Model):
    """A short notice (a plain snippet; a benchmark baseline for admin listings)."""

    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("body"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    panels = [FieldPanel("title"), FieldPanel("body")]

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title
