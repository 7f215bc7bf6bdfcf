"""Dialogue processes (SKR's model for dialogue in complex issues).

``AbstractDialogueProcessPage`` carries the fields, rules, routes and panels; the plugin's
``DialogueProcessPage`` is a thin concrete page on it, and a site may declare its own (see
docs/installation.md). The steps and contact persons are abstract child models too, as in
Wagtail's ``AbstractForm``/``AbstractFormField``: a site page declares its own concrete
``steps`` and ``contacts`` relations (docs/architecture.md says why).
"""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .._moved import forwarder
from ..decisions.gates import require_decision
from ..processes.forms import DialogueProcessPageForm
from ..processes.status import (
    ProcessStatus,
    StepsProgress,
    StepStatus,
    decision_gate_message,
    derive_status,
    publication_error,
    step_needs_decision,
    summarise_steps,
)
from .base import AbstractMedborgardialogPage
from .decisions import IMPLEMENTATION_KINDS, DecisionKind, decision_on_record
from .participation import InputWindow, ParticipationMixin
from .process_steps import (
    SkrStep,
    default_steps,
)
from .taxonomy import Area, ParticipationLevel, SustainableDevelopmentGoal, Topic


class AbstractDialogueProcessPage(ParticipationMixin, AbstractMedborgardialogPage):
    """One citizen dialogue process ("Medborgardialog"): fields, rules, routes and panels.

    A concrete page declares, besides itself, its ``steps`` (an :class:`AbstractProcessStep`)
    and ``contacts`` (an :class:`AbstractProcessContact`) with those related names.
    """

    question = models.TextField(
        _("question"),
        blank=True,
        help_text=_("The question the dialogue is about, in one or two sentences."),
    )
    purpose = RichTextField(
        _("purpose"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Why the municipality holds this dialogue."),
    )
    participation_level = models.CharField(
        _("participation level"),
        max_length=20,
        choices=ParticipationLevel.choices,
        blank=True,
        help_text=_(
            "The step on SKR's participation ladder this dialogue honestly offers. "
            "A plain-language explanation is shown to citizens."
        ),
    )
    can_influence = RichTextField(
        _("what you can influence"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("What participants can change."),
    )
    cannot_influence = RichTextField(
        _("what you cannot influence"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("What is already decided or outside the dialogue."),
    )
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Kommunstyrelsen, Tekniska nämnden."),
    )
    decision_timing = models.CharField(
        _("when the decision is made"),
        max_length=200,
        blank=True,
        help_text=_("Roughly when, e.g. 'Autumn 2027'."),
    )
    target_groups = models.TextField(
        _("target groups"),
        blank=True,
        help_text=_("Who the dialogue is for, e.g. residents, schools, associations."),
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    areas = ParentalManyToManyField(Area, verbose_name=_("areas"), blank=True)
    sdg_goals = ParentalManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("Agenda 2030 goals"),
        blank=True,
        help_text=_("The global goals the process contributes to."),
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("When the process starts."),
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("When the process ends; after it the process is shown as closed."),
    )
    feedback = RichTextField(
        _("feedback to participants"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ul", "ol", "document-link"],
        help_text=_(
            "What happened with the input (återkoppling). "
            "Required before a closed process is published."
        ),
    )

    # What the steps say, written whenever they are (save(), and signal_handlers for a step
    # saved on its own), so the index works out each process's status from its own columns
    # (processes/status.py, annotate_status).
    steps_progress = models.CharField(
        _("progress of the steps"),
        max_length=12,
        choices=StepsProgress.choices,
        default=StepsProgress.NOT_STARTED,
        editable=False,
    )
    current_skr_step = models.PositiveSmallIntegerField(
        _("current SKR step"), choices=SkrStep.choices, null=True, blank=True, editable=False
    )
    current_step_title = models.CharField(
        _("current step"), max_length=200, blank=True, editable=False
    )

    base_form_class = DialogueProcessPageForm

    content_panels = Page.content_panels + [
        FieldPanel("question"),
        FieldPanel("purpose"),
        MultiFieldPanel(
            [
                FieldPanel("participation_level"),
                FieldPanel("can_influence"),
                FieldPanel("cannot_influence"),
                FieldRowPanel([FieldPanel("deciding_body"), FieldPanel("decision_timing")]),
                FieldPanel("target_groups"),
            ],
            heading=_("What can be influenced"),
        ),
        InlinePanel("contacts", label=_("Contact persons"), heading=_("Contact persons")),
    ]
    process_panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        HelpPanel(
            content=_(
                "The status (planned, ongoing, closed) is worked out from the dates and the "
                "steps below. Mark the step you are in as ongoing."
            )
        ),
        InlinePanel("steps", label=_("Step"), heading=_("Steps")),
        FieldPanel("feedback"),
        *ParticipationMixin.participation_panels,
    ]
    settings_panels = Page.settings_panels
    classification_panels = [
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sdg_goals", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("question", boost=2),
        index.SearchField("purpose"),
        index.SearchField("target_groups"),
        index.FilterField("participation_level"),
        index.AutocompleteField("question"),
        *ParticipationMixin.participation_search_fields,
    ]
    api_fields = [
        *ParticipationMixin.api_fields,
        APIField("question"),
        APIField("purpose"),
        APIField("participation_level"),
        APIField("can_influence"),
        APIField("cannot_influence"),
        APIField("deciding_body"),
        APIField("decision_timing"),
        APIField("target_groups"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("process_status"),
        APIField("feedback"),
        APIField("steps"),
        APIField("topics"),
        APIField("areas"),
        APIField("sdg_goals"),
    ]

    # Wagtail names a template after each concrete page type (``<app>/<model>.html``); a
    # site's page falls back to the plugin's when it has none of its own.
    default_template = "wagtail_medborgardialog/process/dialogue_process_page.html"

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        return [super().get_template(request, *args, **kwargs), self.default_template]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Tabs built from the subclass's own panel lists, so a site page that extends
        # content_panels (or another list) sees its fields in the editor.
        if "edit_handler" not in cls.__dict__:
            cls.edit_handler = TabbedInterface(
                [
                    ObjectList(cls.content_panels, heading=_("Content")),
                    ObjectList(cls.process_panels, heading=_("Process and steps")),
                    ObjectList(cls.classification_panels, heading=_("Classification")),
                    ObjectList(cls.promote_panels, heading=_("Promote")),
                    ObjectList(cls.settings_panels, heading=_("Settings")),
                ]
            )

    @classmethod
    def get_step_model(cls):
        """The concrete step model of this page type (its ``steps`` relation)."""
        return cls._meta.get_field("steps").related_model

    @classmethod
    def with_default_steps(cls, **fields):
        """A new, unsaved process pre-filled with SKR's seven steps."""
        page = cls(**fields)
        page.seed_default_steps()
        return page

    def seed_default_steps(self):
        """Give a process without steps SKR's seven, in the language of the page's locale;
        leaves existing steps alone."""
        if not self.steps.all():
            self.steps = default_steps(self.content_language(), model=self.get_step_model())

    def translate_default_steps(self, source_language):
        """After a copy for translation: SKR steps still carrying the default texts of
        ``source_language`` get those of this page's language; edited texts stay as they are.

        Returns the steps that changed (unsaved).
        """
        source = {step.skr_step: step for step in default_steps(source_language)}
        target = {step.skr_step: step for step in default_steps(self.content_language())}
        changed = []
        for step in self.steps.all():
            default = source.get(step.skr_step)
            if default is None:
                continue
            translated = target[step.skr_step]
            fields = {}
            if step.title == default.title:
                fields["title"] = translated.title
            if step.description == default.description:
                fields["description"] = translated.description
            if fields:
                for name, value in fields.items():
                    setattr(step, name, value)
                changed.append(step)
        return changed

    def save(self, *args, **kwargs):
        # A full save writes the steps too (they are the page's cluster): store what they say
        # with the row. A save of some fields (a draft's revision pointer) leaves both alone.
        if kwargs.get("update_fields") is not None:
            return super().save(*args, **kwargs)
        (
            self.steps_progress,
            self.current_skr_step,
            self.current_step_title,
        ) = summarise_steps(self.steps.all())
        self._mbd_writing_steps = True
        try:
            return super().save(*args, **kwargs)
        finally:
            self._mbd_writing_steps = False

    def _step_statuses(self):
        return [step.status for step in self.steps.all()]

    @property
    def process_status(self):
        """Planned, ongoing or closed; from a query annotation when there is one."""
        annotated = getattr(self, "derived_status", None)
        if annotated:
            return ProcessStatus(annotated)
        return derive_status(self.start_date, self.end_date, self._step_statuses())

    def get_process_status_display(self):
        return self.process_status.label

    @property
    def has_started(self):
        """Whether the start date has come (the page then says "Started", not "Starts")."""
        return bool(self.start_date and self.start_date <= timezone.localdate())

    @property
    def has_ended(self):
        return bool(self.end_date and self.end_date < timezone.localdate())

    def input_window(self, now=None):
        """Open for input only while the process itself is ongoing, within its own window.

        A planned process opens at its start date (or its own opening time, if later); a
        closed one (past its end date or with every step done) takes nothing more.
        """
        window = super().input_window(now)
        status = self.process_status
        if status == ProcessStatus.CLOSED:
            return window._replace(state=InputWindow.CLOSED)
        if status == ProcessStatus.PLANNED:
            opens_at = window.opens_at
            if self.start_date and self.start_date > timezone.localdate():
                starts = timezone.make_aware(
                    datetime.datetime.combine(self.start_date, datetime.time.min)
                )
                opens_at = max(opens_at, starts) if opens_at else starts
            return window._replace(state=InputWindow.NOT_YET_OPEN, opens_at=opens_at)
        return window

    @property
    def current_step(self):
        """The first ongoing step, or None when no step is ongoing."""
        return next((s for s in self.steps.all() if s.status == StepStatus.ONGOING), None)

    @property
    def participation_explanation(self):
        return ParticipationLevel.explanation(self.participation_level)

    def needs_political_decision(self):
        """SKR puts the decision on implementation before step 5: the latest version waits for
        it once step 4 (proposals) is done or a later step started, until it is on record."""
        if decision_on_record(self, IMPLEMENTATION_KINDS):
            return False
        revision = self.get_latest_revision()
        latest = revision.as_object() if revision else self
        return any(
            (step.skr_step == SkrStep.PROPOSALS and step.status == StepStatus.DONE)
            or step_needs_decision(step.skr_step, step.status)
            for step in latest.steps.all()
        )

    def political_decision_kinds(self):
        return [DecisionKind.IMPLEMENTATION, DecisionKind.ASSIGNMENT]

    def clean_steps(self, steps):
        """Rules that concern the steps together; the place for further publication gates."""
        errors = []
        for step in steps:
            if step.start_date and step.end_date and step.end_date < step.start_date:
                errors.append(_("Step “%(title)s” ends before it starts.") % {"title": step.title})
        if any(step_needs_decision(s.skr_step, s.status) for s in steps):
            try:
                require_decision(
                    self, NON_FIELD_ERRORS, decision_gate_message(), IMPLEMENTATION_KINDS
                )
            except ValidationError as missing:
                errors.extend(missing.messages)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        self.clean_steps(list(self.steps.all()))
        if self.live and not getattr(self, "_publication_checked_by_form", False):
            error = publication_error(self.process_status, self.feedback)
            if error:
                raise ValidationError({"feedback": error})

    def get_context(self, request, *args, **kwargs):
        steps = list(self.steps.all())
        current = next((s for s in steps if s.status == StepStatus.ONGOING), None)
        # The template and the input window ask for the status; work it out once from the
        # steps fetched above instead of querying them again each time.
        self.derived_status = derive_status(
            self.start_date, self.end_date, [s.status for s in steps]
        ).value
        context = super().get_context(request, *args, **kwargs)
        context.update(
            steps=steps,
            current_step=current,
            # Lazy: a cached fragment that shows them needs no query (fragments.py).
            contacts=SimpleLazyObject(
                lambda: [
                    contact.contact_person
                    for contact in self.contacts.select_related("contact_person__photo")
                ]
            ),
            children=self.get_children().live().public().specific(),
        )
        return context


class DialogueProcessPage(AbstractDialogueProcessPage):
    """The plugin's dialogue process page."""

    parent_page_types = ["wagtail_medborgardialog.DialogueIndexPage"]
    subpage_types = [
        "wagtail_medborgardialog.CommunityContractPage",
        "wagtail_medborgardialog.ConsultationPage",
        "wagtail_medborgardialog.CitizenPanelPage",
    ]

    template = "wagtail_medborgardialog/process/dialogue_process_page.html"
    # Its body, steps, contributions, form and meetings follow the generations (fragments.py).
    page_cache_routes = frozenset({"index_route"})

    class Meta:
        verbose_name = _("citizen dialogue")
        verbose_name_plural = _("citizen dialogues")


# Names that moved in 0.2, still found here for one release (CHANGELOG.md).
__getattr__ = forwarder(
    "models.process",
    "models.process_index",
    "models.process_steps",
    "processes.status",
    names={
        "DEFAULT_STEPS",
        "DialogueIndexPage",
        "ProcessContact",
        "ProcessStep",
        "annotate_status",
        "rich_text_has_content",
    },
)
