"""A site page composed from the plugin's consultations base: its own page with one field of
its own, and its own questions, answers and invited bodies."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from wagtail_medborgardialog.models import (
    AbstractConsultationAnswer,
    AbstractConsultationPage,
    AbstractConsultationQuestion,
    AbstractInvitedStakeholder,
)

__all__ = [
    "SiteConsultationAnswer",
    "SiteConsultationPage",
    "SiteConsultationQuestion",
    "SiteInvitedStakeholder",
]


class SiteConsultationPage(AbstractConsultationPage):
    """The municipality's consultation page: the plugin's, plus a reference number."""

    reference = models.CharField("reference", max_length=50, blank=True)

    content_panels = AbstractConsultationPage.content_panels + [FieldPanel("reference")]


class SiteConsultationQuestion(AbstractConsultationQuestion):
    page = ParentalKey(SiteConsultationPage, on_delete=models.CASCADE, related_name="questions")


class SiteConsultationAnswer(AbstractConsultationAnswer):
    question = models.ForeignKey(
        SiteConsultationQuestion, on_delete=models.CASCADE, related_name="answers"
    )


class SiteInvitedStakeholder(AbstractInvitedStakeholder):
    page = ParentalKey(
        SiteConsultationPage, on_delete=models.CASCADE, related_name="invited_stakeholders"
    )
