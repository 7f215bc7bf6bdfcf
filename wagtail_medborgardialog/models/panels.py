"""Citizens' panels (medborgarpanel) and citizens' assemblies (medborgarråd).

``AbstractCitizenPanelPage`` carries the fields, routes and panels; ``CitizenPanelPage`` is the
plugin's thin concrete page. Recruitment has two stages: invitation codes for a random sample
(drawn from the population register outside the plugin) or open volunteering, then a draw among
the confirmed volunteers that meets the quotas (``panels/selection.py``).

The rows (quotas, invitations, volunteers, draws) point at the base page model, like the
contract's rows, so a site's own panel page built from the abstract base has them too.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..panels.selection import mixed_seed
from .base import MedborgardialogPageMixin
from .feedback import PageFeedbackMixin

PAGE_MODEL = getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page")
PANEL_TEMPLATE = "wagtail_medborgardialog/panels/citizen_panel_page.html"


class PanelKind(models.TextChoices):
    STANDING = "standing", _("Standing citizens' panel")
    ASSEMBLY = "assembly", _("Citizens' assembly")


class RecommendationResponse(models.TextChoices):
    """The council's answer to one recommendation, in the words of Swedish minutes."""

    PENDING = "", pgettext_lazy("recommendation", "Not yet answered")
    ADOPTED = "adopted", pgettext_lazy("recommendation", "Adopted")
    PARTLY = "partly", pgettext_lazy("recommendation", "Partly adopted")
    REJECTED = "rejected", pgettext_lazy("recommendation", "Rejected")
    ANSWERED = "answered", pgettext_lazy("recommendation", "Answered")


class Recruitment(models.TextChoices):
    INVITED = "invited", _("Invitation only (one-time codes sent by letter)")
    OPEN = "open", _("Open to everyone who may take part")


class AbstractCitizenPanelPage(
    MedborgardialogPageMixin, RoutablePageMixin, PageFeedbackMixin, models.Model
):
    """Fields, routes and panels of a citizens' panel or assembly page."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=PanelKind.choices, default=PanelKind.ASSEMBLY
    )
    purpose = RichTextField(_("purpose"), blank=True)
    size = models.PositiveSmallIntegerField(
        _("number of seats"), default=40, help_text=_("How many members the draw selects.")
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(
        _("term ends"),
        null=True,
        blank=True,
        help_text=_("Volunteers' personal data is removed a set number of days after this."),
    )
    eligibility = models.TextField(
        _("who may take part"),
        blank=True,
        help_text=_("For example: everyone aged 16 or over registered in the municipality."),
    )
    recruitment = models.CharField(
        _("recruitment"), max_length=16, choices=Recruitment.choices, default=Recruitment.INVITED
    )
    volunteering_open = models.BooleanField(
        _("volunteering is open"),
        default=True,
        help_text=_("Untick when the volunteering period has ended."),
    )
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        default=_(
            "We process your personal data because it is necessary for a task carried out "
            "in the public interest (GDPR article 6.1 e). Answers that reveal your opinions "
            "or health are processed only with your explicit consent (article 9.2 a)."
        ),
        help_text=_("Shown next to the consent on the volunteer form."),
    )
    privacy_text = RichTextField(
        _("privacy text"),
        blank=True,
        help_text=_("What happens to the volunteers' data: who sees it and when it is removed."),
    )

    panel_panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("size")]),
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
        FieldPanel("eligibility"),
        FieldRowPanel([FieldPanel("recruitment"), FieldPanel("volunteering_open")]),
        InlinePanel(
            "panel_quotas",
            heading=_("Categories and seats"),
            label=_("category value"),
            help_text=_(
                "One row per value of each category (for example Gender: Woman), with the "
                "least and most seats the panel gives it."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("legal_basis"), FieldPanel("privacy_text")],
            heading=_("Privacy"),
        ),
        InlinePanel(
            "panel_recommendations",
            heading=_("Recommendations and the response"),
            label=_("recommendation"),
            help_text=_(
                "The assembly's recommendations as it handed them over, each with the "
                "council's answer and the decision (of the kind Response) that gave it."
            ),
        ),
    ]
    content_panels = Page.content_panels + panel_panels
    search_fields = Page.search_fields + [index.SearchField("purpose")]
    subpage_types = []
    template = PANEL_TEMPLATE

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        own = super().get_template(request, *args, **kwargs)
        return own if own == PANEL_TEMPLATE else [own, PANEL_TEMPLATE]

    def categories(self):
        """[(category, [(value, min, max), ...]), ...] in the editors' order."""
        out: dict[str, list] = {}
        for row in self.panel_quotas.all():
            out.setdefault(row.category, []).append(row)
        return list(out.items())

    def latest_draw(self):
        return PanelDraw.objects.filter(page=self).order_by("-pk").first()

    def accepts_volunteers(self):
        draw = self.latest_draw()
        return self.volunteering_open and draw is None

    def get_context(self, request, *args, **kwargs):
        from ..panels.views import panel_context  # cycle: the views import the models

        context = super().get_context(request, *args, **kwargs)
        context.update(panel_context(self, request))
        return context

    @path("anmalan/", name="panel_volunteer")
    def volunteer_view(self, request):
        from ..panels.views import volunteer  # cycle: the views import the models

        return volunteer(self, request)

    @re_path(r"^bekrafta/(?P<token>[\w-]+)/$", name="panel_confirm")
    def confirm_view(self, request, token):
        from ..panels.views import confirm  # cycle: the views import the models

        return confirm(self, request, token)

    @re_path(r"^aterta/(?P<token>[\w-]+)/$", name="panel_withdraw")
    def withdraw_view(self, request, token):
        from ..panels.views import withdraw  # cycle: the views import the models

        return withdraw(self, request, token)

    @path("lottning/", name="panel_pool")
    def pool_view(self, request):
        from ..panels.views import pool_file  # cycle: the views import the models

        return pool_file(self, request)


class CitizenPanelPage(AbstractCitizenPanelPage, Page):  # noqa: DJ008 - Page's title
    """A citizens' panel or assembly recruited by a fair, verifiable lottery."""

    template = PANEL_TEMPLATE

    class Meta:
        verbose_name = _("citizens' panel")
        verbose_name_plural = _("citizens' panels")


class PanelQuota(Orderable):
    """One value of one category, with the least and most seats the panel gives it."""

    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="panel_quotas")
    category = models.CharField(_("category"), max_length=100)
    value = models.CharField(_("value"), max_length=100)
    min_seats = models.PositiveSmallIntegerField(_("least seats"), default=0)
    max_seats = models.PositiveSmallIntegerField(_("most seats"))

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("min_seats"), FieldPanel("max_seats")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("category value")
        verbose_name_plural = _("categories and seats")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "category", "value"], name="mbd_panel_quota_unique"
            )
        ]

    def clean(self):
        super().clean()
        if self.max_seats is not None and self.max_seats < self.min_seats:
            raise ValidationError(
                {"max_seats": _("The most seats cannot be fewer than the least seats.")}
            )

    def __str__(self):
        return f"{self.category}: {self.value}"


class PanelRecommendation(Orderable):
    """One recommendation of the assembly, with the council's response.

    The response is a ``Decision`` from the decision register (kind Response): the deciding
    body, date, paragraph and case number live there, once, as for every other decision.
    """

    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="panel_recommendations")
    title = models.CharField(_("recommendation"), max_length=255)
    text = models.TextField(_("the recommendation in full"), blank=True)
    handed_over = models.DateField(_("handed over"), null=True, blank=True)
    response = models.CharField(
        _("response"),
        max_length=16,
        blank=True,
        choices=RecommendationResponse.choices,
        default=RecommendationResponse.PENDING,
    )
    response_text = models.TextField(
        _("the response"), blank=True, help_text=_("What the council answered, and why.")
    )
    decision = models.ForeignKey(
        "wagtail_medborgardialog.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "response"},
        help_text=_("The recorded decision (of the kind Response) that answered it."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("handed_over"),
        FieldRowPanel([FieldPanel("response"), FieldPanel("decision")]),
        FieldPanel("response_text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def clean(self):
        super().clean()
        if self.decision_id and not self.response:
            raise ValidationError(
                {"response": _("Say what the response was, or remove the decision.")}
            )
        if self.response and not (self.decision_id or self.response_text.strip()):
            raise ValidationError(
                {"response_text": _("Give the response's text or the decision that gave it.")}
            )

    def __str__(self):
        return self.title


class PanelInvitation(models.Model):
    """A one-time code sent by letter; only its hash is kept, and it can be used once."""

    page = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    batch = models.PositiveIntegerField(_("batch"), default=1)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("panel invitation")
        verbose_name_plural = _("panel invitations")

    def __str__(self):
        return f"{self.page_id}/{self.pk}"


class Volunteer(models.Model):
    """A person who volunteered (intresseanmälan) for a panel."""

    page = models.ForeignKey(
        PAGE_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("panel")
    )
    # The pseudonym names the volunteer in the published pool; it is never personal data.
    pseudonym = models.CharField(_("pseudonym"), max_length=16, editable=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    answers = models.JSONField(_("category answers"), default=dict)
    invitation = models.OneToOneField(
        PanelInvitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    identity_hash = models.CharField(max_length=64, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("volunteered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "identity_hash"],
                condition=~models.Q(identity_hash=""),
                name="mbd_volunteer_one_per_person",
            ),
            models.UniqueConstraint(fields=["page", "pseudonym"], name="mbd_volunteer_pseudonym"),
        ]

    def save(self, *args, **kwargs):
        if not self.pseudonym:
            self.pseudonym = new_pseudonym()
        super().save(*args, **kwargs)

    def __str__(self):
        return self.pseudonym

    @property
    def in_pool(self):
        return self.confirmed_at is not None and self.withdrawn_at is None


def new_pseudonym():
    return "v" + secrets.token_hex(5)


class PanelDraw(models.Model):
    """One draw: committed first (hashes published), then run with the seed revealed."""

    page = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    pool = models.JSONField(_("anonymised pool"))
    pool_hash = models.CharField(_("pool hash (SHA-256)"), max_length=64)
    lottery = models.JSONField(_("lottery"))
    lottery_hash = models.CharField(_("lottery hash (SHA-256)"), max_length=64)
    seed_hash = models.CharField(_("seed commitment (SHA-256)"), max_length=64)
    # Kept secret (not shown anywhere) until the draw is run.
    seed = models.CharField(max_length=64)
    # Public randomness: named in the commitment, entered at the draw, mixed into the seed.
    public_source = models.TextField(
        _("public random source"),
        blank=True,
        help_text=_(
            "Where the public random value will come from, for example the winning numbers "
            "of a named public lottery draw after the commitment. Published with the "
            "commitment."
        ),
    )
    public_value = models.CharField(
        _("public random value"),
        max_length=200,
        blank=True,
        help_text=_("The value from that source, entered at the draw."),
    )
    probabilities = models.JSONField(_("selection probabilities"), default=dict)
    greedy_probabilities = models.JSONField(_("greedy draw's probabilities"), default=dict)
    figures = models.JSONField(_("fairness figures"), default=dict)
    committed_at = models.DateTimeField(_("committed"), default=timezone.now)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    panel = models.JSONField(_("drawn panel"), default=list)

    class Meta:
        verbose_name = _("panel draw")
        verbose_name_plural = _("panel draws")
        # One draw per panel: a second commitment could be used to pick a favourable seed.
        constraints = [models.UniqueConstraint(fields=["page"], name="mbd_panel_draw_one_per_page")]

    def __str__(self):
        return f"{self.page_id}: {self.pool_hash[:12]}"

    @property
    def is_drawn(self):
        return self.drawn_at is not None

    def revealed_seed(self):
        return self.seed if self.is_drawn else ""

    def draw_seed(self):
        """The seed the draw and the replacements use (mixed with the public value)."""
        return mixed_seed(self.seed, self.public_value)


class PanelReplacement(models.Model):
    """A member who declined, and who took the seat (drawn from the seed and the number)."""

    draw = models.ForeignKey(PanelDraw, on_delete=models.CASCADE, related_name="replacements")
    number = models.PositiveSmallIntegerField()
    leaving = models.CharField(max_length=16)
    joining = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "number"], name="mbd_panel_replacement_no"),
            models.UniqueConstraint(fields=["draw", "leaving"], name="mbd_panel_replacement_once"),
        ]

    def __str__(self):
        return f"{self.leaving} → {self.joining}"


class PanelConsultation(models.Model):
    """A consultation that only the members of a citizens' panel may answer.

    One row per consultation page (the gate); ``panel`` is the panel page whose current
    members (the drawn panel after replacements) get a personal invitation each. The rows
    point at the base page model, so a site's own consultation and panel pages have them too.
    When the panel page is removed the gate stays, answerable by nobody, rather than opening
    the consultation to the public.
    """

    page = models.OneToOneField(
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="mbd_panel_gate",
        verbose_name=_("consultation"),
    )
    panel = models.ForeignKey(
        PAGE_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("citizens' panel"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consultation for a citizens' panel")
        verbose_name_plural = _("consultations for citizens' panels")

    def __str__(self):
        return f"{self.page_id} → {self.panel_id}"


class PanelMemberInvitation(models.Model):
    """One member's personal invitation to answer a panel's consultation.

    The personal link is a signed token naming this row (``identity.make_link_token``); the
    answer points back here through ``Contribution.panel_invitation``, a one-to-one field, so
    the database keeps one answer per invitation. The row (which member answered) is kept
    only for that, and removed by ``panels/retention.py``.
    """

    gate = models.ForeignKey(
        PanelConsultation, on_delete=models.CASCADE, related_name="invitations"
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=1)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("panel member's invitation")
        verbose_name_plural = _("panel members' invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["gate", "volunteer"], name="mbd_panel_member_invitation_once"
            )
        ]

    def __str__(self):
        return f"{self.gate_id}/{self.volunteer_id}"
