"""The gates: where a page needs a political decision, which kinds fit, and the check that
refuses a change without one."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ..models.contract import DECISION_REQUIRED_STATUSES, AbstractCommunityContractPage
from ..models.decisions import (
    ADOPTION_KINDS,
    IMPLEMENTATION_KINDS,
    DecisionKind,
    decision_on_record,
)
from ..models.process import AbstractDialogueProcessPage
from ..models.process_steps import SkrStep
from ..processes.status import StepStatus, step_needs_decision


def require_decision(page, field_name, message=None, kinds=None):
    """Raise ``ValidationError({field_name: message})`` unless a decision about ``page`` (of
    one of ``kinds`` when given) is on record. Call it from a model's ``clean()`` where a
    status needs a political decision."""
    if decision_on_record(page, kinds) is None:
        raise ValidationError(
            {
                field_name: message
                or _(
                    "This needs a political decision on record. Send the page through the "
                    "workflow with the political decision step first."
                )
            }
        )


def decision_kinds_for(obj):
    """The kinds of decision that make sense for ``obj`` in its workflow, the default first.

    A page may answer itself with a ``political_decision_kinds()`` method."""

    if isinstance(obj, Page):
        obj = obj.specific
    own = getattr(obj, "political_decision_kinds", None)
    if callable(own):
        return [DecisionKind(kind) for kind in own()]
    if isinstance(obj, AbstractCommunityContractPage):
        adopted = obj.contract_status in DECISION_REQUIRED_STATUSES or decision_on_record(
            obj, ADOPTION_KINDS
        )
        if adopted:
            return [DecisionKind.REVISION, DecisionKind.ADOPTION]
        return [DecisionKind.ADOPTION, DecisionKind.REVISION]
    if isinstance(obj, AbstractDialogueProcessPage):
        return [DecisionKind.IMPLEMENTATION, DecisionKind.ASSIGNMENT]
    return list(DecisionKind)


def decision_needed(obj):
    """Whether the latest version of ``obj`` waits for a political decision.

    A community contract always does (adoption or revision). A dialogue process does once
    SKR step 4 (proposals) is done, or a later step started, and no decision on
    implementation is on record: SKR puts the decision before step 5. Other pages do not,
    so the decision step of their workflow is skipped. A page may answer itself with a
    ``needs_political_decision()`` method; objects that are not pages always wait."""

    if isinstance(obj, Page):
        obj = obj.specific
    own = getattr(obj, "needs_political_decision", None)
    if callable(own):
        return bool(own())
    if not isinstance(obj, Page) or isinstance(obj, AbstractCommunityContractPage):
        return True
    if isinstance(obj, AbstractDialogueProcessPage):
        if decision_on_record(obj, IMPLEMENTATION_KINDS):
            return False
        revision = obj.get_latest_revision()
        latest = revision.as_object() if revision else obj
        return any(
            (step.skr_step == SkrStep.PROPOSALS and step.status == StepStatus.DONE)
            or step_needs_decision(step.skr_step, step.status)
            for step in latest.steps.all()
        )
    return False
