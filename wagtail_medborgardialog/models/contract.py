"""Local community contracts (lokala samhällskontrakt): the page, its goals and its parties.

``AbstractCommunityContractPage`` carries the fields, rules, routes and panels; a site composes
its own contract page from it (``class MyContract(AbstractCommunityContractPage, Page)``), and
``CommunityContractPage`` is the plugin's thin concrete page. The rows of a contract (parties,
goals, commitments and their follow-up) are keyed to the base page model, not to one concrete
page, so every page built from the abstract base has them (see docs/architecture.md).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.admin.panels.base import get_form_for_model
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .._moved import forwarder
from ..contracts.forms import CommitmentForm, CommunityContractForm
from ..sdg import GOALS_BY_NUMBER, goal_choices
from .base import MedborgardialogPageMixin
from .decisions import ADOPTION_KINDS, DecisionKind, decision_on_record
from .feedback import PageFeedbackMixin
from .meetings import MeetingRoutesMixin

# The rows of a contract point at the base page model (Wagtail 8 lets a site swap it; Wagtail
# 7.4 has no such setting), so a site's own contract page has them too.
PAGE_MODEL = getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page")
CONTRACT_TEMPLATE = "wagtail_medborgardialog/contract/community_contract_page.html"


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
    """Reading the goal numbers of a child relation with one row per goal.

    ``goal_links_name`` names the relation: ``goal_links`` on a commitment,
    ``contract_goal_links`` on a contract page (a clearer name on the base page model).
    """

    goal_links_name = "goal_links"

    @property
    def goal_link_rows(self):
        return getattr(self, self.goal_links_name)

    def goal_numbers(self):
        return sorted(link.goal for link in self.goal_link_rows.all())

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


class AbstractCommunityContractPage(
    MedborgardialogPageMixin,
    RoutablePageMixin,
    PageFeedbackMixin,
    MeetingRoutesMixin,
    GoalLinksMixin,
    models.Model,
):
    """Fields, rules, public routes and panels of a community contract page.

    A site composes its page with the base page model last:
    ``class DistrictContract(AbstractCommunityContractPage, Page)``. Its template defaults to
    Wagtail's ``<app>/<model>.html`` and falls back to the plugin's.
    """

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

    goal_links_name = "contract_goal_links"
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
        InlinePanel("contract_parties", heading=_("Parties"), label=_("party")),
        CommitmentInlinePanel(
            "contract_commitments", heading=_("Commitments"), label=_("commitment")
        ),
        MultiFieldPanel(
            [
                FieldPanel("contract_status"),
                FieldPanel("deciding_body"),
                FieldRowPanel([FieldPanel("decision_date"), FieldPanel("case_number")]),
            ],
            heading=_("Lifecycle and political decision"),
        ),
    ]
    content_panels = Page.content_panels + contract_panels
    search_fields = Page.search_fields + [
        index.SearchField("vision"),
        index.SearchField("background"),
        index.SearchField("rights"),
        index.SearchField("obligations"),
        index.SearchField("participation"),
        index.FilterField("contract_status"),
    ]
    subpage_types = []
    template = CONTRACT_TEMPLATE

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = contract_decision_errors(self)
        if errors:
            raise ValidationError(errors)

    def needs_political_decision(self):
        """A contract always waits for the deciding body: adoption, then each revision."""
        return True

    def political_decision_kinds(self):
        adopted = self.contract_status in DECISION_REQUIRED_STATUSES or decision_on_record(
            self, ADOPTION_KINDS
        )
        if adopted:
            return [DecisionKind.REVISION, DecisionKind.ADOPTION]
        return [DecisionKind.ADOPTION, DecisionKind.REVISION]

    @property
    def has_decision(self):
        return self.contract_status in DECISION_REQUIRED_STATUSES

    def get_template(self, request, *args, **kwargs):
        # A site's page looks for its own template first (Wagtail's default name), then ours.
        own = super().get_template(request, *args, **kwargs)
        return own if own == CONTRACT_TEMPLATE else [own, CONTRACT_TEMPLATE]

    def get_context(self, request, *args, **kwargs):
        # contracts.views imports the models: a cycle at import time.
        from ..contracts.views import contract_context  # the views import the models

        context = super().get_context(request, *args, **kwargs)
        context.update(contract_context(self, request))
        return context

    @path("kalender/", name="contract_calendar")
    def calendar_view(self, request):
        from ..contracts.views import contract_calendar  # cycle: views import the models

        return contract_calendar(self, request)

    @path("data/", name="contract_data")
    def data_view(self, request):
        from ..contracts.views import contract_data  # cycle: views import the models

        return contract_data(self, request)


class CommunityContractPage(AbstractCommunityContractPage, Page):  # noqa: DJ008 - Page's title
    """A local community contract ("Samhällskontrakt")."""

    template = CONTRACT_TEMPLATE  # Wagtail would otherwise derive one from the model name

    class Meta:
        verbose_name = _("community contract")
        verbose_name_plural = _("community contracts")


class ContractGoal(models.Model):
    """One Agenda 2030 goal a contract works toward."""

    page = ParentalKey(
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="contract_goal_links",
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
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="contract_parties",
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


# Names that moved in 0.2, still found here for one release (CHANGELOG.md).
__getattr__ = forwarder(
    "models.contract",
    "models.commitments",
    names={
        "Commitment",
        "CommitmentGoal",
        "CommitmentQuerySet",
        "CommitmentSource",
        "CommitmentUpdate",
    },
)
