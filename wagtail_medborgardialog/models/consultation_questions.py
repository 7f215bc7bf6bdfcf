"""A consultation's questions, answers and invited bodies: abstract child models with the
plugin's concrete ones beside them (as Wagtail's ``AbstractFormField``), so a site's own
consultation page declares its own."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.models import Orderable

from .consultation import QuestionKind


class AbstractConsultationQuestion(Orderable):
    """One question of a consultation, in the editor's order.

    A concrete one adds ``page = ParentalKey(<its page>, related_name="questions")``.
    """

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
        abstract = True
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


class AbstractConsultationAnswer(models.Model):
    """One answer of a response: a text, one chosen option, or a scale value.

    A multiple-choice answer is stored as one row per chosen option. A concrete one adds
    ``question = ForeignKey(<its question>, related_name="answers")``.
    """

    contribution = models.ForeignKey(
        "wagtail_medborgardialog.Contribution",
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_set",
    )
    text = models.TextField(_("text"), blank=True)
    choice = models.CharField(_("option"), max_length=255, blank=True)
    scale = models.PositiveSmallIntegerField(_("scale value"), null=True, blank=True)

    class Meta:
        abstract = True
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return self.text or self.choice or str(self.scale or "")

    @property
    def value(self):
        if self.scale is not None:
            return self.scale
        return self.choice or self.text


class AbstractInvitedStakeholder(Orderable):
    """A body invited to respond to a consultation (remissinstans).

    A concrete one adds ``page = ParentalKey(<its page>, related_name="invited_stakeholders")``
    and a unique constraint on page and stakeholder.
    """

    stakeholder = models.ForeignKey(
        "wagtail_medborgardialog.Stakeholder",
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_set",
    )
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True, editable=False)

    panels = [FieldPanel("stakeholder")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("invited body")
        verbose_name_plural = _("invited bodies")

    def __str__(self):
        return str(self.stakeholder)


class ConsultationQuestion(AbstractConsultationQuestion):
    page = ParentalKey(
        "wagtail_medborgardialog.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="questions",
    )

    class Meta(AbstractConsultationQuestion.Meta):
        abstract = False


class ConsultationAnswer(AbstractConsultationAnswer):
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

    class Meta(AbstractConsultationAnswer.Meta):
        abstract = False
        indexes = [models.Index(fields=["question", "choice"])]


class InvitedStakeholder(AbstractInvitedStakeholder):
    page = ParentalKey(
        "wagtail_medborgardialog.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="invited_stakeholders",
    )
    stakeholder = models.ForeignKey(
        "wagtail_medborgardialog.Stakeholder",
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="consultation_invitations",
    )

    class Meta(AbstractInvitedStakeholder.Meta):
        abstract = False
        constraints = [
            models.UniqueConstraint(
                fields=["page", "stakeholder"], name="mbd_invited_stakeholder_unique"
            )
        ]
