"""Participatory budgeting (medborgarbudget): the round page, its districts and projects, the
ballots, and the frozen result.

``AbstractBudgetPage`` carries the fields, rules, routes and panels; ``BudgetPage`` is the
plugin's thin concrete page. Districts and projects are orderable child rows of the page (edited
in its panels); ballots and their choices are plain rows keyed to the page, anonymous: a ballot
holds the identity hash (one per person and round, guaranteed by a unique constraint), the
channel and, only while it waits for its e-mail confirmation, the e-mail address.

A round's life: ideas (the page's contribution window, ``opens_at``/``closes_at`` of
:class:`ParticipationMixin`), feasibility review, voting (``voting_opens_at`` to
``voting_closes_at``), result, implementation. The phase is derived from the dates.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..sites import publisher_of
from .base import AbstractMedborgardialogPage
from .participation import InputWindow, ParticipationMixin
from .taxonomy import SustainableDevelopmentGoal

PAGE_MODEL = getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page")


class BudgetPhase(models.TextChoices):
    IDEAS = "ideas", _("Idea collection")
    REVIEW = "review", _("Feasibility review")
    VOTING = "voting", _("Voting")
    COUNTING = "counting", _("Counting")
    RESULT = "result", _("Result")
    IMPLEMENTATION = "implementation", _("Implementation")


class BallotKind(models.TextChoices):
    APPROVAL = "approval", _("Approval: tick any number of projects")
    KNAPSACK = "knapsack", _("Knapsack: tick projects within the budget")


class OutcomeRule(models.TextChoices):
    EQUAL_SHARES = "equal_shares", _("Method of Equal Shares")
    GREEDY = "greedy", _("Greedy by votes")


class BudgetIdentityLevel(models.TextChoices):
    # The same values as identity.IdentityLevel.
    EMAIL = "email", _("E-mail confirmation and a declaration")
    EID = "eid", _("E-identification")


class Feasibility(models.TextChoices):
    PENDING = "pending", _("Under review")
    FEASIBLE = "feasible", _("Feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class AbstractBudgetPage(ParticipationMixin, AbstractMedborgardialogPage):
    """One participatory budgeting round: fields, rules, routes and panels.

    Its districts, projects, ballots and result are keyed to the base page model, so a site's
    own round page built on this base has them too (as a community contract's rows).
    """

    contribution_noun = "contribution"

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What the round is about, who may take part and how."),
    )
    total_budget = models.PositiveIntegerField(
        _("total budget (SEK)"),
        help_text=_("District budgets come out of it; the rest is for the whole municipality."),
    )
    review_until = models.DateTimeField(_("feasibility review until"), null=True, blank=True)
    voting_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    result_at = models.DateTimeField(
        _("result announced"),
        null=True,
        blank=True,
        help_text=_("When the result is shown; it also needs the frozen count and a decision."),
    )
    implementation_from = models.DateTimeField(_("implementation from"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        help_text=_("Voters declare (e-mail) or prove (e-identification) this age."),
    )
    municipality_name = models.CharField(
        _("municipality"),
        max_length=100,
        blank=True,
        help_text=_(
            'Voters declare that they live, work or study here (e.g. "Exempelkommun"); '
            "empty: the site's name."
        ),
    )
    ballot_kind = models.CharField(
        _("ballot"), max_length=10, choices=BallotKind.choices, default=BallotKind.APPROVAL
    )
    max_projects = models.PositiveSmallIntegerField(
        _("most projects per ballot"), null=True, blank=True
    )
    outcome_rule = models.CharField(
        _("outcome rule"),
        max_length=15,
        choices=OutcomeRule.choices,
        default=OutcomeRule.EQUAL_SHARES,
        help_text=_("The greedy outcome is always shown beside it for comparison."),
    )
    eligibility_rule = models.BooleanField(
        _("minimum support (Świecie rule)"),
        default=False,
        help_text=_("A project needs a share of the votes of at least its cost / (3 × budget)."),
    )
    identity_level = models.CharField(
        _("identity level"),
        max_length=10,
        choices=BudgetIdentityLevel.choices,
        default=BudgetIdentityLevel.EMAIL,
    )
    follow_up_contract = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("follow-up in the contract"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A community contract page: each funded project becomes one of its commitments, "
            "followed up there (its first party is responsible)."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    round_panels = [
        FieldPanel("total_budget"),
        InlinePanel(
            "budget_districts", heading=_("Districts with their own budget"), label=_("District")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("moderation_mode"),
                FieldPanel("review_until"),
                FieldRowPanel([FieldPanel("voting_opens_at"), FieldPanel("voting_closes_at")]),
                FieldRowPanel([FieldPanel("result_at"), FieldPanel("implementation_from")]),
            ],
            heading=_("Phases"),
        ),
        PageChooserPanel("follow_up_contract"),
        MultiFieldPanel(
            [
                FieldPanel("identity_level"),
                FieldPanel("min_age"),
                FieldPanel("municipality_name"),
                FieldPanel("ballot_kind"),
                FieldPanel("max_projects"),
                FieldPanel("outcome_rule"),
                FieldPanel("eligibility_rule"),
            ],
            heading=_("Voting"),
        ),
    ]
    project_panels = [InlinePanel("budget_projects", heading=_("Projects"), label=_("Project"))]
    settings_panels = Page.settings_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    default_template = "wagtail_medborgardialog/budgets/budget_page.html"

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "edit_handler" not in cls.__dict__:
            cls.edit_handler = TabbedInterface(
                [
                    ObjectList(cls.content_panels, heading=_("Content")),
                    ObjectList(cls.round_panels, heading=_("Round")),
                    ObjectList(cls.project_panels, heading=_("Projects")),
                    ObjectList(cls.promote_panels, heading=_("Promote")),
                    ObjectList(cls.settings_panels, heading=_("Settings")),
                ]
            )

    def get_template(self, request, *args, **kwargs):
        return [super().get_template(request, *args, **kwargs), self.default_template]

    def clean(self):
        super().clean()
        order = [
            ("closes_at", self.closes_at),
            ("voting_opens_at", self.voting_opens_at),
            ("voting_closes_at", self.voting_closes_at),
        ]
        known = [(name, value) for name, value in order if value]
        for (_first, a), (second, b) in zip(known, known[1:], strict=False):
            if b < a:
                raise ValidationError({second: _("The phases must follow each other in order.")})
        if self.follow_up_contract_id:
            from .contract import AbstractCommunityContractPage

            contract = Page.objects.filter(pk=self.follow_up_contract_id).first()
            if contract is None or not isinstance(contract.specific, AbstractCommunityContractPage):
                raise ValidationError(
                    {"follow_up_contract": _("Choose a community contract page.")}
                )

    # --- phases ------------------------------------------------------------------------
    def phase(self, now=None):
        now = now or timezone.now()
        if self.implementation_from and now >= self.implementation_from:
            return BudgetPhase.IMPLEMENTATION
        if self.voting_closes_at and now >= self.voting_closes_at:
            if self.result_at and now >= self.result_at:
                return BudgetPhase.RESULT
            return BudgetPhase.COUNTING
        if self.voting_opens_at and now >= self.voting_opens_at:
            return BudgetPhase.VOTING
        if self.closes_at and now >= self.closes_at:
            return BudgetPhase.REVIEW
        return BudgetPhase.IDEAS

    def input_window(self, now=None):
        """Ideas are taken only in the idea phase (the contribution window, then closed)."""
        now = now or timezone.now()
        window = super().input_window(now)
        if window.is_open and self.phase(now) != BudgetPhase.IDEAS:
            return InputWindow(InputWindow.CLOSED, self.opens_at, self.closes_at)
        return window

    def contribution_refusals(self):
        return {
            InputWindow.CLOSED: _(
                "Ideas are no longer collected in this round. Nothing was saved."
            ),
            InputWindow.NOT_YET_OPEN: _("Idea collection has not started yet. Nothing was saved."),
        }

    def needs_political_decision(self):
        """The result is published by a decision on implementation (beslut om genomförande):
        once the count is frozen, publishing waits in the workflow's decision step until one
        is on record (decisions/gates.py)."""
        from .decisions import IMPLEMENTATION_KINDS, decision_on_record

        frozen = self.pk and type(self).budget_result_model().objects.filter(page=self).exists()
        return bool(frozen) and decision_on_record(self, kinds=IMPLEMENTATION_KINDS) is None

    @staticmethod
    def budget_result_model():
        return BudgetResult

    def voting_open(self, now=None):
        return self.phase(now) == BudgetPhase.VOTING

    @property
    def municipality(self):
        if self.municipality_name:
            return self.municipality_name
        return publisher_of(self)

    @cached_property
    def ballot_projects(self):
        """The projects on the ballot: public and feasible, with their district."""
        return list(
            self.budget_projects.filter(public=True, feasibility=Feasibility.FEASIBLE)
            .select_related("district", "image")
            .prefetch_related("sdg_goals")
            .order_by("district__sort_order", "sort_order", "pk")
        )

    def citywide_budget(self):
        return self.total_budget - sum(d.budget for d in self.budget_districts.all())

    @classmethod
    def get_ballot_model(cls):
        return Ballot

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        phase = self.phase()
        districts = list(self.budget_districts.all())
        context.update(
            phase=phase,
            phase_label=BudgetPhase(phase).label,
            budget_districts=districts,
            citywide_budget=self.total_budget - sum(d.budget for d in districts),
            projects=list(
                self.budget_projects.filter(public=True)
                .select_related("district", "image", "idea")
                .prefetch_related("sdg_goals")
                .order_by("district__sort_order", "sort_order", "pk")
            ),
        )
        from ..budgets.follow_up import follow_ups  # it imports the models

        follows = follow_ups(self)
        for project in context["projects"]:
            project.follow = follows.get(project.pk)
        listed = context.get("contributions_page")
        if listed is not None:
            from ..budgets.projects import attach_projects  # it imports the models

            # Each idea shows the project it became (one query for the listed page).
            listed.object_list = attach_projects(self, list(listed.object_list))
        return context

    # --- routes ------------------------------------------------------------------------
    @path("rosta/", name="budget_vote")
    def budget_vote(self, request):
        from ..budgets.views import vote  # the views import the models

        return vote(self, request)

    @path("rosta/e-legitimation/", name="budget_vote_eid")
    def budget_vote_eid(self, request):
        from ..budgets.views import vote_eid  # the views import the models

        return vote_eid(self, request)

    @path("rosta/tack/", name="budget_vote_thanks")
    def budget_vote_thanks(self, request):
        from ..budgets.views import vote_thanks  # the views import the models

        return vote_thanks(self, request)

    @path("rosta/bekrafta/<str:token>/", name="budget_vote_confirm")
    def budget_vote_confirm(self, request, token):
        from ..budgets.views import confirm_vote  # the views import the models

        return confirm_vote(self, request, token)

    @path("resultat/", name="budget_result")
    def budget_result(self, request):
        from ..budgets.views import result  # the views import the models

        return result(self, request)

    @path("data/<str:export_format>/", name="budget_export")
    def budget_export(self, request, export_format):
        from ..budgets.views import export  # the views import the models

        return export(self, request, export_format)

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "resultat/"]


class BudgetPage(AbstractBudgetPage):
    """The plugin's participatory budgeting round (medborgarbudget)."""

    subpage_types = []
    template = "wagtail_medborgardialog/budgets/budget_page.html"

    class Meta:
        verbose_name = _("participatory budget round")
        verbose_name_plural = _("participatory budget rounds")
        permissions = [
            ("register_paper_ballots", _("Can register paper ballots")),
            ("freeze_budget_result", _("Can freeze the count of a budget round")),
        ]


class BudgetDistrict(Orderable):
    """A district with its own budget; its voters are those who vote in it."""

    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="budget_districts")
    name = models.CharField(_("name"), max_length=100)
    budget = models.PositiveIntegerField(_("budget (SEK)"))

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("budget")])]

    class Meta(Orderable.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class BudgetProject(Orderable, ClusterableModel):
    """A project on the ballot, made by officials from citizens' ideas."""

    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="budget_projects")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost = models.PositiveIntegerField(_("cost (SEK)"))
    district = models.ForeignKey(
        BudgetDistrict,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the whole municipality."),
    )
    sdg_goals = ParentalManyToManyField(
        SustainableDevelopmentGoal, verbose_name=_("Agenda 2030 goals"), blank=True
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feasibility = models.CharField(
        _("feasibility"), max_length=15, choices=Feasibility.choices, default=Feasibility.PENDING
    )
    feasibility_reasons = models.TextField(
        _("reasons"), blank=True, help_text=_("Shown publicly, also for a feasible project.")
    )
    public = models.BooleanField(_("shown publicly"), default=True)
    idea = models.ForeignKey(
        "wagtail_medborgardialog.Contribution",
        verbose_name=_("from the idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("cost"), FieldPanel("district")]),
        FieldPanel("image"),
        FieldPanel("sdg_goals", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("feasibility"), FieldPanel("public")]),
        FieldPanel("feasibility_reasons"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.feasibility == Feasibility.NOT_FEASIBLE and not self.feasibility_reasons.strip():
            raise ValidationError(
                {"feasibility_reasons": _("Say why the project is not feasible.")}
            )
        if self.district_id and self.page_id and self.district.page_id != self.page_id:
            raise ValidationError({"district": _("Choose a district of this round.")})


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper, registered by an official")


class Ballot(models.Model):
    """One person's ballot in one round: anonymous but for the identity hash.

    The e-mail address is kept only until the ballot is confirmed (``email`` and
    ``pending`` are emptied then, and the retention command removes unconfirmed ballots).
    """

    page = models.ForeignKey(
        PAGE_MODEL, on_delete=models.CASCADE, related_name="budget_ballots", verbose_name=_("round")
    )
    identity_hash = models.CharField(max_length=64)
    channel = models.CharField(
        _("channel"), max_length=10, choices=BallotChannel.choices, default=BallotChannel.ONLINE
    )
    district = models.ForeignKey(
        BudgetDistrict,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("counted since"), null=True, blank=True)
    email = models.EmailField(_("e-mail (until confirmed)"), blank=True)
    #: the choices waiting for the e-mail confirmation: {"district": id|None, "projects": [ids]}
    pending = models.JSONField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "identity_hash"], name="mbd_one_ballot_per_person_and_round"
            )
        ]
        indexes = [models.Index(fields=["page", "confirmed_at"])]

    def __str__(self):
        return f"{self.pk}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="mbd_one_choice_per_project")
        ]

    def __str__(self):
        return f"{self.ballot_id}: {self.project_id}"


class BudgetResult(models.Model):
    """The frozen count of a round: both outcomes, and the SHA-256 of the ballots counted."""

    page = models.OneToOneField(
        PAGE_MODEL, on_delete=models.CASCADE, related_name="budget_result", verbose_name=_("round")
    )
    ballots_sha256 = models.CharField(_("SHA-256 of the ballots"), max_length=64)
    ballot_count = models.PositiveIntegerField(_("ballots counted"))
    outcome = models.JSONField(_("outcome"))
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("budget result")
        verbose_name_plural = _("budget results")

    def __str__(self):
        return self.ballots_sha256


class ProjectCommitment(models.Model):
    """A funded project's commitment in the round's follow-up contract ("you voted, we built").

    A plain row rather than a field of either side: projects and commitments are child rows of
    their pages, which a later publication of an older revision would rewrite.
    """

    project = models.OneToOneField(
        BudgetProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    commitment = models.OneToOneField(
        "wagtail_medborgardialog.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="budget_project_link",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commitment of a funded project")
        verbose_name_plural = _("commitments of funded projects")

    def __str__(self):
        return f"{self.project_id} → {self.commitment_id}"
