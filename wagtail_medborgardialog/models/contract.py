"""Local community contracts (lokala samhällskontrakt): parties, commitments, follow-up."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.admin.panels.base import get_form_for_model
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..contracts.forms import CommitmentForm, CommunityContractForm
from ..sdg import GOALS_BY_NUMBER, goal_choices
from .base import MedborgardialogPageMixin


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("Under negotiation")
    ADOPTED = "adopted", _("Adopted")
    FOLLOW_UP = "follow_up", _("Under follow-up")
    CONCLUDED = "concluded", _("Concluded")


# A contract in these states rests on a political decision that must be on record.
DECISION_REQUIRED_STATUSES = {
    ContractStatus.ADOPTED,
    ContractStatus.FOLLOW_UP,
    ContractStatus.CONCLUDED,
}
# Follow-up updates are recorded only once a contract has been adopted.
FOLLOW_UP_STATUSES = {ContractStatus.ADOPTED, ContractStatus.FOLLOW_UP}


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


def contract_decision_errors(page):
    """Errors per field when ``page``'s status needs a political decision it lacks.

    The one place that decides whether a contract may be adopted; returns ``{}`` when it may.
    """
    if page.contract_status not in DECISION_REQUIRED_STATUSES:
        return {}
    message = _("An adopted contract needs the political decision: fill in this field.")
    errors = {}
    for name in ("deciding_body", "decision_date", "case_number"):
        value = getattr(page, name)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            errors[name] = message
    return errors


class GoalLinksMixin:
    """Reading the goal numbers of a ``goal_links`` child relation."""

    def goal_numbers(self):
        return sorted(link.goal for link in self.goal_links.all())

    def goals(self):
        """The goals as :class:`~wagtail_medborgardialog.sdg.Goal` objects, by number."""
        return [GOALS_BY_NUMBER[n] for n in self.goal_numbers() if n in GOALS_BY_NUMBER]


class CommitmentInlinePanel(InlinePanel):
    """An InlinePanel whose commitment forms carry the Agenda 2030 goal checkboxes."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=CommitmentForm,
            fields=formset["fields"],
            widgets=formset["widgets"],
        )
        return options


class CommunityContractMixin(GoalLinksMixin, models.Model):
    """Fields and public routes of a community contract; the concrete page adds the tree rules."""

    vision = RichTextField(_("shared vision"), blank=True)
    background = RichTextField(_("background"), blank=True)
    rights = RichTextField(_("rights"), blank=True)
    obligations = RichTextField(_("obligations"), blank=True)
    participation = RichTextField(_("participation"), blank=True)
    human_rights_principles = RichTextField(
        _("human rights principles"),
        blank=True,
        help_text=_("The human rights principles the contract rests on."),
    )
    contract_status = models.CharField(
        _("contract status"),
        max_length=16,
        choices=ContractStatus.choices,
        default=ContractStatus.DRAFT,
    )
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=255,
        blank=True,
        help_text=_("For example the municipal executive board (kommunstyrelsen)."),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=64, blank=True)

    # The admin form edits the goal checkboxes and guards followed-up commitments.
    base_form_class = CommunityContractForm
    contract_panels = [
        FieldPanel("vision"),
        FieldPanel("background"),
        MultiFieldPanel(
            [FieldPanel("rights"), FieldPanel("obligations"), FieldPanel("participation")],
            heading=_("Rights, obligations and participation"),
        ),
        FieldPanel("goals"),
        FieldPanel("human_rights_principles"),
        InlinePanel("parties", heading=_("Parties"), label=_("party")),
        CommitmentInlinePanel("commitments", heading=_("Commitments"), label=_("commitment")),
        MultiFieldPanel(
            [
                FieldPanel("contract_status"),
                FieldPanel("deciding_body"),
                FieldRowPanel([FieldPanel("decision_date"), FieldPanel("case_number")]),
            ],
            heading=_("Lifecycle and political decision"),
        ),
    ]
    search_fields = [
        index.SearchField("vision"),
        index.SearchField("background"),
        index.SearchField("rights"),
        index.SearchField("obligations"),
        index.SearchField("participation"),
        index.FilterField("contract_status"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = contract_decision_errors(self)
        if errors:
            raise ValidationError(errors)

    @property
    def has_decision(self):
        return self.contract_status in DECISION_REQUIRED_STATUSES

    def get_context(self, request, *args, **kwargs):
        from ..contracts.views import contract_context

        context = super().get_context(request, *args, **kwargs)
        context.update(contract_context(self, request))
        return context

    @path("kalender/", name="contract_calendar")
    def calendar_view(self, request):
        from ..contracts.views import contract_calendar

        return contract_calendar(self, request)

    @path("data/", name="contract_data")
    def data_view(self, request):
        from ..contracts.views import contract_data

        return contract_data(self, request)


class CommunityContractPage(  # noqa: DJ008 - Page gives the title as __str__
    MedborgardialogPageMixin, RoutablePageMixin, CommunityContractMixin, Page
):
    """A local community contract ("Samhällskontrakt")."""

    content_panels = Page.content_panels + CommunityContractMixin.contract_panels
    search_fields = Page.search_fields + CommunityContractMixin.search_fields

    subpage_types = []
    template = "wagtail_medborgardialog/contract/community_contract_page.html"

    class Meta:
        verbose_name = _("community contract")
        verbose_name_plural = _("community contracts")


class ContractGoal(models.Model):
    """One Agenda 2030 goal a contract works toward."""

    page = ParentalKey(
        "wagtail_medborgardialog.CommunityContractPage",
        on_delete=models.CASCADE,
        related_name="goal_links",
    )
    goal = models.PositiveSmallIntegerField(_("goal"), choices=goal_choices)

    class Meta:
        ordering = ["goal"]
        constraints = [
            models.UniqueConstraint(fields=["page", "goal"], name="mbd_contract_goal_unique")
        ]

    def __str__(self):
        return str(GOALS_BY_NUMBER.get(self.goal, self.goal))


class ContractParty(Orderable):
    """A party to a contract and who signed for it."""

    page = ParentalKey(
        "wagtail_medborgardialog.CommunityContractPage",
        on_delete=models.CASCADE,
        related_name="parties",
    )
    stakeholder = models.ForeignKey(
        "wagtail_medborgardialog.Stakeholder",
        verbose_name=_("stakeholder"),
        on_delete=models.PROTECT,
        related_name="contract_parties",
    )
    signatory_name = models.CharField(_("signatory"), max_length=255, blank=True)
    signatory_role = models.CharField(_("signatory's role"), max_length=255, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    panels = [
        FieldPanel("stakeholder"),
        FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_role")]),
        FieldPanel("signed_on"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return str(self.stakeholder)


class CommitmentQuerySet(models.QuerySet):
    def with_current_state(self):
        """Annotate ``current_status`` and ``current_progress``: the latest update's, or the
        commitment's own when nothing has been recorded yet."""
        latest = CommitmentUpdate.objects.filter(commitment=OuterRef("pk")).order_by("-date", "-pk")
        return self.annotate(
            current_status=Coalesce(Subquery(latest.values("new_status")[:1]), F("status")),
            current_progress=Coalesce(Subquery(latest.values("new_progress")[:1]), F("progress")),
        )


class Commitment(GoalLinksMixin, Orderable, ClusterableModel):
    """A commitment (åtagande) one party makes in a contract."""

    page = ParentalKey(
        "wagtail_medborgardialog.CommunityContractPage",
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    text = models.TextField(_("commitment"))
    # The stakeholder rather than the ContractParty row: a party added in the same edit is not
    # saved yet and could not be chosen.
    responsible = models.ForeignKey(
        "wagtail_medborgardialog.Stakeholder",
        verbose_name=_("responsible party"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
        help_text=_(
            "The status when the contract was adopted. Later changes are follow-up updates."
        ),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The dialogue or consultation the commitment comes from."),
    )
    what_we_heard = models.TextField(
        _("what we heard"),
        blank=True,
        help_text=_("What citizens said that led to this commitment."),
    )

    objects = CommitmentQuerySet.as_manager()

    panels = [
        FieldPanel("text"),
        FieldPanel("responsible"),
        FieldRowPanel([FieldPanel("due_date"), FieldPanel("status"), FieldPanel("progress")]),
        FieldPanel("goals"),
        PageChooserPanel("source_page"),
        FieldPanel("what_we_heard"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def clean(self):
        super().clean()
        if self.status == CommitmentStatus.DONE and self.progress != 100:
            raise ValidationError({"progress": _("A commitment that is done has progress 100.")})

    @property
    def state(self):
        """(status, progress) now: annotated by ``with_current_state`` or read from updates."""
        if hasattr(self, "current_status"):
            return self.current_status, self.current_progress
        latest = self.updates.order_by("-date", "-pk").first()
        if latest:
            return latest.new_status, latest.new_progress
        return self.status, self.progress

    def get_current_status_display(self):
        return CommitmentStatus(self.state[0]).label


class CommitmentGoal(models.Model):
    """One Agenda 2030 goal a commitment contributes to."""

    commitment = ParentalKey(Commitment, on_delete=models.CASCADE, related_name="goal_links")
    goal = models.PositiveSmallIntegerField(_("goal"), choices=goal_choices)

    class Meta:
        ordering = ["goal"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "goal"], name="mbd_commitment_goal_unique"
            )
        ]

    def __str__(self):
        return str(GOALS_BY_NUMBER.get(self.goal, self.goal))


class CommitmentUpdate(models.Model):
    """A dated follow-up of a commitment; the latest one gives its current status and progress.

    Updates are history: they are never edited away by re-saving the contract page, and a
    commitment that has any cannot be deleted (it is cancelled with an update instead).
    """

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="updates",
    )
    date = models.DateField(_("date"))
    reported_by = models.CharField(
        _("reported by"),
        max_length=255,
        help_text=_("Who reports the change, as shown on the public page."),
    )
    change = models.TextField(_("what changed"))
    new_status = models.CharField(_("new status"), max_length=16, choices=CommitmentStatus.choices)
    new_progress = models.PositiveSmallIntegerField(
        _("new progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    meeting_on = models.DateField(
        _("follow-up meeting"),
        null=True,
        blank=True,
        help_text=_("The date of the follow-up meeting this update belongs to, if any."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    panels = [
        FieldPanel("commitment"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("reported_by")]),
        FieldPanel("change"),
        FieldRowPanel([FieldPanel("new_status"), FieldPanel("new_progress")]),
        FieldPanel("meeting_on"),
    ]

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("follow-up update")
        verbose_name_plural = _("follow-up updates")

    def __str__(self):
        return f"{self.date}: {self.commitment}"

    def clean(self):
        super().clean()
        errors = {}
        if self.new_status == CommitmentStatus.DONE and self.new_progress not in (None, 100):
            errors["new_progress"] = _("A commitment that is done has progress 100.")
        if self.commitment_id:
            page = self.commitment.page
            if page.contract_status not in FOLLOW_UP_STATUSES:
                errors["commitment"] = _(
                    "Follow-up updates can be recorded once the contract is adopted and until "
                    "it is concluded."
                )
        if errors:
            raise ValidationError(errors)


class CommitmentSource(models.Model):
    """A published contribution a commitment cites: "you said, we did".

    A plain model (like CommitmentUpdate), so citing needs no edit of the contract page and
    the contribution is picked with the moderation queue's snippet chooser.
    """

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="sources",
    )
    contribution = models.ForeignKey(
        "wagtail_medborgardialog.Contribution",
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="cited_by",
        help_text=_("A published contribution that led to the commitment."),
    )
    note = models.CharField(
        _("how it shaped the commitment"),
        max_length=255,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "contribution"], name="mbd_unique_commitment_source"
            )
        ]
        verbose_name = _("cited contribution")
        verbose_name_plural = _("cited contributions")

    def __str__(self):
        return f"{self.commitment} ← #{self.contribution_id}"

    def clean(self):
        from .contributions import Contribution

        if (
            self.contribution_id
            and not Contribution.objects.public().filter(pk=self.contribution_id).exists()
        ):
            raise ValidationError(
                {
                    "contribution": _(
                        "Only a published contribution on a public page can be cited: "
                        "citizens must be able to read it."
                    )
                }
            )
