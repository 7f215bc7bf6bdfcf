"""The index of dialogue processes ("Medborgardialoger"), with the public filters."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..conf import get_setting
from ..processes.status import annotate_status
from .base import AbstractMedborgardialogPage
from .process import DialogueProcessPage


class DialogueIndexPage(AbstractMedborgardialogPage):
    """Lists the dialogue processes below it ("Medborgardialoger"), with filters."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("A short text above the list."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    # A network, or a meeting of its own, sits beside the dialogues it serves: the process
    # leaders who may create dialogues here may create those too.
    subpage_types = [
        "wagtail_medborgardialog.DialogueProcessPage",
        "wagtail_medborgardialog.NetworkPage",
        "wagtail_medborgardialog.MeetingPage",
    ]
    template = "wagtail_medborgardialog/process/dialogue_index_page.html"
    # The list is made of pages, steps and topics (the site generation) and today's statuses.
    page_cache_routes = frozenset({"index_route"})

    class Meta:
        verbose_name = _("citizen dialogue index")
        verbose_name_plural = _("citizen dialogue indexes")

    def get_processes(self):
        """The live, public processes below this index in its language, with everything the
        list shows (a translated index lists the translations below it)."""
        queryset = (
            DialogueProcessPage.objects.child_of(self)
            .live()
            .public()
            .filter(locale_id=self.locale_id)
        )
        return (
            annotate_status(queryset)
            .prefetch_related("topics", "areas", "sdg_goals")
            .order_by("-first_published_at", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        # processes.filters imports the models package, which imports this module.
        from ..processes.filters import (  # the filters import the models
            DialogueProcessFilterSet,
            describe_errors,
        )

        context = super().get_context(request, *args, **kwargs)
        filterset = DialogueProcessFilterSet(request.GET or None, queryset=self.get_processes())
        if filterset.is_bound:
            if not filterset.is_valid():
                describe_errors(filterset.form)
            # Invalid values are reported next to their fields; the valid ones still apply.
            processes = filterset.filter_queryset(filterset.queryset)
        else:
            processes = filterset.queryset
        paginator = Paginator(processes, get_setting("PAGINATE_BY"))
        page_number = request.GET.get("page") or 1
        try:
            processes_page = paginator.page(page_number)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("There is no such page of results.")) from error
        context.update(
            filter=filterset,
            filter_errors=filterset.is_bound and bool(filterset.errors),
            processes=processes_page.object_list,
            processes_page=processes_page,
            paginator=paginator,
        )
        return context
