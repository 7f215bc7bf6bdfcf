"""Political decisions on record, and the workflow task that records them.

A ``PoliticalDecisionTask`` is a group approval task whose "approve" action asks for the
decision (its kind, what was decided, deciding body, date, case number, minutes paragraph).
Approving stores a :class:`Decision` linked to the page and the approved revision.

Gates ask for a decision of the right kind with :func:`decision_on_record`
(``kinds=IMPLEMENTATION_KINDS`` for SKR steps 5-7 of a process) or raise with
:func:`decisions.gates.require_decision`. In a workflow the task is only needed where a page
asks for a decision (:func:`decisions.gates.decision_needed`); elsewhere it is skipped and the
workflow goes on. The forms of the task live in :mod:`decisions.forms`.
"""

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState

from .._moved import forwarder
from ..signals import decision_recorded
from .four_eyes import FourEyesMixin


class DecisionKind(models.TextChoices):
    """What a decision does, in the words of a municipality's minutes."""

    ASSIGNMENT = "assignment", _("Assignment")
    IMPLEMENTATION = "implementation", _("Decision on implementation")
    ADOPTION = "adoption", _("Adoption")
    REVISION = "revision", _("Revision")
    REFERRAL = "referral", _("Referral for consultation")
    RESPONSE = "response", _("Response")
    # An e-proposal that reached its threshold, handed to the council or a committee.
    PROPOSAL_REFERRAL = "proposal_referral", _("Referral of a citizens' proposal")


# SKR steps 5-7 of a process may start only on a decision on implementation.
IMPLEMENTATION_KINDS = (DecisionKind.IMPLEMENTATION,)
# A community contract is adopted by an adoption, or a revision of an adopted contract.
ADOPTION_KINDS = (DecisionKind.ADOPTION, DecisionKind.REVISION)


class DecisionQuerySet(models.QuerySet):
    def for_page(self, page):
        """Decisions about ``page`` or any of its translations, newest first: a decision is
        about the matter, which every language version of the page presents."""
        key = getattr(page, "translation_key", None)
        about = models.Q(page_id=page.pk)
        if key is not None:
            about |= models.Q(page__translation_key=key)
        return self.filter(about).order_by("-decision_date", "-created_at", "-pk")


class Decision(models.Model):
    """A decision by a deciding body (e.g. Kommunstyrelsen) about a page."""

    # SET_NULL: a decision is a public record and outlives the page it was about.
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="medborgardialog_decisions",
    )
    page_title = models.CharField(
        _("page title"),
        max_length=255,
        blank=True,
        help_text=_("The page's title when the decision was recorded."),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task_state = models.OneToOneField(
        "wagtail_medborgardialog.DecisionTaskState",
        verbose_name=_("workflow task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision",
    )
    kind = models.CharField(_("kind of decision"), max_length=32, choices=DecisionKind.choices)
    decided_text = models.TextField(
        _("what was decided"),
        help_text=_("The decision in the words of the minutes, e.g. the adopted proposal."),
    )
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=255,
        help_text=_("For example Kommunstyrelsen or a committee (nämnd)."),
    )
    decision_date = models.DateField(_("decision date"))
    case_number = models.CharField(
        _("case number"), max_length=64, help_text=_("The diarienummer, e.g. KS 2026/123.")
    )
    minutes_paragraph = models.CharField(
        _("minutes paragraph"), max_length=32, help_text=_("The paragraph (§) in the minutes.")
    )
    minutes_url = models.URLField(_("link to the minutes"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decision_date", "-created_at", "-pk"]

    def __str__(self):
        return self.summary

    @property
    def paragraph_display(self):
        paragraph = self.minutes_paragraph.strip()
        return paragraph if paragraph.startswith("§") else f"§ {paragraph}"

    @property
    def summary(self):
        """One line for pages and history, e.g. "Beslutat av Kommunstyrelsen 2026-03-04, § 45,
        dnr KS 2026/123"."""
        return gettext("Decided by %(body)s %(date)s, %(paragraph)s, case no. %(case)s") % {
            "body": self.deciding_body,
            "date": self.decision_date.isoformat(),
            "paragraph": self.paragraph_display,
            "case": self.case_number,
        }

    def get_page_title(self):
        return self.page.title if self.page_id else self.page_title

    get_page_title.short_description = _("page")


def decision_on_record(page, kinds=None):
    """Return the latest decision about ``page`` (of one of ``kinds`` when given), or
    ``None`` when none is on record."""
    if page is None or page.pk is None:
        return None
    decisions = Decision.objects.for_page(page)
    if kinds:
        decisions = decisions.filter(kind__in=kinds)
    return decisions.first()


def decision_history(page):
    """Every decision about ``page``, newest first."""
    if page is None or page.pk is None:
        return Decision.objects.none()
    return Decision.objects.for_page(page)


class DecisionTaskState(TaskState):
    """The state of a political decision task; its decision is ``self.decision``."""

    class Meta:
        verbose_name = _("political decision task state")
        verbose_name_plural = _("political decision task states")

    def get_comment(self):
        decision = Decision.objects.filter(task_state=self).first()
        if decision is None:
            return self.comment
        return f"{decision.summary}. {self.comment}".strip() if self.comment else decision.summary


class PoliticalDecisionTask(FourEyesMixin, AbstractGroupApprovalTask):
    """Approval by a deciding body, recording its decision (body, date, case number, §)."""

    task_state_class = DecisionTaskState

    class Meta:
        verbose_name = _("Political decision task")
        verbose_name_plural = _("Political decision tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups record the political decision (kind, what was "
            "decided, deciding body, date, case number, minutes paragraph) when they approve. "
            "Skipped for versions that need no decision"
        )

    def start(self, workflow_state, user=None):
        from ..decisions.gates import decision_needed  # decisions.gates imports this module

        obj = workflow_state.content_object
        if decision_needed(obj):
            return super().start(workflow_state, user=user)
        # Nothing to decide for this version: the step is passed without bothering the
        # deciding body, and the workflow goes on (Wagtail moves past a finished task).
        task_state = self.get_task_state_class()(
            workflow_state=workflow_state,
            task=self,
            revision=obj.get_latest_revision(),
            status=TaskState.STATUS_SKIPPED,
            finished_at=timezone.now(),
            comment=gettext("No political decision is needed for this version."),
        )
        task_state.save()
        return task_state

    def approve_label(self, obj):
        """One clear label: the decision publishes the page when it is the last step."""
        state = getattr(obj, "current_workflow_state", None)
        if state is not None and state.is_at_final_task:
            return _("Record decision and publish")
        return _("Record decision and approve")

    def get_actions(self, obj, user):
        allowed = [name for name, _label, _modal in super().get_actions(obj, user)]
        if not allowed:
            return []
        # Approving always goes through the modal: there is no decision without its details.
        actions = [("reject", _("Request changes"), True)]
        if "approve" in allowed:  # not for the submitter under four eyes
            actions.append(("approve", self.approve_label(obj), True))
        return actions

    def get_form_for_action(self, action):
        from ..decisions.forms import DecisionForm, RejectionForm  # they import this module

        if action == "approve":
            return DecisionForm
        if action == "reject":
            return RejectionForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "wagtail_medborgardialog/admin/decision_action_modal.html"
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from ..decisions.forms import DecisionForm, RejectionForm  # they import this module
        from ..decisions.gates import decision_kinds_for  # decisions.gates imports this module

        if action_name == "reject":
            form = RejectionForm(data=kwargs)
            if not form.is_valid():
                raise BadRequest("A rejection needs a comment.")
            task_state.reject(user=user, comment=form.cleaned_data["comment"])
            return None
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        if self.approval_barred(task_state.workflow_state.content_object, user):
            raise PermissionDenied("Four eyes: the submitter may not approve.")
        # Re-bind: the editor's action menu passes the data as JSON strings, the modal as
        # cleaned Python values; both validate the same way here.
        form = DecisionForm(data=kwargs)
        if not form.is_valid():
            raise BadRequest("The decision is incomplete.")
        data = form.cleaned_data
        state = task_state.specific
        obj = state.workflow_state.content_object
        if data["kind"] not in decision_kinds_for(obj):
            raise BadRequest("This kind of decision does not apply to this page.")
        # The task also works for snippets with workflows; only pages are linked.
        decision = Decision.objects.create(
            page_id=obj.pk if isinstance(obj, Page) else None,
            page_title=str(getattr(obj, "title", obj))[:255],
            revision=state.revision,
            task_state=state,
            kind=data["kind"],
            decided_text=data["decided_text"],
            deciding_body=data["deciding_body"],
            decision_date=data["decision_date"],
            case_number=data["case_number"],
            minutes_paragraph=data["minutes_paragraph"],
            minutes_url=data["minutes_url"],
            decided_by=user,
        )
        decision_recorded.send(sender=Decision, decision=decision, task_state=state, user=user)
        state.approve(user=user, comment=data.get("comment", ""))
        return None


# Names that moved in 0.2, still found here for one release (CHANGELOG.md).
__getattr__ = forwarder(
    "models.decisions",
    "decisions.gates",
    "decisions.forms",
    names={
        "DecisionForm",
        "RejectionForm",
        "decision_kinds_for",
        "decision_needed",
        "require_decision",
    },
)
