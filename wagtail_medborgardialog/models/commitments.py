"""Commitments (åtaganden) of a community contract, their goals, follow-up and citations."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable

from ..sdg import GOALS_BY_NUMBER, goal_choices
from .contract import FOLLOW_UP_STATUSES, PAGE_MODEL, CommitmentStatus, GoalLinksMixin
from .contributions import Contribution


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
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="contract_commitments",
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

    @staticmethod
    def log_label(pk):
        """The audit log's label: no commitment text, which another site's history would show."""
        return f"#{pk}"

    def __str__(self):
        return f"{self.date}: {self.commitment}"

    def clean(self):
        super().clean()
        errors = {}
        if self.new_status == CommitmentStatus.DONE and self.new_progress not in (None, 100):
            errors["new_progress"] = _("A commitment that is done has progress 100.")
        if self.commitment_id:
            # The row keys the base page; the contract's status lives on its specific page.
            page = self.commitment.page.specific
            if getattr(page, "contract_status", None) not in FOLLOW_UP_STATUSES:
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

    @staticmethod
    def log_label(pk):
        """The audit log's label: no commitment text, which another site's history would show."""
        return f"#{pk}"

    def __str__(self):
        return f"{self.commitment} ← #{self.contribution_id}"

    def clean(self):
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
