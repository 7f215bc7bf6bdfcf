"""Citizen contributions (synpunkter) on participatory pages, and the mixin that adds them.

Status changes happen only in :mod:`wagtail_medborgardialog.moderation`; this module holds the
data, the public routes and the visibility rule. Every public channel (page, report route,
search text, API, citations, e-mails) asks it in one of two forms that apply the same rule:

* ``page.public_contributions()`` for one page (:meth:`ParticipationMixin.public_contributions`);
* ``Contribution.objects.public()`` across pages, and :func:`is_public` for one row.

Both narrow :meth:`ContributionQuerySet.visible` (published, live, unrestricted page) by the
page type's own rule, e.g. a consultation that hides its answers until it closes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction

from .._moved import forwarder


def under_view_restriction(page_field="page"):
    """True for rows whose page (``page_field``) or any of its ancestors has a view restriction.

    The one rule every public channel uses for "is this page public?" over many rows: a
    restriction covers its page and all descendants, i.e. every page whose tree path starts
    with the restricted page's path. A subquery, so querysets stay lazy.
    """
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef(f"{page_field}__path"), 1, Length("page__path"))
        )
    )


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
        return self.filter(status=ContributionStatus.PUBLISHED, page__live=True).exclude(
            under_view_restriction()
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
        from .participation import participation_page_models  # participation imports this

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

    # Hybrid input said at a meeting: the meeting is its source (admin "Register input").
    meeting = models.ForeignKey(
        "wagtail_medborgardialog.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )

    # An answer a citizens' panel member sent with a personal link: one-to-one, so the
    # database keeps one answer per invitation. Culled with the invitation (panels/retention).
    panel_invitation = models.OneToOneField(
        "wagtail_medborgardialog.PanelMemberInvitation",
        verbose_name=_("panel member's invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contribution",
        editable=False,
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["page", "status", "-published_at"]),
            # The moderation queue filtered to one status, in order of arrival: the page of
            # 20 is read from this index instead of sorting every row of that status.
            models.Index(fields=["status", "created_at"], name="mbd_contribution_queue"),
        ]
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


def is_public(contribution):
    """Whether the public may see ``contribution``: its page's public_contributions() hold it."""
    from .participation import ParticipationMixin  # participation imports this module

    page = contribution.page.specific
    if not isinstance(page, ParticipationMixin):
        return False
    return page.public_contributions().filter(pk=contribution.pk).exists()


# Names that moved in 0.2, still found here for one release (CHANGELOG.md).
__getattr__ = forwarder(
    "models.contributions",
    "models.participation",
    "models.site_settings",
    names={
        "InputWindow",
        "MedborgardialogSettings",
        "ORDERINGS",
        "ParticipationMixin",
        "PublicContributionsField",
        "participation_page_models",
    },
)
