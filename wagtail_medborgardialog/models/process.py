"""Dialogue processes (SKR's model for dialogue in complex issues) and their index."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
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
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..conf import get_setting
from .base import MedborgardialogPageMixin
from .contributions import InputWindow, ParticipationMixin
from .decisions import IMPLEMENTATION_KINDS, decision_on_record
from .feedback import PageFeedbackMixin
from .taxonomy import Area, ParticipationLevel, SustainableDevelopmentGoal, Topic


class ProcessStatus(models.TextChoices):
    """A process's status; always derived from its dates and steps, never stored."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    CLOSED = "closed", _("Closed")


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")


class SkrStep(models.IntegerChoices):
    """The seven steps of SKR's model for dialogue in complex issues."""

    PREPARATION = 1, _("Preparation")
    PERSPECTIVES = 2, _("Collecting perspectives")
    DIALOGUE = 3, _("Dialogue, experimentation and co-creation")
    PROPOSALS = 4, _("Proposals, measures and commitments")
    DECISION = 5, _("Decision on implementation")
    IMPLEMENTATION = 6, _("Implementation")
    CAPACITY = 7, _("Capacity building")


# (step, description, directly influenced by the dialogue); SKR marks steps 2, 3, 4 and 6.
DEFAULT_STEPS = [
    (
        SkrStep.PREPARATION,
        _(
            "The political mandate is given, a process leader and a steering group are "
            "appointed, and the issue and those affected by it are mapped."
        ),
        False,
    ),
    (
        SkrStep.PERSPECTIVES,
        _("Everyone affected by the issue is asked for their experiences and views."),
        True,
    ),
    (
        SkrStep.DIALOGUE,
        _("Citizens, organisations and the municipality meet, try out ideas and create together."),
        True,
    ),
    (
        SkrStep.PROPOSALS,
        _("Proposals, measures and commitments are worked out from what came up in the dialogue."),
        True,
    ),
    (
        SkrStep.DECISION,
        _("The elected politicians decide whether and how the proposals are carried out."),
        False,
    ),
    (
        SkrStep.IMPLEMENTATION,
        _("The decision is carried out, together with those who took part where possible."),
        True,
    ),
    (
        SkrStep.CAPACITY,
        _(
            "The municipality learns from the process and builds its capacity to handle "
            "complex issues through dialogue."
        ),
        False,
    ),
]


def default_steps(language=None):
    """New, unsaved ProcessStep objects for SKR's seven steps, in order, in ``language``
    (the active language when None)."""
    if language:
        with translation.override(language):
            return default_steps()
    return [
        ProcessStep(
            skr_step=step.value,
            title=str(step.label),
            description=str(description),
            influenced_by_dialogue=influenced,
            status=StepStatus.NOT_STARTED,
            sort_order=position,
        )
        for position, (step, description, influenced) in enumerate(DEFAULT_STEPS)
    ]


def derive_status(start_date, end_date, step_statuses, today=None):
    """The process status from its dates and its steps' statuses (see docs/architecture.md).

    Closed if the end date has passed or every step is done; otherwise planned if the start
    date is in the future or no step has started; otherwise ongoing.
    """
    today = today or timezone.localdate()
    step_statuses = list(step_statuses)
    if (end_date and end_date < today) or (
        step_statuses and all(s == StepStatus.DONE for s in step_statuses)
    ):
        return ProcessStatus.CLOSED
    if (start_date and start_date > today) or all(
        s == StepStatus.NOT_STARTED for s in step_statuses
    ):
        return ProcessStatus.PLANNED
    return ProcessStatus.ONGOING


def annotate_status(queryset, today=None):
    """Annotate processes with ``derived_status`` and their current step, in the database.

    The same rule as :func:`derive_status`, so the index can filter and paginate by status.
    """
    today = today or timezone.localdate()
    steps = ProcessStep.objects.filter(page=OuterRef("pk")).order_by().values("page")

    def count(**filters):
        return Coalesce(
            Subquery(
                steps.filter(**filters).annotate(n=models.Count("pk")).values("n")[:1],
                output_field=models.IntegerField(),
            ),
            0,
        )

    current = ProcessStep.objects.filter(page=OuterRef("pk"), status=StepStatus.ONGOING).order_by(
        "sort_order", "pk"
    )
    return queryset.annotate(
        steps_total=count(),
        steps_done=count(status=StepStatus.DONE),
        steps_started=count(status__in=[StepStatus.ONGOING, StepStatus.DONE]),
        current_step_title=Subquery(current.values("title")[:1]),
        current_skr_step=Subquery(current.values("skr_step")[:1]),
    ).annotate(
        derived_status=Case(
            When(
                Q(end_date__lt=today) | Q(steps_total__gt=0, steps_done=F("steps_total")),
                then=Value(ProcessStatus.CLOSED.value),
            ),
            When(
                Q(start_date__gt=today) | Q(steps_started=0),
                then=Value(ProcessStatus.PLANNED.value),
            ),
            default=Value(ProcessStatus.ONGOING.value),
            output_field=CharField(),
        )
    )


class DialogueIndexPage(MedborgardialogPageMixin, RoutablePageMixin, PageFeedbackMixin, Page):
    """Lists the dialogue processes below it ("Medborgardialoger"), with filters."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("A short text above the list."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    subpage_types = ["wagtail_medborgardialog.DialogueProcessPage"]
    template = "wagtail_medborgardialog/process/dialogue_index_page.html"

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
        from ..filters import DialogueProcessFilterSet, describe_errors

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


class DialogueProcessPageForm(WagtailAdminPageForm):
    """Checks the publication rules against the submitted steps, not the stored ones."""

    def clean(self):
        cleaned_data = super().clean()
        self.check_decision_gate()
        if getattr(self, "is_deferred_validation", False):
            # Saving a draft: unfinished work is allowed.
            return cleaned_data
        steps = self.formsets.get("steps")
        statuses = []
        if steps is not None and steps.is_valid():
            statuses = [
                form.cleaned_data.get("status", StepStatus.NOT_STARTED)
                for form in steps.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
        status = derive_status(
            cleaned_data.get("start_date"), cleaned_data.get("end_date"), statuses
        )
        error = publication_error(status, cleaned_data.get("feedback"))
        if error:
            self.add_error("feedback", error)
        return cleaned_data

    def check_decision_gate(self):
        """Put the decision gate's error on each step form that needs a decision on record."""
        steps = self.formsets.get("steps")
        if steps is None or not steps.is_valid():
            return
        gated = [
            form
            for form in steps.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and step_needs_decision(
                form.cleaned_data.get("skr_step"), form.cleaned_data.get("status")
            )
        ]
        if gated and not (
            self.instance.pk and decision_on_record(self.instance, IMPLEMENTATION_KINDS)
        ):
            for form in gated:
                form.add_error("status", decision_gate_message())

    def _post_clean(self):
        # The model's own check would look at the stored steps; this form checked the new ones.
        self.instance._publication_checked_by_form = True
        try:
            super()._post_clean()
        finally:
            self.instance._publication_checked_by_form = False


def step_needs_decision(skr_step, status):
    """Steps after SKR's step 4 may start only once the decision on implementation is taken."""
    return bool(skr_step and skr_step > 4 and status in (StepStatus.ONGOING, StepStatus.DONE))


def decision_gate_message():
    return _(
        "Steps after SKR step 4 can be marked ongoing or done only when the political "
        "decision on implementation is on record. Mark step 4 done and send the page through "
        "its workflow: the deciding body records the decision in the political decision step."
    )


def publication_error(status, feedback):
    """Why a process in ``status`` with ``feedback`` may not be published, or None."""
    if status == ProcessStatus.CLOSED and not rich_text_has_content(feedback):
        return _(
            "A closed process must tell participants what happened with their input. "
            "Write the feedback before publishing."
        )
    return None


def rich_text_has_content(value):
    return bool(strip_tags(value or "").replace("&nbsp;", "").strip())


class DialogueProcessPage(
    MedborgardialogPageMixin, RoutablePageMixin, ParticipationMixin, PageFeedbackMixin, Page
):
    """One citizen dialogue process ("Medborgardialog")."""

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

    parent_page_types = ["wagtail_medborgardialog.DialogueIndexPage"]
    subpage_types = [
        "wagtail_medborgardialog.CommunityContractPage",
        "wagtail_medborgardialog.ConsultationPage",
    ]
    template = "wagtail_medborgardialog/process/dialogue_process_page.html"

    class Meta:
        verbose_name = _("citizen dialogue")
        verbose_name_plural = _("citizen dialogues")

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
            self.steps = default_steps(self.content_language())

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

    @property
    def last_updated(self):
        return self.last_published_at or self.latest_revision_created_at

    def clean_steps(self, steps):
        """Rules that concern the steps together; the place for further publication gates."""
        errors = []
        for step in steps:
            if step.start_date and step.end_date and step.end_date < step.start_date:
                errors.append(_("Step “%(title)s” ends before it starts.") % {"title": step.title})
        if any(step_needs_decision(s.skr_step, s.status) for s in steps) and not (
            self.pk and decision_on_record(self, IMPLEMENTATION_KINDS)
        ):
            errors.append(decision_gate_message())
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
            contacts=[
                contact.contact_person
                for contact in self.contacts.select_related("contact_person__photo")
            ],
            children=self.get_children().live().public().specific(),
        )
        return context


class ProcessStep(Orderable):
    """One step of a process; the seven SKR steps are pre-filled and editors may change them."""

    page = ParentalKey(DialogueProcessPage, on_delete=models.CASCADE, related_name="steps")
    skr_step = models.PositiveSmallIntegerField(
        _("SKR step"),
        choices=SkrStep.choices,
        null=True,
        blank=True,
        help_text=_("Which step of SKR's model this is; empty for steps you add yourself."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    influenced_by_dialogue = models.BooleanField(
        _("influenced by the dialogue"),
        default=False,
        help_text=_("Participants directly influence this step."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    summary = RichTextField(
        _("summary"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("What happens in this step."),
    )
    outcome = RichTextField(
        _("outcome"),
        blank=True,
        features=["bold", "italic", "link", "ul", "document-link"],
        help_text=_("What came out of this step."),
    )
    documents = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))],
        verbose_name=_("documents"),
        blank=True,
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("skr_step")]),
        FieldPanel("description"),
        FieldRowPanel(
            [FieldPanel("status"), FieldPanel("start_date"), FieldPanel("end_date")],
        ),
        FieldPanel("influenced_by_dialogue"),
        FieldPanel("summary"),
        FieldPanel("outcome"),
        FieldPanel("documents"),
    ]
    api_fields = [
        APIField("skr_step"),
        APIField("title"),
        APIField("description"),
        APIField("influenced_by_dialogue"),
        APIField("status"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("summary"),
        APIField("outcome"),
        APIField("documents"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.title

    @property
    def is_current(self):
        return self.status == StepStatus.ONGOING


class ProcessContact(Orderable):
    """A contact person chosen on a process, in the editor's order."""

    page = ParentalKey(DialogueProcessPage, on_delete=models.CASCADE, related_name="contacts")
    contact_person = models.ForeignKey(
        "wagtail_medborgardialog.ContactPerson",
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("contact_person")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")


DialogueProcessPage.edit_handler = TabbedInterface(
    [
        ObjectList(DialogueProcessPage.content_panels, heading=_("Content")),
        ObjectList(DialogueProcessPage.process_panels, heading=_("Process and steps")),
        ObjectList(DialogueProcessPage.classification_panels, heading=_("Classification")),
        ObjectList(DialogueProcessPage.promote_panels, heading=_("Promote")),
        ObjectList(DialogueProcessPage.settings_panels, heading=_("Settings")),
    ]
)
