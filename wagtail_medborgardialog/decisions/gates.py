"""The gates: which decision a page waits for, which kinds fit, and the check that refuses a
change without one.

Each page type answers for itself with ``needs_political_decision()`` and
``political_decision_kinds()`` (the process and contract bases define them), so a new area adds
its own answers without touching this module.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ..models.decisions import DecisionKind, decision_on_record

DEFAULT_MESSAGE = _(
    "This needs a political decision on record. Send the page through the workflow with the "
    "political decision step first."
)


def require_decision(page, field_name, message=None, kinds=None):
    """Raise ``ValidationError({field_name: message})`` unless a decision about ``page`` (of
    one of ``kinds`` when given) is on record. The process and contract pages' own checks
    call it where a status needs a political decision."""
    if decision_on_record(page, kinds) is None:
        raise ValidationError({field_name: message or DEFAULT_MESSAGE})


def decision_kinds_for(obj):
    """The kinds of decision that make sense for ``obj`` in its workflow, the default first."""
    if isinstance(obj, Page):
        obj = obj.specific
    own = getattr(obj, "political_decision_kinds", None)
    if callable(own):
        return [DecisionKind(kind) for kind in own()]
    return list(DecisionKind)


def decision_needed(obj):
    """Whether the latest version of ``obj`` waits for a political decision.

    A page answers with its ``needs_political_decision()``; a page without one does not wait
    (the decision step of its workflow is skipped); objects that are not pages (snippets with
    a workflow) always wait."""
    if isinstance(obj, Page):
        obj = obj.specific
    own = getattr(obj, "needs_political_decision", None)
    if callable(own):
        return bool(own())
    return not isinstance(obj, Page)
