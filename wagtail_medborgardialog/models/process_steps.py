"""The steps of a dialogue process (SKR's seven, pre-filled) and its contact persons.

Abstract child models with the plugin's concrete ones beside them, as in Wagtail's
``AbstractFormField``: a site's own process page declares its own concrete steps and contacts.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable

from ..processes.status import StepStatus


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


def default_steps(language=None, model=None):
    """New, unsaved step objects (``model``, default ProcessStep) for SKR's seven steps, in
    order, in ``language`` (the active language when None)."""
    model = model or ProcessStep
    if language:
        with translation.override(language):
            return default_steps(model=model)
    return [
        model(
            skr_step=step.value,
            title=str(step.label),
            description=str(description),
            influenced_by_dialogue=influenced,
            status=StepStatus.NOT_STARTED,
            sort_order=position,
        )
        for position, (step, description, influenced) in enumerate(DEFAULT_STEPS)
    ]


class AbstractProcessStep(Orderable):
    """One step of a process; the seven SKR steps are pre-filled and editors may change them.

    A concrete step adds ``page = ParentalKey(<its page>, related_name="steps")``.
    """

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
        abstract = True
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.title

    @property
    def is_current(self):
        return self.status == StepStatus.ONGOING


class AbstractProcessContact(Orderable):
    """A contact person chosen on a process, in the editor's order.

    A concrete one adds ``page = ParentalKey(<its page>, related_name="contacts")``; the
    person's own reverse relation is left out (``+``), so several page types may have one.
    """

    contact_person = models.ForeignKey(
        "wagtail_medborgardialog.ContactPerson",
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("contact_person")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")


class ProcessStep(AbstractProcessStep):
    page = ParentalKey(
        "wagtail_medborgardialog.DialogueProcessPage",
        on_delete=models.CASCADE,
        related_name="steps",
    )

    class Meta(AbstractProcessStep.Meta):
        abstract = False


class ProcessContact(AbstractProcessContact):
    page = ParentalKey(
        "wagtail_medborgardialog.DialogueProcessPage",
        on_delete=models.CASCADE,
        related_name="contacts",
    )

    class Meta(AbstractProcessContact.Meta):
        abstract = False
