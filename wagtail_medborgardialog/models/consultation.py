"""Consultations (samråd, perspektivinsamling, remiss): questions, invited bodies and answers.

A response is a :class:`~.contributions.Contribution` (so it is confirmed, moderated, sanitised
and audited like any other input) with one :class:`ConsultationAnswer` row per answered
question, and one row per selected option for multiple choice, so counting stays a plain
``GROUP BY`` on every database.
"""

from django.core.exceptions import ValidationError
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
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .. import stats
from .base import MedborgardialogPageMixin
from .contributions import ParticipationMixin
from .feedback import PageFeedbackMixin
from .taxonomy import ParticipationLevel


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale 1–5")


SCALE_MIN, SCALE_MAX = 1, 5


class ConsultationPage(
    MedborgardialogPageMixin, RoutablePageMixin, ParticipationMixin, PageFeedbackMixin, Page
):
    """A consultation ("Samråd" / "Perspektivinsamling") with its own questions."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What the consultation is about and whom it is for."),
    )
    background_documents = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))],
        verbose_name=_("background documents"),
        blank=True,
    )
    participation_level = models.CharField(
        _("participation level"),
        max_length=20,
        choices=ParticipationLevel.choices,
        default=ParticipationLevel.CONSULTATION,
        blank=True,
    )
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Kommunstyrelsen, Tekniska nämnden."),
    )
    hide_results_until_closed = models.BooleanField(
        _("hide answers until the consultation closes"),
        default=True,
        help_text=_("While open, only the number of responses is shown."),
    )
    feedback = RichTextField(
        _("feedback to participants"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ul", "ol", "document-link"],
        help_text=_("What happened with the responses (återkoppling), after the close."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("background_documents"),
        FieldRowPanel([FieldPanel("participation_level"), FieldPanel("deciding_body")]),
        FieldPanel("feedback"),
    ]
    question_panels = [
        InlinePanel("questions", label=_("Question"), heading=_("Questions"), min_num=1),
    ]
    consultation_panels = [
        InlinePanel(
            "invited_stakeholders",
            label=_("Invited body"),
            heading=_("Invited bodies (remissinstanser)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
                FieldPanel("moderation_mode"),
                FieldPanel("hide_results_until_closed"),
            ],
            heading=_("Responses"),
        ),
    ]
    settings_panels = Page.settings_panels

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        *ParticipationMixin.participation_search_fields,
    ]
    api_fields = [
        APIField("intro"),
        APIField("participation_level"),
        APIField("deciding_body"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("feedback"),
        APIField("questions"),
    ]

    subpage_types = []
    template = "wagtail_medborgardialog/consultation/consultation_page.html"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        permissions = [
            ("export_personal_data", _("Can export responders' e-mail addresses")),
        ]

    # --- state -------------------------------------------------------------------------
    def is_closed(self, now=None):
        return bool(self.closes_at and (now or timezone.now()) >= self.closes_at)

    def results_public(self, now=None):
        return self.is_closed(now) or not self.hide_results_until_closed

    def published_contribution_count(self):
        # From the derived tallies: counting every response grew with them (models/tallies.py).
        return stats.published_response_count(self)

    def public_contribution_count(self):
        return 0 if self.hides_contributions() else self.published_contribution_count()

    def hides_contributions(self, now=None):
        # Answers stay hidden on every public channel, not only on the results page.
        return not self.results_public(now)

    @classmethod
    def pages_hiding_contributions(cls, now=None):
        now = now or timezone.now()
        return cls.objects.filter(hide_results_until_closed=True).exclude(closes_at__lte=now)

    @property
    def participation_explanation(self):
        return ParticipationLevel.explanation(self.participation_level)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The consultation closes before it opens.")})

    # --- rendering ---------------------------------------------------------------------
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_consultation_context(request))
        return context

    def get_consultation_context(self, request, form=None):
        from ..forms import ConsultationResponseForm

        now = timezone.now()
        is_open = self.accepts_contributions(now)
        if form is None and is_open:
            form = ConsultationResponseForm.for_page(self)
        return {
            "questions": list(self.questions.all()),
            "consultation_open": is_open,
            "consultation_closed": self.is_closed(now),
            "consultation_form": form,
            "response_count": self.published_contribution_count(),
            "results_public": self.results_public(now),
        }

    # --- routes ------------------------------------------------------------------------
    @path("svar/", name="consultation_submit")
    def consultation_submit(self, request):
        from ..consultation_views import submit_response

        return submit_response(self, request)

    @path("synpunkter/", name="contribution_submit")
    def contribution_submit(self, request):
        # A consultation takes responses to its questions only, never a bare contribution.
        return self.consultation_submit(request)

    @path("resultat/", name="consultation_results")
    def consultation_results(self, request):
        from ..consultation_views import results

        return results(self, request)

    def get_cached_paths(self):
        # A front-end cache keeps the results page too: purge it with the page on publish
        # and on every moderation that changes what the public sees.
        return [*super().get_cached_paths(), "resultat/"]


ConsultationPage.edit_handler = TabbedInterface(
    [
        ObjectList(ConsultationPage.content_panels, heading=_("Content")),
        ObjectList(ConsultationPage.question_panels, heading=_("Questions")),
        ObjectList(ConsultationPage.consultation_panels, heading=_("Consultation")),
        ObjectList(ConsultationPage.promote_panels, heading=_("Promote")),
        ObjectList(ConsultationPage.settings_panels, heading=_("Settings")),
    ]
)


class ConsultationQuestion(Orderable):
    """One question of a consultation, in the editor's order."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices = models.TextField(
        _("options"),
        blank=True,
        help_text=_("For single and multiple choice: one option per line."),
    )
    required = models.BooleanField(_("required"), default=False)
    scale_min_label = models.CharField(
        _("label for 1"), max_length=100, blank=True, help_text=_("E.g. Do not agree at all.")
    )
    scale_max_label = models.CharField(
        _("label for 5"), max_length=100, blank=True, help_text=_("E.g. Fully agree.")
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("choices"),
        FieldRowPanel([FieldPanel("scale_min_label"), FieldPanel("scale_max_label")]),
    ]
    api_fields = [
        APIField("text"),
        APIField("help_text"),
        APIField("kind"),
        APIField("option_list"),
        APIField("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    @property
    def option_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def has_options(self):
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    @property
    def field_name(self):
        return f"q{self.pk}"

    def clean(self):
        super().clean()
        if self.has_options and len(self.option_list) < 2:
            raise ValidationError({"choices": _("Give at least two options, one per line.")})


class ConsultationAnswer(models.Model):
    """One answer of a response: a text, one chosen option, or a scale value.

    A multiple-choice answer is stored as one row per chosen option.
    """

    contribution = models.ForeignKey(
        "wagtail_medborgardialog.Contribution",
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        ConsultationQuestion,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    text = models.TextField(_("text"), blank=True)
    choice = models.CharField(_("option"), max_length=255, blank=True)
    scale = models.PositiveSmallIntegerField(_("scale value"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self):
        return self.text or self.choice or str(self.scale or "")

    @property
    def value(self):
        if self.scale is not None:
            return self.scale
        return self.choice or self.text


class InvitedStakeholder(Orderable):
    """A body invited to respond to a consultation (remissinstans)."""

    page = ParentalKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="invited_stakeholders"
    )
    stakeholder = models.ForeignKey(
        "wagtail_medborgardialog.Stakeholder",
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="consultation_invitations",
    )
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True, editable=False)

    panels = [FieldPanel("stakeholder")]

    class Meta(Orderable.Meta):
        verbose_name = _("invited body")
        verbose_name_plural = _("invited bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "stakeholder"], name="mbd_invited_stakeholder_unique"
            )
        ]

    def __str__(self):
        return str(self.stakeholder)
