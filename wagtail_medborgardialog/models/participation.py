"""The mixin that lets the public contribute to a page: its input window, routes and hooks.

``ParticipationMixin.public_contributions()`` is the one visibility rule of a page (see
``models/contributions.py`` for the rule across pages).
"""

from typing import NamedTuple

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.models import Page
from wagtail.search import index

from .. import fragments
from ..conf import get_setting
from ..contributions.forms import ContributionForm, ReportForm
from ..sites import publisher_of
from .contributions import Contribution, ModerationMode


class PublicContributionsField(serializers.Field):
    """The API representation of ``page.public_contributions()``, with official replies."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, contributions):
        return [
            {
                "id": c.pk,
                "name": str(c.public_name),
                "organisation": c.organisation,
                "text": c.text,
                "published_at": c.published_at.isoformat() if c.published_at else None,
                "reply": c.reply or None,
            }
            for c in contributions.order_by("-published_at", "-pk")[:100]
        ]


class InputWindow(NamedTuple):
    """Whether a page takes input now: ``state`` is "open", "not_yet_open" or "closed"."""

    state: str
    opens_at: object = None
    closes_at: object = None

    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"

    @property
    def is_open(self):
        return self.state == self.OPEN


ORDERINGS = {"nyast": ("-published_at", "-pk"), "aldst": ("published_at", "pk")}


class ParticipationMixin(models.Model):
    """Lets the public contribute to a page: an open window, a moderation mode and the routes.

    The concrete page lists ``RoutablePageMixin`` first and renders
    ``wagtail_medborgardialog/contributions/section.html`` in its template.
    """

    opens_at = models.DateTimeField(
        _("open for input from"),
        null=True,
        blank=True,
        help_text=_("Leave empty to open at once."),
    )
    closes_at = models.DateTimeField(
        _("open for input until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to stay open."),
    )
    moderation_mode = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ModerationMode.choices,
        default=ModerationMode.PRE,
    )

    # The thank-you page's wording ("contribution" or "response") and the form's anchor.
    contribution_noun = "contribution"
    contribution_form_anchor = "#mbd-contributions"

    participation_panels = [
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("moderation_mode")],
            heading=_("Contributions from the public"),
        )
    ]
    settings_panels = Page.settings_panels + participation_panels
    # Search indexes only what the public may see; add these to the page's search_fields.
    participation_search_fields = [index.SearchField("contributions_search_text")]
    api_fields = [APIField("public_contributions", serializer=PublicContributionsField())]

    class Meta:
        abstract = True

    # --- state -------------------------------------------------------------------------
    def input_window(self, now=None):
        """The one rule for whether this page takes input (form, views, templates, e-mails).

        Page types with their own life cycle (a dialogue process) narrow it further.
        """
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return InputWindow(InputWindow.NOT_YET_OPEN, self.opens_at, self.closes_at)
        if self.closes_at and now >= self.closes_at:
            return InputWindow(InputWindow.CLOSED, self.opens_at, self.closes_at)
        return InputWindow(InputWindow.OPEN, self.opens_at, self.closes_at)

    def page_cache_changes_at(self):
        # The form appears when the window opens and goes when it closes.
        inherited = getattr(super(), "page_cache_changes_at", list)()
        return [*inherited, self.opens_at, self.closes_at]

    def accepts_contributions(self, now=None):
        return self.input_window(now).is_open

    def is_open_for_contributions(self, now=None):
        """Kept for callers of earlier versions: :meth:`accepts_contributions`."""
        return self.accepts_contributions(now)

    @property
    def is_post_moderated(self):
        return self.moderation_mode == ModerationMode.POST

    # --- what the public sees ------------------------------------------------------------
    def hides_contributions(self, now=None):
        """Whether this page keeps its published contributions from the public for now.

        A page type that overrides this also overrides :meth:`pages_hiding_contributions`
        with the same rule as a queryset.
        """
        return False

    @classmethod
    def pages_hiding_contributions(cls, now=None):
        """Pages of this type that :meth:`hides_contributions`, as a queryset; None: none."""
        return None

    def public_contributions(self):
        """The one entry point of every public channel: what the public may read on this page.

        Published contributions on this page while it is live and not under a view
        restriction, and none at all while the page type hides them.
        """
        if self.hides_contributions():
            return Contribution.objects.none()
        return Contribution.objects.visible_on(self)

    def published_contribution_count(self):
        """How many contributions are published here, even while their text is hidden."""
        return Contribution.objects.visible_on(self).count()

    def public_contribution_count(self):
        """``public_contributions().count()``, kept in the cache until a contribution of the
        page changes (``fragments.page_value``): counting 100,000 rows costs on every view."""
        if self.hides_contributions():
            return 0
        return fragments.page_value(
            "public-contribution-count", self, lambda: self.public_contributions().count()
        )

    def contributions_search_text(self):
        return "\n".join(self.public_contributions().values_list("text", flat=True))

    # --- hooks a page type overrides (as Wagtail's FormMixin has them) -------------------
    def get_contribution_form_class(self):
        """The public form of this page type; it validates only, storing is the next hook."""
        return ContributionForm

    def process_contribution(self, form, request, **extra):
        """Store the valid ``form``'s contribution through the state machine; return it.

        ``extra`` are further fields of the row (see :func:`moderation.submit`). Raises
        ``moderation.DuplicateContribution`` when the same text won a race to the page.
        """
        # moderation imports the models package, which imports this module.
        from ..contributions import moderation  # moderation imports the models

        data = form.cleaned_data
        values = {
            "text": data["text"],
            "email": data["email"],
            "display_name": data["display_name"],
            "organisation": data["organisation"],
            "notify_author": data["notify_author"],
            **extra,
        }
        return moderation.submit(
            self,
            ip_hash=form.ip_hash,
            language=translation.get_language() or "",
            request=request,
            **values,
        )

    def get_contribution_template(self, name):
        """Template names for ``name`` (e.g. "thanks.html"), the site's own first: one for
        this page type, then the plugin's shared one."""
        return [
            f"{self._meta.app_label}/{self._meta.model_name}/contributions/{name}",
            f"wagtail_medborgardialog/contributions/{name}",
        ]

    def contribution_refusals(self):
        """What a citizen is told when the page takes no input, by the window's state."""
        return {
            InputWindow.CLOSED: _("This page is closed for contributions. Nothing was saved."),
            InputWindow.NOT_YET_OPEN: _(
                "This page is not open for contributions yet. Nothing was saved."
            ),
        }

    # --- rendering ---------------------------------------------------------------------
    def get_context(self, request, *args, contribution_form=None, **kwargs):
        """``contribution_form``: a bound form to show again, or False for views that show
        none (the form is then not built)."""
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_contributions_context(request, form=contribution_form))
        return context

    def get_contributions_context(self, request, form=None):

        ordering = request.GET.get("ordning")
        if ordering not in ORDERINGS:
            ordering = "nyast"
        # The meeting a contribution was said at is shown with a link: one join, not a query
        # per row.
        contributions = (
            self.public_contributions()
            .select_related("meeting__page")
            .order_by(*ORDERINGS[ordering])
        )
        paginator = Paginator(contributions, get_setting("PAGINATE_BY"))
        known = self.public_contribution_count()
        if known is not None:
            paginator.count = known  # a cached_property: set, it is never queried
        page_obj = paginator.get_page(request.GET.get("synpunkter"))
        window = self.input_window()
        is_open = window.is_open
        return {
            "contributions_window": window,
            "contributions_opens_at": window.opens_at
            if window.state == InputWindow.NOT_YET_OPEN
            else None,
            "contributions_publisher": publisher_of(self, request),
            "contributions_page": page_obj,
            "contributions_count": paginator.count,
            "contributions_ordering": ordering,
            "contributions_open": is_open,
            "contribution_form": self._contribution_form(form, is_open),
            "contribution_form_template": self.get_contribution_template("form.html"),
            "report_form_class": ReportForm,
        }

    def _contribution_form(self, form, is_open):
        if form is False:
            return None
        if form is not None:
            return form
        return self.get_contribution_form_class().for_page(self) if is_open else None

    # --- routes ------------------------------------------------------------------------
    @path("synpunkter/", name="contribution_submit")
    def contribution_submit(self, request):
        from ..contributions.views import submit_contribution  # the views import the models

        return submit_contribution(self, request)

    @path("synpunkter/tack/", name="contribution_thanks")
    def contribution_thanks(self, request):
        from ..contributions.views import contribution_thanks  # the views import the models

        return contribution_thanks(self, request)

    @path("bekrafta/<str:token>/", name="contribution_confirm")
    def contribution_confirm(self, request, token):
        from ..contributions.views import confirm_contribution  # the views import the models

        return confirm_contribution(self, request, token)

    @path("bekrafta-igen/", name="contribution_resend")
    def contribution_resend(self, request):
        from ..contributions.views import resend_confirmation  # the views import the models

        return resend_confirmation(self, request)

    @path("anmal/<int:pk>/", name="contribution_report")
    def contribution_report(self, request, pk):
        from ..contributions.views import report_contribution  # the views import the models

        return report_contribution(self, request, pk)

    @cached_property
    def contributions_url(self):
        return self.url + self.reverse_subpage("contribution_submit")


def participation_page_models():
    """Concrete page models with :class:`ParticipationMixin`."""

    return [
        model
        for model in apps.get_models()
        if issubclass(model, ParticipationMixin) and not model._meta.abstract
    ]
