"""E-förslag: citizens' proposals that collect signatures towards a threshold within a window,
and that the council or a committee must answer once they pass.

The index page holds the municipality's local rules (threshold, window, screening criteria,
repeat ban, minimum age, answer deadline, identity level). A proposal (:class:`EProposal`) is a
row keyed to its index page, not a page of its own: it is written by a citizen, screened by
the index's moderators and moves through the states of :class:`EProposalStatus`, each change
made by one function in ``e_proposals/status.py``.

A :class:`Signature` names its signer only by a keyed identity hash (``identity.py``), unique
per proposal in the database, which is what keeps it to one per person, also under parallel
requests and across the online and paper channels.
"""

import datetime
import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..identity import IdentityLevel, SignatureChannel
from .base import AbstractMedborgardialogPage
from .taxonomy import Area, SustainableDevelopmentGoal, Topic


class ThresholdKind(models.TextChoices):
    NUMBER = "number", _("A number of signatures")
    PER_MILLE = "per_mille", _("Per mille of the population")


class ProposalLanguage(models.TextChoices):
    """The language a proposal is written in: Swedish, English, or one of the national
    minority languages of lag (2009:724) om nationella minoriteter och minoritetsspråk."""

    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    FINNISH = "fi", _("Finnish (suomi)")
    MEANKIELI = "fit", _("Meänkieli")
    NORTHERN_SAMI = "se", _("Northern Sami (davvisámegiella)")
    LULE_SAMI = "smj", _("Lule Sami (julevsámegiella)")
    SOUTHERN_SAMI = "sma", _("Southern Sami (åarjelsaemien gïele)")
    UME_SAMI = "sju", _("Ume Sami (ubmejesámiengiälla)")
    PITE_SAMI = "sje", _("Pite Sami (bidumsámegiella)")
    ROMANI = "rom", _("Romani chib")
    YIDDISH = "yi", _("Yiddish (yidish)")


# The national minority languages (lag 2009:724, 7 §): Finnish, Meänkieli, the Sami
# languages, Romani chib and Yiddish.
NATIONAL_MINORITY_LANGUAGES = frozenset(
    {
        ProposalLanguage.FINNISH,
        ProposalLanguage.MEANKIELI,
        ProposalLanguage.NORTHERN_SAMI,
        ProposalLanguage.LULE_SAMI,
        ProposalLanguage.SOUTHERN_SAMI,
        ProposalLanguage.UME_SAMI,
        ProposalLanguage.PITE_SAMI,
        ProposalLanguage.ROMANI,
        ProposalLanguage.YIDDISH,
    }
)


class EProposalStatus(models.TextChoices):
    """The life of a proposal; ``e_proposals/status.py`` holds the allowed moves."""

    SUBMITTED = "submitted", _("Awaiting the proposer's confirmation")
    SCREENING = "screening", _("Being screened")
    REFUSED = "refused", _("Not accepted for signing")
    OPEN = "open", _("Open for signatures")
    PASSED = "passed", _("Reached the threshold")
    NOT_PASSED = "not_passed", _("Did not reach the threshold")
    REFERRED = "referred", _("Referred for decision")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# Statuses the public sees (the rest are the proposer's and the moderators' only).
PUBLIC_STATUSES = (
    EProposalStatus.OPEN,
    EProposalStatus.PASSED,
    EProposalStatus.NOT_PASSED,
    EProposalStatus.REFERRED,
    EProposalStatus.ANSWERED,
    EProposalStatus.CLOSED,
)
# Statuses that owe an answer: the answer clock runs from passing the threshold.
AWAITING_ANSWER = (EProposalStatus.PASSED, EProposalStatus.REFERRED)


class AnswerKind(models.TextChoices):
    APPROVED = "bifall", _("Approved (bifall)")
    REJECTED = "avslag", _("Rejected (avslag)")
    ANSWERED = "besvarad", _("Answered (besvarad)")


# The criteria a new index starts with; editors may change them (the refusal reason picks one).
DEFAULT_SCREENING_CRITERIA = [
    _("The proposal concerns an individual case or the exercise of public authority."),
    _("The proposal is offensive, discriminatory or otherwise inappropriate."),
    _("The proposal is outside the municipality's competence."),
    _("The proposal repeats a proposal or decision of the repeat-ban period."),
    _("The proposal contains personal data or is not a proposal."),
]


def add_months(day, months):
    """``day`` plus ``months`` calendar months (the last day of a shorter month)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


class AbstractEProposalIndexPage(AbstractMedborgardialogPage):
    """The e-förslag of one municipality: its rules, and the list and routes of its proposals.

    Routes (``e_proposals/routes.py``) live below the page: the list, ``nytt/`` (propose),
    ``<id>/`` (a proposal and its sign form) and the personal links.
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What e-proposals are and how they are handled here."),
    )
    municipality_name = models.CharField(
        _("municipality name"),
        max_length=100,
        blank=True,
        help_text=_("Used in the declaration “I live, work or study in …”."),
    )
    threshold_kind = models.CharField(
        _("threshold given as"),
        max_length=16,
        choices=ThresholdKind.choices,
        default=ThresholdKind.NUMBER,
    )
    threshold_number = models.PositiveIntegerField(
        _("signatures needed"), default=50, validators=[MinValueValidator(1)]
    )
    threshold_per_mille = models.DecimalField(
        _("per mille of the population"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("E.g. 1 for 1 ‰ (Luleå)."),
    )
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("The population figure the per mille threshold is taken of."),
    )
    window_days = models.PositiveIntegerField(
        _("signing window in days"), default=90, validators=[MinValueValidator(1)]
    )
    repeat_ban_months = models.PositiveIntegerField(
        _("repeat ban in months"),
        default=12,
        help_text=_("A proposal repeating one of this period may be refused at screening."),
    )
    minimum_age = models.PositiveIntegerField(
        _("minimum age to sign"), null=True, blank=True, default=16
    )
    minority_languages_skip_signing = models.BooleanField(
        _("proposals in a national minority language go straight to referral without signing"),
        default=True,
        help_text=_(
            "Once screened and accepted, a proposal in Finnish, Meänkieli, a Sami language, "
            "Romani chib or Yiddish is referred for decision without collecting signatures; "
            "the answer clock starts at screening."
        ),
    )
    answer_deadline_months = models.PositiveIntegerField(
        _("answer deadline in months"),
        default=6,
        help_text=_("Months from passing the threshold within which the answer is owed."),
    )
    identity_level = models.CharField(
        _("identity of signers"),
        max_length=16,
        choices=IdentityLevel.choices,
        default=IdentityLevel.EMAIL,
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    rules_panels = [
        FieldPanel("municipality_name"),
        MultiFieldPanel(
            [
                FieldPanel("threshold_kind"),
                FieldRowPanel(
                    [
                        FieldPanel("threshold_number"),
                        FieldPanel("threshold_per_mille"),
                        FieldPanel("population"),
                    ]
                ),
                FieldPanel("window_days"),
            ],
            heading=_("Threshold and window"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("identity_level"),
                FieldPanel("minimum_age"),
            ],
            heading=_("Signers"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("repeat_ban_months"),
                FieldPanel("minority_languages_skip_signing"),
                InlinePanel("screening_criteria", label=_("Screening criterion")),
            ],
            heading=_("Screening"),
        ),
        FieldPanel("answer_deadline_months"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    default_template = "wagtail_medborgardialog/e_proposals/index_page.html"

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "edit_handler" not in cls.__dict__:
            cls.edit_handler = TabbedInterface(
                [
                    ObjectList(cls.content_panels, heading=_("Content")),
                    ObjectList(cls.rules_panels, heading=_("Rules")),
                    ObjectList(cls.promote_panels, heading=_("Promote")),
                    ObjectList(cls.settings_panels, heading=_("Settings")),
                ]
            )

    def get_template(self, request, *args, **kwargs):
        return [super().get_template(request, *args, **kwargs), self.default_template]

    def clean(self):
        super().clean()
        if self.threshold_kind == ThresholdKind.PER_MILLE and not (
            self.threshold_per_mille and self.population
        ):
            raise ValidationError(
                {
                    "threshold_per_mille": _(
                        "A per mille threshold needs the per mille and the population."
                    )
                }
            )

    def save(self, *args, **kwargs):
        # A new index starts with the usual Swedish screening criteria.
        if self._state.adding and not self.screening_criteria.all():
            self.screening_criteria = [
                EProposalCriterion(text=str(text)) for text in DEFAULT_SCREENING_CRITERIA
            ]
        return super().save(*args, **kwargs)

    # --- the rules -----------------------------------------------------------------------
    def current_threshold(self):
        """Signatures a proposal opened now needs."""
        if self.threshold_kind == ThresholdKind.PER_MILLE and self.threshold_per_mille:
            needed = Decimal(self.population or 0) * self.threshold_per_mille / Decimal(1000)
            return max(1, math.ceil(needed))
        return max(1, self.threshold_number)

    def answer_due(self, passed_on):
        return add_months(passed_on, self.answer_deadline_months)

    def repeat_ban_start(self, today=None):
        return add_months(today or timezone.localdate(), -self.repeat_ban_months)

    def requires_eid(self):
        return self.identity_level == IdentityLevel.EID

    def skips_signing(self, proposal):
        """Whether ``proposal``, once accepted at screening, goes straight to referral."""
        return bool(
            self.minority_languages_skip_signing
            and proposal.text_language in NATIONAL_MINORITY_LANGUAGES
        )

    # --- routes (e_proposals.views imports the models) ------------------------------------
    def get_context(self, request, *args, **kwargs):
        from ..e_proposals.views import index_context  # the views import the models

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context

    @path("nytt/", name="e_proposal_submit")
    def e_proposal_submit(self, request):
        from ..e_proposals import views  # the views import the models

        return views.submit(self, request)

    @path("bekrafta/<str:token>/", name="e_proposal_confirm")
    def e_proposal_confirm(self, request, token):
        from ..e_proposals import views  # the views import the models

        return views.confirm_proposal(self, request, token)

    @path("<int:proposal_id>/", name="e_proposal_detail")
    def e_proposal_detail(self, request, proposal_id):
        from ..e_proposals import views  # the views import the models

        return views.detail(self, request, proposal_id)

    @path("<int:proposal_id>/e-legitimation/", name="e_proposal_eid_begin")
    def e_proposal_eid_begin(self, request, proposal_id):
        from ..e_proposals import views  # the views import the models

        return views.eid_begin(self, request, proposal_id)

    @path("<int:proposal_id>/e-legitimation/retur/", name="e_proposal_eid_return")
    def e_proposal_eid_return(self, request, proposal_id):
        from ..e_proposals import views  # the views import the models

        return views.eid_return(self, request, proposal_id)

    @path("underskrift/<str:token>/", name="e_proposal_signature_confirm")
    def e_proposal_signature_confirm(self, request, token):
        from ..e_proposals import views  # the views import the models

        return views.confirm_signature(self, request, token)

    @path("aterkalla/<str:token>/", name="e_proposal_withdraw")
    def e_proposal_withdraw(self, request, token):
        from ..e_proposals import views  # the views import the models

        return views.withdraw(self, request, token)


class EProposalIndexPage(AbstractEProposalIndexPage):
    """The plugin's e-förslag index page."""

    subpage_types = []
    template = "wagtail_medborgardialog/e_proposals/index_page.html"

    class Meta:
        verbose_name = _("e-proposals index")
        verbose_name_plural = _("e-proposals indexes")


class EProposalCriterion(Orderable):
    """One screening criterion of an index; a refusal names one of them."""

    page = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="screening_criteria"
    )
    text = models.CharField(_("criterion"), max_length=255)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")

    def __str__(self):
        return self.text


class EProposalQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def awaiting_answer(self):
        return self.filter(status__in=AWAITING_ANSWER)


class EProposal(models.Model):
    """A citizen's proposal below an e-förslag index page."""

    # Proposals are public records: the index page cannot be deleted while it has any
    # (admin/e_proposals.refuse_deleting_proposals says so in the admin).
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("e-proposals index"),
        on_delete=models.PROTECT,
        related_name="e_proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    proposal = models.TextField(_("proposal"))
    why = models.TextField(_("why"), blank=True)
    proposer_name = models.CharField(_("proposer's name"), max_length=200)
    proposer_email = models.EmailField(_("proposer's e-mail"), blank=True)
    show_name = models.BooleanField(_("show the proposer's name"), default=True)
    # The language of the site when the proposal was made: the proposer's e-mails use it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    text_language = models.CharField(
        _("language of the proposal"),
        max_length=8,
        choices=ProposalLanguage.choices,
        default=ProposalLanguage.SWEDISH,
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), blank=True, related_name="+")
    sdg_goals = models.ManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("Agenda 2030 goals"),
        blank=True,
        related_name="+",
    )

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EProposalStatus.choices,
        default=EProposalStatus.SUBMITTED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    refusal_criterion = models.ForeignKey(
        EProposalCriterion,
        verbose_name=_("refusal criterion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refusal_criterion_text = models.CharField(_("refusal criterion"), max_length=255, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    opened_at = models.DateTimeField(_("opened for signatures at"), null=True, blank=True)
    window_ends_at = models.DateTimeField(_("signing closes at"), null=True, blank=True)
    threshold = models.PositiveIntegerField(
        _("threshold"), null=True, blank=True, help_text=_("Frozen when the proposal opened.")
    )
    passed_at = models.DateTimeField(_("threshold reached at"), null=True, blank=True)
    signing_skipped = models.BooleanField(
        _("referred without signing"),
        default=False,
        help_text=_("Written in a national minority language: passed at screening, no signing."),
    )
    not_passed_at = models.DateTimeField(
        _("window ended without the threshold at"), null=True, blank=True
    )
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    referral = models.OneToOneField(
        "wagtail_medborgardialog.Decision",
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="e_proposal_referred",
    )
    answer = models.OneToOneField(
        "wagtail_medborgardialog.Decision",
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="e_proposal_answered",
    )
    answer_kind = models.CharField(
        _("answer"), max_length=16, choices=AnswerKind.choices, blank=True
    )
    signature_count = models.PositiveIntegerField(_("signatures"), default=0)
    online_count = models.PositiveIntegerField(_("online signatures"), default=0)
    paper_count = models.PositiveIntegerField(_("paper signatures"), default=0)
    # Which progress notices the proposer has had (50 and 100 per cent).
    notified_percent = models.PositiveSmallIntegerField(default=0, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True
    )

    objects = EProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-proposal")
        verbose_name_plural = _("e-proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "status", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def public_name(self):
        return self.proposer_name if self.show_name and self.proposer_name else ""

    def in_minority_language(self):
        return self.text_language in NATIONAL_MINORITY_LANGUAGES

    def is_public(self):
        return self.status in PUBLIC_STATUSES

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.status == EProposalStatus.OPEN and bool(
            self.window_ends_at and now < self.window_ends_at
        )

    def window_has_ended(self, now=None):
        return bool(self.window_ends_at and (now or timezone.now()) >= self.window_ends_at)

    def days_left(self, now=None):
        if not self.window_ends_at:
            return 0
        remaining = self.window_ends_at - (now or timezone.now())
        return max(0, math.ceil(remaining.total_seconds() / 86400))

    def percent(self):
        if not self.threshold:
            return 0
        return min(100, self.signature_count * 100 // self.threshold)

    def days_overdue(self, today=None):
        if not self.answer_due or self.status not in AWAITING_ANSWER:
            return 0
        return max(0, ((today or timezone.localdate()) - self.answer_due).days)

    @staticmethod
    def log_label(pk):
        return f"#{pk}"


class Signature(models.Model):
    """One person's support of one proposal; the person only as a scoped identity hash."""

    proposal = models.ForeignKey(
        EProposal,
        verbose_name=_("e-proposal"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    identity_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField(
        _("channel"),
        max_length=16,
        choices=SignatureChannel.choices,
        default=SignatureChannel.ONLINE,
    )
    level = models.CharField(_("identity level"), max_length=16, choices=IdentityLevel.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_on = models.DateField(_("signed on"), default=datetime.date.today)
    display_name = models.CharField(
        _("name shown"),
        max_length=100,
        blank=True,
        help_text=_("Only when the signer chose to show it."),
    )
    wants_outcome = models.BooleanField(_("wants to hear the outcome"), default=False)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_(
            "Kept only until confirmed, or until the answer when the outcome was asked for."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, db_index=True)
    network_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "identity_hash"], name="mbd_signature_one_per_person"
            )
        ]
        indexes = [models.Index(fields=["proposal", "confirmed_at"])]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def counted(self):
        return self.confirmed_at is not None
