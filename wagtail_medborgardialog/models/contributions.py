"""Citizen contributions (synpunkter) on participatory pages, and the mixin that adds them.

Status changes happen only in :mod:`wagtail_medborgardialog.moderation`; this module holds the
data, the public routes and the visibility rule. Every public channel (page, report route,
search text, API, citations, e-mails) asks it in one of two forms that apply the same rule:

* ``page.public_contributions()`` for one page (:meth:`ParticipationMixin.public_contributions`);
* ``Contribution.objects.public()`` across pages, and :func:`is_public` for one row.

Both narrow :meth:`ContributionQuerySet.visible` (published, live, unrestricted page) by the
page type's own rule, e.g. a consultation that hides its answers until it closes.
"""

from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from ..conf import get_setting
from ..contributions.forms import ContributionForm, ReportForm


def ancestor_paths(path):
    """The tree paths of the page at ``path`` and of every ancestor, root first."""
    path = path or ""
    return [path[:end] for end in range(Page.steplen, len(path) + 1, Page.steplen)]


class ContributionStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    UNPUBLISHED = "unpublished", _("Unpublished")


class ContributionChannel(models.TextChoices):
    WEB = "web", _("Web form")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: a moderator approves before publishing")
    POST = "post", _("Post-moderation: published at once, moderated afterwards")


class ContributionQuerySet(models.QuerySet):
    def visible(self):
        """What the public may see: published, on a live page not under a view restriction.

        Every public channel (page, API, search, feeds, public exports, e-mails) uses this.
        """
        # A restriction covers its page and all descendants, i.e. every page whose tree path
        # starts with the restricted page's path. Done as a subquery so this stays lazy.
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("page__path"), 1, Length("page__path"))
        )
        return self.filter(status=ContributionStatus.PUBLISHED, page__live=True).exclude(
            Exists(restricted)
        )

    def visible_on(self, page):
        """``visible().for_page(page)``, with the view-restriction check done once for the page.

        ``visible()`` checks restrictions per row, which a page with thousands of published
        contributions pays for on every view; here they are looked up by the page's own
        ancestor paths, and liveness by the page's own row: subqueries the database runs once.
        """
        restricted = PageViewRestriction.objects.filter(page__path__in=ancestor_paths(page.path))
        live = Page.objects.filter(pk=page.pk, live=True)
        return (
            self.filter(page_id=page.pk, status=ContributionStatus.PUBLISHED)
            .filter(Exists(live))
            .exclude(Exists(restricted))
        )

    def public(self, now=None):
        """:meth:`visible`, minus the rows that page types hide (``pages_hiding_contributions``).

        The cross-page form of ``page.public_contributions()``, for channels that list
        contributions of many pages (contract citations).
        """
        queryset = self.visible()
        for model in participation_page_models():
            hiding = model.pages_hiding_contributions(now)
            if hiding is not None:
                queryset = queryset.exclude(page_id__in=hiding.values("pk"))
        return queryset

    def for_page(self, page):
        return self.filter(page_id=page.pk)

    def pending(self):
        return self.filter(status=ContributionStatus.PENDING)

    def reported(self):
        """Published contributions reported since a moderator last decided on them."""
        newer = ContributionReport.objects.filter(
            contribution=OuterRef("pk"),
            created_at__gte=Coalesce(OuterRef("moderated_at"), OuterRef("published_at")),
        )
        return self.filter(status=ContributionStatus.PUBLISHED).filter(Exists(newer))

    def moderatable_by(self, user):
        """Contributions ``user`` may moderate (see :mod:`wagtail_medborgardialog.permissions`)."""
        from ..permissions import moderatable_contributions  # permissions imports the models

        return self.filter(pk__in=moderatable_contributions(user).values("pk"))


class Contribution(models.Model):
    """One citizen's (or organisation's) written input on a participatory page."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="mbd_contributions",
    )
    text = models.TextField(_("text"))
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Never shown publicly."))
    organisation = models.CharField(_("on behalf of (organisation)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.UNCONFIRMED,
        db_index=True,
    )
    channel = models.CharField(
        _("channel"),
        max_length=20,
        choices=ContributionChannel.choices,
        default=ContributionChannel.WEB,
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    notify_author = models.BooleanField(
        _("notify the author"),
        default=False,
        help_text=_("The author wants e-mail when the contribution is published or answered."),
    )
    flagged_personal_number = models.BooleanField(
        _("contains a personal identity number"), default=False
    )
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A hash of the day and the text of a web submission: the unique constraint below makes
    # the duplicate check atomic, so identical parallel posts store one row.
    duplicate_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    reply = models.TextField(_("official reply"), blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(
        _("personal details removed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the e-mail address, name, organisation and IP hash were removed."),
    )

    # Consultations: a response on behalf of an invited body, and where the author lives.
    stakeholder = models.ForeignKey(
        "wagtail_medborgardialog.Stakeholder",
        verbose_name=_("on behalf of (invited body)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    area = models.ForeignKey(
        "wagtail_medborgardialog.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "status", "-published_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "duplicate_key"], name="mbd_unique_contribution_per_day"
            )
        ]
        permissions = [
            ("export_archive", _("Can export contributions for archiving")),
            ("handle_subject_request", _("Can find, export and anonymise a person's data")),
            ("hard_delete_contribution", _("Can delete a confirmed contribution for good")),
        ]

    @staticmethod
    def log_label(pk):
        """The audit log's label of a contribution: no text or name (see signal_handlers)."""
        return f"#{pk}"

    def __str__(self):
        excerpt = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"{self.public_name}: {excerpt}"

    @property
    def public_name(self):
        return self.display_name or _("Anonymous")


class ContributionReport(models.Model):
    """A citizen's report ("Anmäl") that a published contribution breaks the rules."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    reason = models.TextField(_("reason"), blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A keyed hash of the reporter's network (IPv4 /24, IPv6 /48), not of the address: reports
    # count once per network, so a few addresses of one network cannot hide a contribution.
    network_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contribution report")
        verbose_name_plural = _("contribution reports")

    def __str__(self):
        return f"{self.contribution_id} ({self.created_at:%Y-%m-%d %H:%M})"


def participation_page_models():
    """Concrete page models with :class:`ParticipationMixin`."""

    return [
        model
        for model in apps.get_models()
        if issubclass(model, ParticipationMixin) and not model._meta.abstract
    ]


def is_public(contribution):
    """Whether the public may see ``contribution``: its page's public_contributions() hold it."""
    page = contribution.page.specific
    if not isinstance(page, ParticipationMixin):
        return False
    return page.public_contributions().filter(pk=contribution.pk).exists()


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
        """``public_contributions().count()`` when a page type keeps it cheaper; None: count."""
        return None

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
        contributions = self.public_contributions().order_by(*ORDERINGS[ordering])
        paginator = Paginator(contributions, get_setting("PAGINATE_BY"))
        known = self.public_contribution_count()
        if known is not None:
            paginator.count = known  # a cached_property: set, it is never queried
        page_obj = paginator.get_page(request.GET.get("synpunkter"))
        window = self.input_window()
        is_open = window.is_open
        site = self.get_site()
        return {
            "contributions_window": window,
            "contributions_opens_at": window.opens_at
            if window.state == InputWindow.NOT_YET_OPEN
            else None,
            "contributions_publisher": (site.site_name if site else "")
            or getattr(settings, "WAGTAIL_SITE_NAME", ""),
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
